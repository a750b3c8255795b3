package org.glossa.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.data.Batch;
import org.glossa.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps training within a memory budget. Before the first step it runs a forward and backward pass on the
 * largest batch the run can meet (batch size × longest sequence) and fails at once, with what to change, if the
 * process's peak resident memory already exceeds the budget; after every step it checks the resident memory
 * again. The budget is {@code --max_memory} MB, or 90% of the machine's RAM when that is 0.
 */
public final class MemoryGuard {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);

  private final long limitMb;
  private final boolean explicit;

  MemoryGuard(int maxMemoryMb) {
    this.explicit = maxMemoryMb > 0;
    long total = totalMemoryMb();
    this.limitMb = explicit ? maxMemoryMb : total > 0 ? total * 9 / 10 : Long.MAX_VALUE;
  }

  /** Runs one gradient pass on a worst-case batch (no optimizer update) and checks the peak memory. */
  void probe(Trainer trainer, TrainedModel model, int batchSize, int frames, int teacherViewDim) {
    int dim = model.config().inputDim();
    String[] ids = new String[batchSize];
    int[] lengths = new int[batchSize];
    int[][] labels = new int[batchSize][];
    for (int b = 0; b < batchSize; b++) {
      ids[b] = "memory-probe-" + b;
      lengths[b] = frames;
      labels[b] = new int[] {1};
    }
    Batch teacherView = teacherViewDim <= 0 ? null
        : new Batch(ids, new float[batchSize * frames * teacherViewDim], lengths, labels, frames, teacherViewDim);
    Batch batch = new Batch(ids, new float[batchSize * frames * dim], lengths, labels, frames, dim, teacherView);
    try (NDManager step = model.manager().newSubManager()) {
      try {
        // Inference-mode normalisation, so the probe leaves BatchNorm statistics untouched.
        trainer.accumulateGradients(model, List.of(batch), false, step);
      } finally {
        Trainer.zeroGradients(model.trainableParameters(), step);
      }
    }
    double peak = Trainer.peakMemoryMb();
    LOG.info("memory probe: batch {} x {} frames -> peak RSS {} MB (limit {} MB{})", batchSize, frames,
        Math.round(peak), limitMb, explicit ? "" : ", 90% of RAM; set with --max_memory");
    if (peak > limitMb) {
      throw new IllegalArgumentException(String.format("a batch of %d x %d frames needs %.0f MB of memory, more than "
              + "the limit of %d MB; lower --batch_size (use --grad_accum to keep the effective batch), set "
              + "--max_seq_length, add --grad_checkpointing, or raise --max_memory", batchSize, frames, peak,
          limitMb));
    }
  }

  /** Fails when the resident memory has grown past the limit. */
  void check(long step) {
    double resident = residentMemoryMb();
    if (resident > limitMb) {
      throw new IllegalStateException(String.format("resident memory %.0f MB exceeds the limit of %d MB at step %d; "
          + "lower --batch_size or --max_seq_length, add --grad_checkpointing, or raise --max_memory "
          + "(training resumes from last.ckpt with --resume)", resident, limitMb, step));
    }
  }

  /** Resident memory of this process in MB (NaN where /proc is unavailable). */
  public static double residentMemoryMb() {
    return statusField("/proc/self/status", "VmRSS:");
  }

  static long totalMemoryMb() {
    double total = statusField("/proc/meminfo", "MemTotal:");
    return Double.isNaN(total) ? 0 : (long) total;
  }

  /** A "Name: value kB" field of a /proc file in MB, NaN where unavailable. */
  static double statusField(String file, String name) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
