package org.glossa.serve;

import java.nio.file.Path;
import org.glossa.data.Augmentation;
import org.glossa.data.FaceSubset;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.train.Precision;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;

/** A tiny student trained for two epochs on a small synthetic corpus: what the server tests serve. */
public final class TinyModel {

  private TinyModel() {
  }

  /** Trains into {@code dir} and returns the best checkpoint. */
  public static Path train(Path dir) {
    Path data = dir.resolve("data");
    new SyntheticCorpus(new SynthConfig(16, 24, 6, 6, 4, 1, 2, 4, Difficulty.EASY, FaceSubset.COMPACT, 25f, 3L,
        false)).write(data, false);
    return new Trainer(new TrainConfig("student", "tiny", data, dir.resolve("run"), "best_model", 2, 4, 3e-3f, 0.1f,
        true, 24, 0, 0.01f, 5f, 5, 1, 0, 0, 7, Augmentation.NONE, false, 4, false, 0, 1, false, Precision.FP32, 0))
        .run().bestCheckpoint();
  }
}
