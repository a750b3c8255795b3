package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused AdamW update against the update written out from Loshchilov and Hutter's algorithm. */
class AdamWTest {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final float DECAY = 0.1f;

  @Test
  void matchesTheTextbookUpdateWithDecayOnMatricesOnlyAndZeroesGradients() {
    Random random = new Random(3);
    float[] weight = values(random, 6);
    float[] bias = values(random, 3);
    float[][] expected = {weight.clone(), bias.clone()};
    float[][][] moments = {{new float[6], new float[6]}, {new float[3], new float[3]}};
    AdamW adam = new AdamW(BETA1, BETA2, EPSILON, DECAY);
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Parameter> parameters = List.of(parameter(manager, "w", weight, new Shape(2, 3)),
          parameter(manager, "b", bias, new Shape(3)));
      float[] learningRates = {1e-2f, 3e-3f, 5e-3f, 1e-3f};
      float[] scales = {1f, 0.5f, 1f, 0.25f};
      for (int step = 1; step <= learningRates.length; step++) {
        float[][] gradients = {values(random, 6), values(random, 3)};
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray loss = parameters.get(0).getArray().flatten().mul(manager.create(gradients[0])).sum()
              .add(parameters.get(1).getArray().mul(manager.create(gradients[1])).sum());
          collector.backward(loss); // d loss / d parameter = gradients
        }
        try (NDManager scratch = manager.newSubManager()) {
          adam.update(parameters, learningRates[step - 1], scales[step - 1], scratch);
        }
        for (int p = 0; p < 2; p++) {
          textbook(expected[p], gradients[p], moments[p], step, learningRates[step - 1], scales[step - 1],
              p == 0 ? DECAY : 0f);
          assertArrayEquals(expected[p], parameters.get(p).getArray().toFloatArray(), 1e-6f, "step " + step);
          float[] gradient = parameters.get(p).getArray().getGradient().toFloatArray();
          assertEquals(0f, max(gradient), "gradient zeroed after step " + step);
        }
      }
      assertEquals(4, adam.step());
    }
  }

  /** One AdamW step in double precision: decoupled decay, bias-corrected moments, eps outside the root. */
  private static void textbook(float[] w, float[] g, float[][] mv, int step, float lr, float scale, float decay) {
    for (int i = 0; i < w.length; i++) {
      double gradient = g[i] * scale;
      mv[0][i] = (float) (BETA1 * mv[0][i] + (1 - BETA1) * gradient);
      mv[1][i] = (float) (BETA2 * mv[1][i] + (1 - BETA2) * gradient * gradient);
      double m = mv[0][i] / (1 - Math.pow(BETA1, step));
      double v = mv[1][i] / (1 - Math.pow(BETA2, step));
      w[i] = (float) (w[i] - lr * decay * w[i] - lr * m / (Math.sqrt(v) + EPSILON));
    }
  }

  private static Parameter parameter(NDManager manager, String name, float[] values, Shape shape) {
    Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    NDArray array = manager.create(values, shape);
    array.setRequiresGradient(true);
    parameter.setArray(array);
    return parameter;
  }

  private static float[] values(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
