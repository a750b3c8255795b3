package org.glossa.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;

/**
 * The JSON frame messages of the pages: what the live page sends the server per camera frame and what the
 * extraction and recognition pages draw.
 */
public final class FrameMessages {

  /** A frame message's keys of the Holistic parts, in {@link Holistic.Part} order. */
  public static final List<String> PART_KEYS = List.of("pose", "face", "left_hand", "right_hand");

  private static final ObjectMapper JSON = new ObjectMapper();

  private FrameMessages() {}

  /**
   * A recording as the frame messages a client sends: per frame {@code {"type": "frame", "pose": [[x, y], ...],
   * ...}}, parts not detected as null, points not placed as null, coordinates as stored (pixels for .pose files).
   */
  public static List<ObjectNode> frames(LandmarkSequence sequence) {
    List<ObjectNode> frames = new ArrayList<>(sequence.numFrames());
    for (int f = 0; f < sequence.numFrames(); f++) {
      ObjectNode frame = JSON.createObjectNode().put("type", "frame");
      for (Holistic.Part part : Holistic.Part.values()) {
        String key = PART_KEYS.get(part.ordinal());
        if (!sequence.detected(part, f)) {
          frame.putNull(key);
          continue;
        }
        ArrayNode points = frame.putArray(key);
        for (int p = 0; p < part.numPoints; p++) {
          float x = sequence.x(part, f, p);
          float y = sequence.y(part, f, p);
          if (Float.isNaN(x) || Float.isNaN(y)) {
            points.addNull();
          } else {
            points.addArray().add(x).add(y);
          }
        }
      }
      frames.add(frame);
    }
    return frames;
  }

}
