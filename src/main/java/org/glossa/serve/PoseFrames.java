package org.glossa.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.DataException;
import org.glossa.data.Holistic;
import org.glossa.data.PoseFile;

/**
 * A {@code .pose} recording written frame by frame as the JSON frame messages a live client sends ({@code POST
 * /api/pose}'s answer), without holding all its landmarks or the whole answer: the same frames as {@link
 * LiveSession#frames} of {@link org.glossa.data.LandmarkSequence#fromPose} (first person; parts by component name,
 * points by name; a point counts where its confidence is above zero and its coordinates are finite), one frame's
 * landmarks in memory at a time.
 */
final class PoseFrames {

  private static final String[] PART_KEYS = {"pose", "face", "left_hand", "right_hand"};

  private final PoseFile pose;
  private final int numPoints;
  /** Per part, {file point, holistic point} pairs; null where the file has no such component. */
  private final int[][][] mappings;
  /** Per part, the current frame's [2·points] x/y (NaN where not placed). */
  private final float[][] xy;

  /**
   * Checks the recording as {@code LandmarkSequence.fromPose} does (frames, at least one Holistic component).
   *
   * @throws DataException naming {@code source} when the recording has no frames or no Holistic component
   */
  PoseFrames(PoseFile pose, Path source) {
    if (pose.numFrames() == 0) {
      throw DataException.inFile(source, "the .pose file has no frames");
    }
    this.pose = pose;
    this.numPoints = pose.numPoints();
    Holistic.Part[] parts = Holistic.Part.values();
    mappings = new int[parts.length][][];
    xy = new float[parts.length][];
    boolean anyPart = false;
    for (Holistic.Part part : parts) {
      PoseFile.Component component = pose.component(part.componentName);
      if (component == null) {
        continue;
      }
      anyPart = true;
      int offset = pose.componentOffset(part.componentName);
      Map<String, Integer> index = new HashMap<>();
      List<String> names = part.pointNames();
      for (int i = 0; i < names.size(); i++) {
        index.put(names.get(i), i);
      }
      List<int[]> mapping = new ArrayList<>();
      for (int p = 0; p < component.points().size(); p++) {
        Integer target = index.get(component.points().get(p));
        if (target != null) {
          mapping.add(new int[] {offset + p, target});
        }
      }
      mappings[part.ordinal()] = mapping.toArray(new int[0][]);
      xy[part.ordinal()] = new float[2 * part.numPoints];
    }
    if (!anyPart) {
      throw DataException.inFile(source, "no MediaPipe Holistic components (POSE_LANDMARKS, FACE_LANDMARKS, "
          + "LEFT_HAND_LANDMARKS, RIGHT_HAND_LANDMARKS) in the .pose file");
    }
  }

  /** The frame rate a replay uses: the file's, or 25 where it says none. */
  float fps() {
    return pose.fps() > 0 ? pose.fps() : 25f;
  }

  int numFrames() {
    return pose.numFrames();
  }

  /** Writes frame {@code f} as {@code {"type": "frame", "pose": [[x, y] | null, ...] | null, ...}}. */
  void write(int f, JsonGenerator out) throws IOException {
    float[] data = pose.data();
    float[] confidence = pose.confidence();
    int numDims = pose.numDims();
    long first = (long) f * pose.numPeople() * numPoints; // person 0 of frame f
    out.writeStartObject();
    out.writeStringField("type", "frame");
    for (Holistic.Part part : Holistic.Part.values()) {
      out.writeFieldName(PART_KEYS[part.ordinal()]);
      int[][] mapping = mappings[part.ordinal()];
      if (mapping == null) {
        out.writeNull();
        continue;
      }
      float[] points = xy[part.ordinal()];
      Arrays.fill(points, Float.NaN);
      boolean detected = false;
      for (int[] m : mapping) {
        int point = (int) (first + m[0]);
        float x = data[point * numDims];
        float y = data[point * numDims + 1];
        if (confidence[point] > 0 && Float.isFinite(x) && Float.isFinite(y)) {
          points[2 * m[1]] = x;
          points[2 * m[1] + 1] = y;
          detected = true;
        }
      }
      if (!detected) {
        out.writeNull();
        continue;
      }
      out.writeStartArray();
      for (int p = 0; p < part.numPoints; p++) {
        float x = points[2 * p];
        float y = points[2 * p + 1];
        if (Float.isNaN(x) || Float.isNaN(y)) {
          out.writeNull();
        } else {
          out.writeStartArray();
          out.writeNumber(x);
          out.writeNumber(y);
          out.writeEndArray();
        }
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }
}
