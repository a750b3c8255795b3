package org.glossa.holistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdDetectorTest {

  @Test
  void anchorsMatchTheModelsOutputs() {
    assertEquals(2254 * 2, SsdDetector.anchors(SsdDetector.POSE, 224).length); // Identity [1, 2254, 12]
    assertEquals(896 * 2, SsdDetector.anchors(SsdDetector.FACE, 128).length); // regressors [1, 896, 16]
    double[] pose = SsdDetector.anchors(SsdDetector.POSE, 224);
    // first feature map 28x28, two anchors per cell, centres at (x + 0.5) / 28
    assertArrayEquals(new double[] {0.5 / 28, 0.5 / 28, 0.5 / 28, 0.5 / 28, 1.5 / 28, 0.5 / 28},
        java.util.Arrays.copyOf(pose, 6), 1e-12);
    // last anchors: the 7x7 map of strides 32, six per cell
    assertEquals(6.5 / 7, pose[pose.length - 2], 1e-12);
  }

  @Test
  void weightedSuppressionAveragesOverlapsByScore() {
    Detection a = new Detection(0.9f, 0.10, 0.10, 0.20, 0.20, new double[] {0.2, 0.2});
    Detection b = new Detection(0.6f, 0.12, 0.10, 0.20, 0.20, new double[] {0.3, 0.2});
    Detection far = new Detection(0.7f, 0.60, 0.60, 0.20, 0.20, new double[] {0.7, 0.7});
    List<Detection> kept = SsdDetector.weightedNms(List.of(b, far, a), 0.3);
    assertEquals(2, kept.size());
    assertEquals(0.9f, kept.get(0).score());
    assertEquals((0.10 * 0.9 + 0.12 * 0.6) / 1.5, kept.get(0).xMin(), 1e-6);
    assertEquals((0.2 * 0.9 + 0.3 * 0.6) / 1.5, kept.get(0).keypointX(0), 1e-6);
    assertEquals(far.xMin(), kept.get(1).xMin(), 1e-12);
  }
}
