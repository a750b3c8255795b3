package org.glossa.train;

import java.nio.file.Path;
import org.glossa.data.Augmentation;
import org.glossa.data.FaceSubset;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;

/** A tiny student trained for two epochs on a small synthetic corpus: what the server tests serve. */
public final class TinyModel {

  private TinyModel() {
  }

  /** Trains into {@code dir} and returns the best checkpoint. */
  public static Path train(Path dir) {
    Path data = dir.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(3L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    return new Trainer(TrainConfig.student(data, dir.resolve("run")).toBuilder().preset("tiny").epochs(2).lr(3e-3f)
        .dropout(0.1f).pcaDim(24).warmupSteps(5).patience(0).workers(0).seed(7).augmentation(Augmentation.NONE)
        .maxBatches(4).build()).run().bestCheckpoint();
  }
}
