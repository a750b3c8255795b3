package org.glossa.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecoderTest {

  private static float[][] logProbabilities(double[][] probabilities) {
    float[][] out = new float[probabilities.length][];
    for (int t = 0; t < probabilities.length; t++) {
      out[t] = new float[probabilities[t].length];
      for (int k = 0; k < out[t].length; k++) {
        out[t][k] = (float) Math.log(probabilities[t][k]);
      }
    }
    return out;
  }

  @Test
  void dropsBlanksAfterCollapsingRepeats() {
    assertArrayEquals(new int[] {3, 3}, GreedyCtcDecoder.collapse(new int[] {3, 3, 0, 3}));
    assertArrayEquals(new int[] {1, 2}, GreedyCtcDecoder.collapse(new int[] {0, 1, 1, 2, 0, 0}));
  }

  @Test
  void segmentsAreTheGreedyDecodingWithTheFramesEachGlossSpans() {
    // best path: blank, 3, 3, blank, 3, 2, 2, blank -> glosses 3 (frames 1-2), 3 (4), 2 (5-6)
    int[] path = {0, 3, 3, 0, 3, 2, 2, 0};
    float[][] scores = new float[path.length][4];
    for (int t = 0; t < path.length; t++) {
      scores[t][path[t]] = 5f;
    }
    assertEquals(List.of(new GreedyCtcDecoder.Segment(3, 1, 2), new GreedyCtcDecoder.Segment(3, 4, 4),
        new GreedyCtcDecoder.Segment(2, 5, 6)), GreedyCtcDecoder.segments(scores, path.length));
    assertEquals(List.of(new GreedyCtcDecoder.Segment(3, 1, 2)), GreedyCtcDecoder.segments(scores, 3));
    Random random = new Random(9);
    for (int trial = 0; trial < 20; trial++) {
      float[][] noise = new float[40][7];
      for (float[] row : noise) {
        for (int k = 0; k < row.length; k++) {
          row[k] = (float) random.nextGaussian();
        }
      }
      int[] ids = GreedyCtcDecoder.segments(noise, 40).stream().mapToInt(GreedyCtcDecoder.Segment::id).toArray();
      assertArrayEquals(GreedyCtcDecoder.decode(noise, 40), ids);
    }
  }

  @Test
  void beamSearchSumsAlignmentsWhereGreedyPicksTheBestSinglePath() {
    // Greedy reads blank, blank -> "" (p = 0.36); but "1" has p = 1 - 0.36 - ... > 0.36 summed over paths.
    double[][] p = {{0.6, 0.4}, {0.6, 0.4}};
    float[][] scores = logProbabilities(p);
    assertArrayEquals(new int[0], GreedyCtcDecoder.decode(scores, 2));
    // P("") = 0.36, P("1") = 0.4*0.4 + 0.4*0.6 + 0.6*0.4 = 0.64
    assertArrayEquals(new int[] {1}, new BeamCtcDecoder(4, null, 0, 0).decode(scores, 2));
  }

  @Test
  void beamOfWidthOneOnPeakedScoresEqualsGreedy() {
    Random random = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      float[][] scores = new float[30][6];
      for (float[] row : scores) {
        row[random.nextInt(6)] = 20f; // one class dominates each frame
      }
      assertArrayEquals(GreedyCtcDecoder.decode(scores, 30), new BeamCtcDecoder(1, null, 0, 0).decode(scores, 30));
    }
  }

  @Test
  void languageModelDistributionSumsToOne() {
    NgramLanguageModel lm = new NgramLanguageModel(List.of(new int[] {1, 2, 3}, new int[] {1, 2, 2},
        new int[] {3, 1}), 3, 3);
    for (int[] history : new int[][] {{}, {1}, {1, 2}, {3, 3}}) {
      double sum = Math.exp(lm.logEndProbability(history));
      for (int k = 1; k <= 3; k++) {
        sum += Math.exp(lm.logProbability(history, k));
      }
      assertEquals(1.0, sum, 1e-9, java.util.Arrays.toString(history));
    }
    assertEquals(true, lm.logProbability(new int[] {1}, 2) > lm.logProbability(new int[] {1}, 3));
  }

  @Test
  void languageModelBreaksAnAcousticTie() {
    // frames equally split between glosses 2 and 3 in the middle; the LM knows "1 2" is what follows 1
    NgramLanguageModel lm = new NgramLanguageModel(List.of(new int[] {1, 2}, new int[] {1, 2}, new int[] {3}), 3, 2);
    double[][] p = {{0.01, 0.97, 0.01, 0.01}, {0.9, 0.04, 0.03, 0.03}, {0.02, 0.02, 0.48, 0.48}};
    int[] withLm = new BeamCtcDecoder(8, lm, 1.0, 0).decode(logProbabilities(p), 3);
    assertArrayEquals(new int[] {1, 2}, withLm);
  }

  @Test
  void pruningToTheTopGlossesKeepsTheFullSearchResultWithoutLanguageModel() {
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 20; trial++) {
      float[][] logits = new float[30][300];
      for (float[] row : logits) {
        for (int v = 0; v < row.length; v++) {
          row[v] = (float) (random.nextGaussian() * 2);
        }
      }
      int[] pruned = new BeamCtcDecoder(8, null, 0, 0).decode(logits, logits.length);
      int[] full = new BeamCtcDecoder(8, null, 0, 0, Integer.MAX_VALUE).decode(logits, logits.length);
      org.junit.jupiter.api.Assertions.assertArrayEquals(full, pruned, "trial " + trial);
    }
  }
}
