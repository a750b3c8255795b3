package org.glossa.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.model.ModelConfig;
import org.glossa.model.Presets;
import org.glossa.model.StudentSpec;
import org.junit.jupiter.api.Test;

/** Native memory of a model that cannot be built (issue 16). */
class TrainedModelTest {

  /** Arrays alive in all open managers: the engine's system manager sees those of every base manager. */
  private static int liveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  @Test
  void aModelThatFailsToInitialiseLeavesNoNativeArraysBehind() {
    FeatureLayout layout = FeatureLayout.unstructured(16);
    float[][] sample = new float[64][16];
    Random random = new Random(1);
    for (float[] row : sample) {
      for (int c = 0; c < row.length; c++) {
        row[c] = (float) random.nextGaussian();
      }
    }
    FeaturePipeline pipeline = FeaturePipeline.fit(List.<float[][]>of(sample), layout, 0, 1);
    ModelConfig tiny = Presets.config("student", "tiny", layout.modalities(), 5, 0.1f);
    StudentSpec spec = tiny.student();
    int before = liveArrays();
    // A negative head width fails in the engine after the embedding and blocks have their arrays (a config check
    // that refuses it earlier is fine too: nothing may stay allocated either way).
    assertThrows(RuntimeException.class, () -> new TrainedModel(new ModelConfig("student", "tiny", 16, 5,
        tiny.modalities(), 0.1f, new StudentSpec(spec.embedDim(), spec.stemChannels(), spec.blocks(), -1,
        spec.lstmHidden()), null, null), new GlossVocabulary(List.of("A", "B", "C", "D")), pipeline));
    assertEquals(before, liveArrays());
  }
}
