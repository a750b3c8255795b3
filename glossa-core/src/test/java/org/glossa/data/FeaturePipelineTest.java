package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePipelineTest {

  @TempDir
  Path temp;

  /** Sequences whose 6 columns are driven by 2 latent factors plus small noise. */
  private static List<float[][]> correlated(long seed) {
    Random random = new Random(seed);
    List<float[][]> sequences = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      float[][] x = new float[50][6];
      for (float[] frame : x) {
        double a = random.nextGaussian() * 3;
        double b = random.nextGaussian();
        double[] v = {a, 2 * a, -a + b, b, 5 + b, 0.5};
        for (int c = 0; c < 6; c++) {
          frame[c] = (float) (v[c] + 0.01 * random.nextGaussian() * (c == 5 ? 0 : 1));
        }
      }
      sequences.add(x);
    }
    return sequences;
  }

  private static FeatureLayout layout() {
    return new FeatureLayout(List.of(new ModalityBlock("a", 0, 3, -1), new ModalityBlock("b", 3, 3, 5)));
  }

  @Test
  void standardisesToZeroMeanUnitVarianceAndKeepsBlocksWithoutPca() {
    List<float[][]> train = correlated(1);
    FeaturePipeline pipeline = FeaturePipeline.fit(train, layout(), 0, 1);
    assertEquals(layout(), pipeline.outputLayout());
    double[] sum = new double[6];
    double[] squares = new double[6];
    int n = 0;
    for (float[][] s : train) {
      for (float[] frame : pipeline.transform(s)) {
        for (int c = 0; c < 6; c++) {
          sum[c] += frame[c];
          squares[c] += frame[c] * frame[c];
        }
        n++;
      }
    }
    for (int c = 0; c < 5; c++) {
      assertEquals(0, sum[c] / n, 1e-4);
      assertEquals(1, squares[c] / n, 1e-3);
    }
    assertEquals(0, squares[5] / n, 1e-9, "a constant column is centred, not divided by zero");
  }

  @Test
  void pcaFindsTheLatentFactorsWithOrthonormalComponents() {
    FeaturePipeline pipeline = FeaturePipeline.fit(correlated(2), layout(), 2, 1);
    assertEquals(2, pipeline.outputDim());
    assertTrue(pipeline.explainedVariance() > 0.99, "explained " + pipeline.explainedVariance());
    assertEquals(List.of("pca"), pipeline.outputLayout().modalities().stream().map(ModalityBlock::name).toList());
    float[][] out = pipeline.transform(correlated(3).get(0));
    double v0 = 0;
    double v1 = 0;
    for (float[] frame : out) {
      v0 += frame[0] * frame[0];
      v1 += frame[1] * frame[1];
    }
    assertTrue(v0 > v1, "components ordered by variance");
  }

  @Test
  void savedPipelineTransformsIdentically() {
    FeaturePipeline pipeline = FeaturePipeline.fit(correlated(4), layout(), 3, 1);
    Path file = temp.resolve("pipeline.npz");
    pipeline.write(file);
    FeaturePipeline back = FeaturePipeline.read(file);
    float[][] x = correlated(5).get(0);
    float[][] a = pipeline.transform(x);
    float[][] b = back.transform(x);
    for (int t = 0; t < a.length; t++) {
      assertArrayEquals(a[t], b[t]);
    }
    assertEquals(layout(), back.inputLayout());
  }
}
