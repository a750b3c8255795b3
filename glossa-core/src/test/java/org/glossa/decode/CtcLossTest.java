package org.glossa.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {

  /** Brute force: sum over every frame-level path that collapses to the label. */
  private static double[] bruteForce(float[] logits, int frames, int classes, int[] label, double[] gradient) {
    double[][] probs = new double[frames][classes];
    for (int t = 0; t < frames; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[t * classes + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[t * classes + k] - max);
      }
      for (int k = 0; k < classes; k++) {
        probs[t][k] = Math.exp(logits[t * classes + k] - max) / sum;
      }
    }
    double total = 0;
    double[][] occupancy = new double[frames][classes];
    int paths = (int) Math.pow(classes, frames);
    int[] path = new int[frames];
    for (int p = 0; p < paths; p++) {
      int rest = p;
      double probability = 1;
      for (int t = 0; t < frames; t++) {
        path[t] = rest % classes;
        rest /= classes;
        probability *= probs[t][path[t]];
      }
      if (java.util.Arrays.equals(collapse(path), label)) {
        total += probability;
        for (int t = 0; t < frames; t++) {
          occupancy[t][path[t]] += probability;
        }
      }
    }
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < classes; k++) {
        gradient[t * classes + k] = probs[t][k] - occupancy[t][k] / total;
      }
    }
    return new double[] {-Math.log(total)};
  }

  private static int[] collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    int previous = -1;
    for (int k : path) {
      if (k != previous && k != 0) {
        out.add(k);
      }
      previous = k;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float[] randomLogits(Random random, int n, double scale) {
    float[] logits = new float[n];
    for (int i = 0; i < n; i++) {
      logits[i] = (float) (random.nextGaussian() * scale);
    }
    return logits;
  }

  @Test
  void lossAndGradientEqualBruteForceOverAllAlignments() {
    Random random = new Random(1);
    int[][] labels = {{1}, {1, 2}, {2, 2}, {1, 2, 1}, {}};
    for (int[] label : labels) {
      for (int frames = Math.max(1, CtcLoss.requiredFrames(label)); frames <= 5; frames++) {
        int classes = 3;
        float[] logits = randomLogits(random, frames * classes, 1.5);
        double[] expectedGradient = new double[logits.length];
        double expected = bruteForce(logits, frames, classes, label, expectedGradient)[0];
        CtcLoss.Result result = new CtcLoss().compute(logits, 1, frames, classes, new int[] {frames},
            new int[][] {label}, new String[] {"s"}, CtcLoss.Reduction.SUM);
        assertEquals(expected, result.loss(), 1e-9 * Math.max(1, expected), "loss, label "
            + java.util.Arrays.toString(label) + " T=" + frames);
        for (int i = 0; i < logits.length; i++) {
          assertEquals(expectedGradient[i], result.gradient()[i], 1e-6, "gradient " + i);
        }
      }
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesOnRandomBatches() {
    Random random = new Random(2);
    CtcLoss ctc = new CtcLoss();
    int batch = 3;
    int maxFrames = 9;
    int classes = 5;
    int[] lengths = {9, 6, 7};
    int[][] labels = {{1, 2, 3}, {4, 4}, {2, 1, 3, 4}};
    String[] ids = {"a", "b", "c"};
    float[] logits = randomLogits(random, batch * maxFrames * classes, 2);
    for (CtcLoss.Reduction reduction : CtcLoss.Reduction.values()) {
      CtcLoss.Result result = ctc.compute(logits, batch, maxFrames, classes, lengths, labels, ids, reduction);
      double maxGradient = 0;
      for (float g : result.gradient()) {
        maxGradient = Math.max(maxGradient, Math.abs(g));
      }
      for (int i = 0; i < logits.length; i++) {
        float original = logits[i];
        float up = original + 1e-3f;
        float down = original - 1e-3f;
        logits[i] = up;
        double lossUp = ctc.compute(logits, batch, maxFrames, classes, lengths, labels, ids, reduction).loss();
        logits[i] = down;
        double lossDown = ctc.compute(logits, batch, maxFrames, classes, lengths, labels, ids, reduction).loss();
        logits[i] = original;
        double numeric = (lossUp - lossDown) / ((double) up - (double) down);
        assertEquals(numeric, result.gradient()[i], 1e-6 * maxGradient + 1e-7,
            reduction + " element " + i + " (padding frames must get zero gradient)");
      }
    }
  }

  @Test
  void staysFiniteForLongInputsAndExtremeLogits() {
    Random random = new Random(3);
    int frames = 2000;
    int classes = 50;
    float[] logits = randomLogits(random, frames * classes, 30);
    for (int i = 0; i < 100; i++) {
      logits[random.nextInt(logits.length)] = 1e4f;
      logits[random.nextInt(logits.length)] = -1e4f;
    }
    int[] label = new int[300];
    for (int i = 0; i < label.length; i++) {
      label[i] = 1 + random.nextInt(classes - 1);
    }
    CtcLoss.Result result = new CtcLoss().compute(logits, 1, frames, classes, new int[] {frames},
        new int[][] {label}, new String[] {"long"}, CtcLoss.Reduction.MEAN);
    assertTrue(Double.isFinite(result.loss()), "loss " + result.loss());
    for (float g : result.gradient()) {
      assertTrue(Float.isFinite(g));
    }
  }

  @Test
  void infeasibleSequencesAreReportedByIdNotZeroedSilently() {
    float[] logits = new float[2 * 3 * 4];
    CtcLoss.Result result = new CtcLoss().compute(logits, 2, 3, 4, new int[] {3, 3},
        new int[][] {{1, 1, 2}, {1, 2}}, new String[] {"too-short", "fine"}, CtcLoss.Reduction.MEAN);
    assertEquals(List.of("too-short"), result.infeasible());
    assertTrue(Double.isInfinite(result.perSequence()[0]));
    assertTrue(Double.isFinite(result.loss()) && result.loss() > 0);
    for (int i = 0; i < 12; i++) {
      assertEquals(0f, result.gradient()[i]);
    }
  }

  @Test
  void feasibilityCountsRepeatedNeighbours() {
    assertEquals(3, CtcLoss.requiredFrames(new int[] {1, 2, 3}));
    assertEquals(6, CtcLoss.requiredFrames(new int[] {1, 1, 2, 2}));
    assertTrue(CtcLoss.isFeasible(6, new int[] {1, 1, 2, 2}));
    assertTrue(!CtcLoss.isFeasible(5, new int[] {1, 1, 2, 2}));
  }
}
