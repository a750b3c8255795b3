package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistillationLossTest {

  private static float[] random(Random random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextGaussian() * 3);
    }
    return x;
  }

  @Test
  void gradientMatchesFiniteDifferencesForBothTargets() {
    Random random = new Random(4);
    int batch = 2;
    int frames = 5;
    int classes = 7;
    int[] lengths = {5, 3};
    for (DistillationLoss.Target target : DistillationLoss.Target.values()) {
      DistillationLoss loss = new DistillationLoss(3.0, target);
      float[] student = random(random, batch * frames * classes);
      float[] teacher = random(random, batch * frames * classes);
      DistillationLoss.Result result = loss.compute(student, teacher, batch, frames, classes, lengths);
      for (int i = 0; i < student.length; i++) {
        float[] plus = student.clone();
        float[] minus = student.clone();
        plus[i] += 1e-2f;
        minus[i] -= 1e-2f;
        double numeric = (loss.compute(plus, teacher, batch, frames, classes, lengths).loss()
            - loss.compute(minus, teacher, batch, frames, classes, lengths).loss()) / 2e-2;
        assertEquals(numeric, result.gradient()[i], 2e-4, target + " logit " + i);
      }
    }
  }

  @Test
  void identicalPosteriorsCostNothingAndPaddingAndBlankAreIgnored() {
    Random random = new Random(2);
    float[] logits = random(random, 3 * 4);
    DistillationLoss nonBlank = new DistillationLoss(2.0, DistillationLoss.Target.NONBLANK);
    DistillationLoss.Result same = nonBlank.compute(logits, logits.clone(), 1, 3, 4, new int[] {3});
    assertEquals(0, same.loss(), 1e-9);
    assertEquals(3, same.agreeingFrames());
    // Teacher differs only in blank and in a padded frame: no non-blank loss, no gradient there.
    float[] teacher = logits.clone();
    teacher[0] += 5;            // blank of frame 0
    teacher[2 * 4 + 1] += 9;    // frame 2, padding when the length is 2
    DistillationLoss.Result masked = nonBlank.compute(logits, teacher, 1, 3, 4, new int[] {2});
    assertEquals(0, masked.loss(), 1e-9);
    assertEquals(2, masked.frames());
    for (int k = 0; k < 4; k++) {
      assertEquals(0f, masked.gradient()[2 * 4 + k], "padded frame gets no gradient");
    }
    assertEquals(0f, masked.gradient()[0], "blank gets no gradient with the non-blank target");
    DistillationLoss.Result full = new DistillationLoss(2.0, DistillationLoss.Target.FULL)
        .compute(logits, teacher, 1, 3, 4, new int[] {2});
    assertTrue(full.loss() > 0.01, "the full target sees the blank difference");
  }
}
