package org.glossa.train;

import java.nio.file.Path;
import org.glossa.data.Augmentation;

/**
 * Settings of a training run. {@link #student} and {@link #teacher} give the original pipeline's defaults.
 *
 * @param kind          "student" or "teacher"
 * @param checkpointName name of the best checkpoint: best_model (student) or best_i3d (teacher)
 * @param pcaDim        PCA components when {@code removePca} is false
 * @param warmupSteps   optimizer steps of linear learning-rate warm-up
 * @param valEvery      validate on dev every this many epochs (and after the last)
 * @param patience      stop after this many validations without a better dev WER (0 = never)
 * @param maxBatches    stop each epoch after this many batches (0 = all; for smoke tests)
 * @param stopAfterEpoch end the run after this epoch as if interrupted (0 = never; for resume tests)
 */
public record TrainConfig(String kind, String preset, Path dataDir, Path outputDir, String checkpointName, int epochs,
    int batchSize, float lr, float dropout, boolean removePca, int pcaDim, int maxSeqLength, float weightDecay,
    float clipNorm, int warmupSteps, int valEvery, int patience, int workers, long seed, Augmentation augmentation,
    boolean skipBad, int maxBatches, boolean resume, int stopAfterEpoch) {

  public TrainConfig {
    if (epochs < 1 || batchSize < 1 || !(lr > 0) || valEvery < 1 || patience < 0 || workers < 0 || maxBatches < 0) {
      throw new IllegalArgumentException("need epochs, batch_size, val_every >= 1, lr > 0, patience, workers, "
          + "max_batches >= 0");
    }
    if (!removePca && pcaDim < 1) {
      throw new IllegalArgumentException("--pca_dim must be >= 1, got " + pcaDim);
    }
    if (clipNorm < 0 || weightDecay < 0 || warmupSteps < 0) {
      throw new IllegalArgumentException("clip norm, weight decay and warm-up must be >= 0");
    }
  }

  /** The original pipeline's student defaults: 100 epochs, batch 4, lr 1e-4, dropout 0.6, PCA removed. */
  public static TrainConfig student(Path dataDir, Path outputDir) {
    return new TrainConfig("student", "small", dataDir, outputDir, "best_model", 100, 4, 1e-4f, 0.6f, true, 512, 0,
        1e-2f, 5f, 200, 1, 10, 1, 42, Augmentation.DEFAULT, false, 0, false, 0);
  }

  /** The original pipeline's teacher defaults: 50 epochs, batch 2, lr 5e-5, dropout 0.3, max length 256. */
  public static TrainConfig teacher(Path dataDir, Path outputDir) {
    return new TrainConfig("teacher", "small", dataDir, outputDir, "best_i3d", 50, 2, 5e-5f, 0.3f, false, 512, 256,
        1e-2f, 5f, 200, 1, 10, 1, 42, Augmentation.DEFAULT, false, 0, false, 0);
  }
}
