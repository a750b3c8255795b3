package org.glossa.train;

import java.util.function.Consumer;
import org.glossa.data.Batch;
import org.glossa.eval.ProcessMemory;
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
    long total = ProcessMemory.totalMb();
    this.limitMb = explicit ? maxMemoryMb : total > 0 ? total * 9 / 10 : Long.MAX_VALUE;
  }

  /**
   * Gives {@code gradientPass} a worst-case batch of zeros ({@code batchSize} x {@code frames} x {@code dim}, with a
   * teacher view of {@code teacherViewDim} columns when that is positive) to run one forward and backward pass on
   * (no optimizer update, statistics and gradients left as they were), then checks the peak memory.
   */
  void probe(Consumer<Batch> gradientPass, int dim, int batchSize, int frames, int teacherViewDim) {
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
    gradientPass.accept(batch);
    double peak = ProcessMemory.peakMb();
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
    double resident = ProcessMemory.residentMb();
    if (resident > limitMb) {
      throw new IllegalStateException(String.format("resident memory %.0f MB exceeds the limit of %d MB at step %d; "
          + "lower --batch_size or --max_seq_length, add --grad_checkpointing, or raise --max_memory "
          + "(training resumes from last.ckpt with --resume)", resident, limitMb, step));
    }
  }
}
