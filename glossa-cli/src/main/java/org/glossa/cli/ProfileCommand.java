package org.glossa.cli;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.glossa.data.Batch;
import org.glossa.eval.ProcessMemory;
import org.glossa.network.TrainedModel;
import org.glossa.train.StepClock;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glossa profile}: parameter count, fp32 size, training-step time and peak memory of a preset on
 * random data, to check that a configuration fits before a long run.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Parameters, fp32 size, training-step time and peak memory of a preset (random data).")
public final class ProfileCommand implements Callable<Integer> {

  @Option(names = "--kind", defaultValue = "student", description = "student or teacher (default: ${DEFAULT-VALUE}).")
  String kind;
  @Option(names = "--preset", defaultValue = "seed-student", description = "Preset (default: ${DEFAULT-VALUE}).")
  String preset;
  @Option(names = {"--batch-size", "--batch_size"}, defaultValue = "4", description = "Batch size.")
  int batchSize;
  @Option(names = "--frames", defaultValue = "256", description = "Frames per sequence.")
  int frames;
  @Option(names = {"--input-dim", "--input_dim"}, defaultValue = "512", description = "Feature columns.")
  int inputDim;
  @Option(names = "--classes", defaultValue = "1232", description = "Output classes (glosses + blank).")
  int classes;
  @Option(names = {"--grad-checkpointing", "--grad_checkpointing"},
      description = "Recompute activations in the backward pass (as train --grad_checkpointing).")
  boolean gradCheckpointing;
  @Option(names = "--steps", defaultValue = "5", description = "Timed steps after one warm-up step.")
  int steps;
  @Option(names = "--breakdown",
      description = "Also print where a step's time goes: milliseconds and share per part (forward by segment, "
          + "CTC, backward, gradient norm, AdamW).")
  boolean breakdown;

  @Override
  public Integer call() {
    Random random = new Random(1);
    try (TrainedModel model = TrainedModel.untrained(kind, preset, inputDim, classes, 1)) {
      float[] features = new float[batchSize * frames * inputDim];
      for (int i = 0; i < features.length; i++) {
        features[i] = (float) random.nextGaussian();
      }
      int[] lengths = new int[batchSize];
      int[][] labels = new int[batchSize][];
      String[] ids = new String[batchSize];
      for (int b = 0; b < batchSize; b++) {
        lengths[b] = frames;
        ids[b] = "random" + b;
        labels[b] = random.ints(frames / 16, 1, classes).toArray();
      }
      Batch batch = new Batch(ids, features, lengths, labels, frames, inputDim);
      Trainer trainer = new Trainer(TrainConfig.student(java.nio.file.Path.of("."), java.nio.file.Path.of("."))
          .withOptimization(1, gradCheckpointing, org.glossa.train.Precision.FP32));
      StepClock clock = new StepClock();
      if (breakdown) {
        trainer.timeWith(clock);
      }
      double before = ProcessMemory.peakMb();
      trainer.profileStep(model, batch);
      clock.reset();
      long start = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        trainer.profileStep(model, batch);
      }
      double stepMs = (System.nanoTime() - start) / 1e6 / steps;
      System.out.printf("%s %s: parameters=%d fp32=%.2f MiB batch=%d frames=%d step=%.0f ms "
              + "peak_rss=%.0f MB (%.0f MB before the first step) grad_checkpointing=%s%n", kind, preset, model.parameterCount(),
          model.sizeMiB(), batchSize, frames, stepMs, ProcessMemory.peakMb(), before, gradCheckpointing);
      if (breakdown) {
        Map<String, Double> parts = clock.millisecondsPerStep(steps);
        double timed = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("%-30s %9s %7s%n", "part", "ms/step", "share");
        parts.forEach((part, ms) -> System.out.printf("%-30s %9.1f %6.1f%%%n", part, ms, 100 * ms / stepMs));
        System.out.printf("%-30s %9.1f %6.1f%%%n", "(between parts)", stepMs - timed, 100 * (stepMs - timed) / stepMs);
      }
    }
    return 0;
  }
}
