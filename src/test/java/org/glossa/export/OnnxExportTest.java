package org.glossa.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.data.Augmentation;
import org.glossa.data.Batch;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.Dataset;
import org.glossa.data.FaceSubset;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelConfig;
import org.glossa.model.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.Precision;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported graphs run in ONNX Runtime and match the training engine on real samples. */
class OnnxExportTest {

  @TempDir
  static Path temp;
  static Path data;
  static List<Sample> dev;

  @BeforeAll
  static void makeData() {
    data = temp.resolve("data");
    new SyntheticCorpus(new SynthConfig(16, 24, 8, 6, 4, 1, 2, 5, Difficulty.EASY, FaceSubset.COMPACT, 25f, 4L,
        false)).write(data, false);
    dev = Dataset.open(data).load("dev", false).samples();
  }

  /** A briefly trained tiny model, so BatchNorm statistics and weights are not at their initial values. */
  static Path checkpoint(String kind, boolean removePca) {
    Path out = temp.resolve(kind + removePca);
    if (Files.exists(out.resolve("last.ckpt"))) {
      return out.resolve("last.ckpt");
    }
    TrainConfig d = kind.equals("student") ? TrainConfig.student(data, out) : TrainConfig.teacher(data, out);
    new Trainer(new TrainConfig(kind, "tiny", data, out, d.checkpointName(), 1, 4, 3e-3f, 0.1f, removePca, 24, 0,
        0.01f, 5f, 5, 1, 0, 0, 3, Augmentation.NONE, false, 4, false, 0, 1, false, Precision.FP32, 0)).run();
    return out.resolve("last.ckpt");
  }

  private static Batch batch(FrameModel model) {
    Batcher batcher = new Batcher(dev, model.pipeline(), model.vocabulary(), BatchConfig.evaluation(8, 0,
        ModelConfig.TIME_STRIDE), Augmentation.NONE);
    Batch batch = batcher.build(batcher.plan(0).get(0), 0, 0);
    int shortest = java.util.Arrays.stream(batch.lengths()).min().orElseThrow();
    assertTrue(batch.size() > 1 && shortest < batch.maxFrames(), "a padded batch of several sequences");
    return batch;
  }

  private static double maxDifference(float[][][] a, float[][][] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int s = 0; s < a.length; s++) {
      assertEquals(a[s].length, b[s].length, "frames of sequence " + s);
      for (int t = 0; t < a[s].length; t++) {
        for (int v = 0; v < a[s][t].length; v++) {
          max = Math.max(max, Math.abs(a[s][t][v] - b[s][t][v]));
        }
      }
    }
    return max;
  }

  @Test
  void fp32GraphsMatchTheEngineWithinOneInTenThousand() {
    for (String kind : List.of("student", "teacher")) {
      for (boolean removePca : List.of(true, false)) {
        for (boolean withFeatures : List.of(false, true)) {
          Path ckpt = checkpoint(kind, removePca);
          Path onnx = temp.resolve(kind + removePca + withFeatures + ".onnx");
          try (TrainedModel model = Checkpoint.load(ckpt).model()) {
            OnnxExport.write(model, new OnnxExport.Options(false, withFeatures), ckpt.toString(), onnx);
            float[][][] expected = model.logits(batch(model));
            try (OnnxFrameModel exported = OnnxFrameModel.open(onnx, OnnxFrameModel.Provider.CPU, 1)) {
              float[][][] actual = exported.logits(batch(exported));
              double difference = maxDifference(expected, actual);
              assertTrue(difference <= 1e-4, kind + " pca=" + !removePca + " features=" + withFeatures
                  + ": max |difference| " + difference);
              assertEquals(model.vocabulary().glosses(), exported.vocabulary().glosses());
            }
          }
        }
      }
    }
  }
}
