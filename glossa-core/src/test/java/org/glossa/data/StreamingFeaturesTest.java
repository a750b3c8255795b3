package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingFeaturesTest {

  static LandmarkSequence recording() throws URISyntaxException {
    Path file = Path.of(StreamingFeaturesTest.class.getResource("/pose/mediapipe.pose").toURI());
    return LandmarkSequence.fromPose(PoseFile.read(file), file);
  }

  /** One frame of a sequence as the live input gives it: per part, coordinates or null. */
  static float[][] frame(LandmarkSequence sequence, int f) {
    float[][] parts = new float[Holistic.Part.values().length][];
    for (Holistic.Part part : Holistic.Part.values()) {
      if (!sequence.detected(part, f)) {
        continue;
      }
      float[] xy = new float[2 * part.numPoints];
      for (int p = 0; p < part.numPoints; p++) {
        xy[2 * p] = sequence.x(part, f, p);
        xy[2 * p + 1] = sequence.y(part, f, p);
      }
      parts[part.ordinal()] = xy;
    }
    return parts;
  }

  static List<float[]> stream(StreamingFeatures features, LandmarkSequence sequence) {
    List<float[]> rows = new ArrayList<>();
    for (int f = 0; f < sequence.numFrames(); f++) {
      List<float[]> out = features.accept(frame(sequence, f));
      assertEquals(f >= 2 ? 1 : 0, out.size(), "two frames of delay");
      rows.addAll(out);
    }
    rows.addAll(features.finish());
    return rows;
  }

  @Test
  void withTheRecordingsScaleStreamingFeaturesEqualOfflineOnes() throws Exception {
    LandmarkSequence sequence = recording();
    float[][] offline = EnhancedFeatures.compute(sequence, FaceSubset.COMPACT);
    float scale = EnhancedFeatures.Normalisation.of(sequence).scale;
    List<float[]> streamed = stream(new StreamingFeatures(FaceSubset.COMPACT, sequence.fps(), scale), sequence);
    assertEquals(offline.length, streamed.size());
    for (int f = 0; f < offline.length; f++) {
      for (int c = 0; c < offline[f].length; c++) {
        assertEquals(offline[f][c], streamed.get(f)[c], 1e-5f, "frame " + f + " column " + c);
      }
    }
  }

  @Test
  void withTheRunningMedianScaleTheyConvergeToOfflineOnes() throws Exception {
    LandmarkSequence sequence = recording();
    float[][] offline = EnhancedFeatures.compute(sequence, FaceSubset.COMPACT);
    List<float[]> streamed = stream(new StreamingFeatures(FaceSubset.COMPACT, sequence.fps()), sequence);
    double late = 0;
    for (int f = 25; f < offline.length; f++) {
      for (int c = 0; c < offline[f].length; c++) {
        double reference = Math.abs(offline[f][c]);
        late = Math.max(late, Math.abs(offline[f][c] - streamed.get(f)[c]) / Math.max(1, reference));
      }
    }
    assertTrue(late < 0.05, "after the first second, relative differences stay below 5%: " + late);
  }
}
