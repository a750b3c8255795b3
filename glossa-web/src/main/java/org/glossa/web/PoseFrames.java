package org.glossa.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import org.glossa.data.DataException;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;

/**
 * A {@code .pose} recording written frame by frame as the JSON frame messages a live client sends ({@code POST
 * /api/pose}'s answer), without holding all its landmarks or the whole answer: the same frames as {@link
 * LiveSession#frames} of {@link org.glossa.data.LandmarkSequence#fromPose} (first person; parts by component name,
 * points by name; a point counts where its confidence is above zero and its coordinates are finite), one frame's
 * landmarks in memory at a time.
 */
public final class PoseFrames {

  private static final String[] PART_KEYS = {"pose", "face", "left_hand", "right_hand"};

  private final PoseFile pose;
  /** Per part, {file point, Holistic point} pairs ({@link LandmarkSequence#holisticPoints}); null where absent. */
  private final int[][][] mappings;
  /** Per part, the current frame's [2·points] x/y (NaN where not placed). */
  private final float[][] xy;

  /**
   * Checks the recording as {@code LandmarkSequence.fromPose} does (frames, at least one Holistic component).
   *
   * @throws DataException naming {@code source} when the recording has no frames or no Holistic component
   */
  public PoseFrames(PoseFile pose, Path source) {
    this.pose = pose;
    this.mappings = LandmarkSequence.holisticPoints(pose, source);
    xy = new float[mappings.length][];
    for (Holistic.Part part : Holistic.Part.values()) {
      xy[part.ordinal()] = new float[2 * part.numPoints];
    }
  }

  /** The frame rate a replay uses: the file's, or 25 where it says none. */
  public float fps() {
    return pose.fps() > 0 ? pose.fps() : 25f;
  }

  public int numFrames() {
    return pose.numFrames();
  }

  /** Writes frame {@code f} as {@code {"type": "frame", "pose": [[x, y] | null, ...] | null, ...}}. */
  public void write(int f, JsonGenerator out) throws IOException {
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
      boolean detected = LandmarkSequence.readPart(pose, mapping, f, points);
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
