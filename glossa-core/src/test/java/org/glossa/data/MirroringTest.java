package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MirroringTest {

  private static final FeatureLayout LAYOUT = EnhancedFeatures.layout(FaceSubset.COMPACT);
  private static final Mirroring MIRRORING = Mirroring.of(LAYOUT).orElseThrow();

  /** The recording filmed in a mirror: x reflected about a vertical line, left and right points exchanged. */
  private static LandmarkSequence reflected(LandmarkSequence original, float width) {
    LandmarkSequence mirror = LandmarkSequence.empty(original.numFrames(), original.fps());
    for (int f = 0; f < original.numFrames(); f++) {
      for (Holistic.Part part : Holistic.Part.values()) {
        Holistic.Part target = switch (part) {
          case LEFT_HAND -> Holistic.Part.RIGHT_HAND;
          case RIGHT_HAND -> Holistic.Part.LEFT_HAND;
          default -> part;
        };
        if (!original.detected(part, f)) {
          continue;
        }
        for (int p = 0; p < part.numPoints; p++) {
          int q = p;
          if (part == Holistic.Part.POSE) {
            String name = Holistic.POSE_NAMES.get(p);
            String other = name.startsWith("LEFT_") ? "RIGHT_" + name.substring(5)
                : name.startsWith("RIGHT_") ? "LEFT_" + name.substring(6) : name;
            q = Holistic.POSE_NAMES.indexOf(other);
          }
          mirror.set(target, f, q, width - original.x(part, f, p), original.y(part, f, p));
        }
      }
    }
    return mirror;
  }

  @Test
  void mirroredFeaturesOfARealRecordingEqualTheFeaturesOfItsMirrorImage() {
    Path file = TestResources.path("pose/example.pose");
    LandmarkSequence sequence = LandmarkSequence.fromPose(PoseFile.read(file), file);
    float[][] features = EnhancedFeatures.compute(sequence, FaceSubset.COMPACT);
    float[][] ofMirrorImage = EnhancedFeatures.compute(reflected(sequence, 640f), FaceSubset.COMPACT);
    float[][] mirrored = MIRRORING.apply(features);
    int handsEnd = LAYOUT.modalities().get(2).end(); // pose, left and right hand; the face is not mirrored
    int compared = 0;
    for (int t = 0; t < features.length; t++) {
      for (int c = 0; c < handsEnd; c++) {
        assertEquals(ofMirrorImage[t][c], mirrored[t][c], 1e-3, "frame " + t + ", column " + c);
        compared += mirrored[t][c] != 0 ? 1 : 0;
      }
    }
    assertTrue(compared > features.length * 100, "the recording's hands and arms take part: " + compared);
  }

  @Test
  void mirroringTwiceGivesTheFeaturesBackAndTheFaceIsLeftAlone() {
    Path file = TestResources.path("pose/example.pose");
    float[][] features = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(file), file),
        FaceSubset.COMPACT);
    float[][] twice = MIRRORING.apply(MIRRORING.apply(features));
    int face = LAYOUT.modalities().get(3).offset();
    float[][] once = MIRRORING.apply(features);
    for (int t = 0; t < features.length; t++) {
      assertArrayEquals(features[t], twice[t], "frame " + t);
      for (int c = face; c < LAYOUT.featureDim(); c++) {
        assertEquals(features[t][c], once[t][c]);
      }
    }
  }

  @Test
  void featuresWithoutHolisticBlocksCannotBeMirrored() {
    assertTrue(Mirroring.of(FeatureLayout.unstructured(538)).isEmpty());
    assertTrue(Mirroring.of(EnhancedFeatures.layout(FaceSubset.NONE)).isPresent());
  }
}
