package org.glossa.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Holistic;
import org.glossa.data.PoseFile;

/**
 * MediaPipe Holistic landmarks of one video as they come back from the browser, frame by frame, written as a
 * pose-format file the way pose-format's own MediaPipe conversion does: components POSE_LANDMARKS (33),
 * FACE_LANDMARKS (468), LEFT_HAND_LANDMARKS, RIGHT_HAND_LANDMARKS (21 each), format XYZC, x and y in pixels, z as
 * MediaPipe gives it, confidence = visibility for the body and 1 for face and hands; zeros with confidence 0 where
 * a part was not detected.
 */
public final class Landmarks {

  private static final String[] KEYS = {"pose", "face", "left_hand", "right_hand"};

  private final float fps;
  private final int width;
  private final int height;
  /** Per frame, per part: [points · 4] = x, y, z, confidence; null where the part was not detected. */
  private final List<float[][]> frames = new ArrayList<>();

  public Landmarks(float fps, int width, int height) {
    this.fps = fps;
    this.width = width;
    this.height = height;
  }

  public float fps() {
    return fps;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int numFrames() {
    return frames.size();
  }

  /** Adds one frame message of the extraction page (normalised coordinates). */
  void add(JsonNode frame) {
    Holistic.Part[] parts = Holistic.Part.values();
    float[][] byPart = new float[parts.length][];
    for (Holistic.Part part : parts) {
      JsonNode points = frame.get(KEYS[part.ordinal()]);
      if (points == null || !points.isArray() || points.size() < part.numPoints) {
        continue; // not detected (MediaPipe gives all points of a part or none)
      }
      int stride = part == Holistic.Part.POSE ? 4 : 3;
      float[] values = new float[stride * part.numPoints];
      for (int p = 0; p < part.numPoints; p++) {
        JsonNode point = points.get(p);
        for (int k = 0; k < stride; k++) {
          values[stride * p + k] = (float) point.path(k).asDouble(k == 3 ? 1 : 0);
        }
      }
      byPart[part.ordinal()] = values;
    }
    add(byPart);
  }

  /**
   * Adds one frame of normalised landmarks per part (pose, face, left hand, right hand; null where not detected):
   * x, y, z and, for the body, visibility per point.
   */
  public void add(float[][] normalised) {
    Holistic.Part[] parts = Holistic.Part.values();
    float[][] byPart = new float[parts.length][];
    for (Holistic.Part part : parts) {
      float[] points = normalised[part.ordinal()];
      if (points == null) {
        continue;
      }
      int stride = part == Holistic.Part.POSE ? 4 : 3;
      float[] values = new float[4 * part.numPoints];
      for (int p = 0; p < part.numPoints; p++) {
        values[4 * p] = points[stride * p] * width;
        values[4 * p + 1] = points[stride * p + 1] * height;
        values[4 * p + 2] = points[stride * p + 2];
        values[4 * p + 3] = part == Holistic.Part.POSE ? Math.max(0, Math.min(1, points[stride * p + 3])) : 1f;
      }
      byPart[part.ordinal()] = values;
    }
    frames.add(byPart);
  }

  /** Fraction of frames in which a part was detected. */
  public double detectionRate(Holistic.Part part) {
    if (frames.isEmpty()) {
      return 0;
    }
    return frames.stream().filter(f -> f[part.ordinal()] != null).count() / (double) frames.size();
  }

  /** Whether any frame has a body. */
  public boolean anyBody() {
    return detectionRate(Holistic.Part.POSE) > 0;
  }

  public PoseFile toPoseFile() {
    Holistic.Part[] parts = Holistic.Part.values();
    List<PoseFile.Component> components = Holistic.poseComponents();
    int numPoints = Holistic.totalPoints();
    float[] data = new float[frames.size() * numPoints * 3];
    float[] confidence = new float[frames.size() * numPoints];
    for (int f = 0; f < frames.size(); f++) {
      int point = f * numPoints;
      for (Holistic.Part part : parts) {
        float[] values = frames.get(f)[part.ordinal()];
        for (int p = 0; p < part.numPoints; p++, point++) {
          if (values != null) {
            data[3 * point] = values[4 * p];
            data[3 * point + 1] = values[4 * p + 1];
            data[3 * point + 2] = values[4 * p + 2];
            confidence[point] = values[4 * p + 3];
          }
        }
      }
    }
    return new PoseFile(0.2f, width, height, 0, components, fps, frames.size(), 1, 3, data, confidence);
  }
}
