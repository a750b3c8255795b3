package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnhancedFeaturesTest {

  private static final FeatureLayout LAYOUT = EnhancedFeatures.layout(FaceSubset.COMPACT);
  private static final int LEFT_HAND = LAYOUT.modalities().get(1).offset();
  private static final int RIGHT_HAND = LAYOUT.modalities().get(2).offset();
  private static final int FACE = LAYOUT.modalities().get(3).offset();

  @Test
  void layoutHasOneBlockPerModalityWithDerivativesAndPresenceFlag() {
    assertEquals(4, LAYOUT.modalities().size());
    assertEquals(15 * 6 + 1, LAYOUT.modalities().get(0).dim());
    assertEquals(21 * 6 + 1, LAYOUT.modalities().get(1).dim());
    assertEquals(32 * 6 + 1, LAYOUT.modalities().get(3).dim());
    assertEquals(538, LAYOUT.featureDim());
    assertEquals(LAYOUT.modalities().get(1).end() - 1, LAYOUT.modalities().get(1).presenceColumn());
    assertEquals(3, EnhancedFeatures.layout(FaceSubset.NONE).modalities().size());
  }

  /**
   * Expected values computed independently (NumPy, from the raw file): frame 40 of example.pose, centre = mean
   * of LEFT/RIGHT_SHOULDER in that frame, scale = median shoulder width over all 97 frames (105.07599 px).
   */
  @Test
  void normalisesOneFrameOfARealRecordingAsComputedByHand() {
    Path file = TestResources.path("pose/example.pose");
    float[][] features = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(file), file),
        FaceSubset.COMPACT);
    assertEquals(97, features.length);
    assertEquals(538, features[0].length);
    float[] frame = features[40];
    assertEquals(-0.006058005f, frame[0], 1e-5);        // NOSE x
    assertEquals(-0.5375568f, frame[1], 1e-5);          // NOSE y
    assertEquals(0.5710525f, frame[LEFT_HAND], 1e-5);   // left WRIST x
    assertEquals(0.30672106f, frame[LEFT_HAND + 1], 1e-5);
    assertEquals(-0.49234453f, frame[RIGHT_HAND], 1e-5); // right WRIST x
    assertEquals(0.1596283f, frame[RIGHT_HAND + 1], 1e-5);
    assertEquals(-0.05246912f, frame[FACE], 1e-5);      // face point 61 (mouth corner), first of COMPACT
    assertEquals(-0.4199679f, frame[FACE + 1], 1e-5);
    assertEquals(1f, frame[RIGHT_HAND + 126]);           // presence flag
  }

  @Test
  void missingHandIsZeroFilledWithPresenceZero() {
    Path file = TestResources.path("pose/example.pose");
    float[][] features = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(file), file),
        FaceSubset.COMPACT);
    float[] frame = features[10]; // no hands detected in frame 10
    for (int c = RIGHT_HAND; c < RIGHT_HAND + 127; c++) {
      assertEquals(0f, frame[c], "column " + c);
    }
    assertEquals(1f, frame[FACE + 6 * 32]); // face present
  }

  @Test
  void savitzkyGolayWeightsMatchTheClassicCoefficientsOnAFullWindow() {
    boolean[] present = {true, true, true, true, true, true, true};
    double[] velocity = new double[5];
    double[] acceleration = new double[5];
    assertTrue(EnhancedFeatures.savitzkyGolayWeights(present, 3, velocity, acceleration));
    assertArrayEquals(new double[] {-0.2, -0.1, 0, 0.1, 0.2}, velocity, 1e-12);
    assertArrayEquals(new double[] {2 / 7.0, -1 / 7.0, -2 / 7.0, -1 / 7.0, 2 / 7.0}, acceleration, 1e-12);
  }

  @Test
  void derivativesOfAQuadraticPathAreExactEvenAtEdgesAndAroundGaps() {
    int frames = 12;
    float fps = 25f;
    LandmarkSequence sequence = LandmarkSequence.empty(frames, fps);
    for (int f = 0; f < frames; f++) {
      sequence.set(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER, 200, 100);
      sequence.set(Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER, 100, 100);
      if (f == 5) {
        continue; // hand missed in frame 5
      }
      float t = f / fps;
      // wrist x = 150 + 100 (3t + 2t^2) px, i.e. 3t + 2t^2 shoulder widths from the centre
      sequence.set(Holistic.Part.RIGHT_HAND, f, 0, 150 + 100 * (3 * t + 2 * t * t), 100);
    }
    float[][] features = EnhancedFeatures.compute(sequence, FaceSubset.NONE);
    int velocityColumn = RIGHT_HAND + 42;
    int accelerationColumn = RIGHT_HAND + 84;
    for (int f : new int[] {0, 3, 4, 6, 11}) {
      float t = f / fps;
      assertEquals(3 * t + 2 * t * t, features[f][RIGHT_HAND], 1e-5, "position, frame " + f);
      assertEquals(3 + 4 * t, features[f][velocityColumn], 1e-3, "velocity, frame " + f);
      assertEquals(4, features[f][accelerationColumn], 2e-2, "acceleration, frame " + f);
    }
    assertEquals(0f, features[5][RIGHT_HAND + 126], "no presence in the missed frame");
    assertEquals(0f, features[5][velocityColumn]);
  }

  @Test
  void withoutShouldersTheSequenceCannotBeNormalised() {
    LandmarkSequence sequence = LandmarkSequence.empty(3, 25);
    sequence.set(Holistic.Part.RIGHT_HAND, 0, 0, 1, 1);
    DataException e = assertThrows(DataException.class,
        () -> EnhancedFeatures.compute(sequence, FaceSubset.COMPACT));
    assertTrue(e.getMessage().contains("shoulders"), e.getMessage());
  }

  /** Regression (issue 16): shoulders at -inf and +inf gave a NaN centre and "Index -1 out of bounds". */
  @Test
  void issue16ShouldersWithoutAFiniteWidthOrCentreDoNotNormalise() {
    LandmarkSequence sequence = LandmarkSequence.empty(3, 25f);
    sequence.set(Holistic.Part.POSE, 0, Holistic.LEFT_SHOULDER, Float.NEGATIVE_INFINITY, 0);
    sequence.set(Holistic.Part.POSE, 0, Holistic.RIGHT_SHOULDER, Float.POSITIVE_INFINITY, 0);
    sequence.set(Holistic.Part.POSE, 1, Holistic.LEFT_SHOULDER, 3e38f, 3e38f);
    sequence.set(Holistic.Part.POSE, 1, Holistic.RIGHT_SHOULDER, 3.4e38f, 3.4e38f);
    DataException e = assertThrows(DataException.class,
        () -> EnhancedFeatures.compute(sequence, FaceSubset.COMPACT));
    assertTrue(e.getMessage().contains("no frame shows both shoulders"));
    sequence.set(Holistic.Part.POSE, 2, Holistic.LEFT_SHOULDER, 1e30f, 0);
    sequence.set(Holistic.Part.POSE, 2, Holistic.RIGHT_SHOULDER, -1e30f, 0);
    assertEquals(3, EnhancedFeatures.compute(sequence, FaceSubset.COMPACT).length);
  }
}
