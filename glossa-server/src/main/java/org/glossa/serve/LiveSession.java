package org.glossa.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.StreamingFeatures;
import org.glossa.model.FrameModel;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;
import org.glossa.web.FrameMessages;

/**
 * One live connection: MediaPipe Holistic landmark frames (JSON, see docs/streaming.md) in, glosses out.
 * Landmarks become enhanced features as they arrive ({@link StreamingFeatures}) and go through the streaming
 * recognizer. Each call takes one message and returns the messages to send back; bad messages get an "error"
 * reply and the session goes on.
 */
public final class LiveSession {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Frames after which an utterance ends by itself (ten minutes at 25 fps): what a session keeps (glosses, the
   * body-scale median, latencies) grows with the utterance, so a client that never sends "end" cannot grow it
   * without bound.
   */
  static final int MAX_UTTERANCE_FRAMES = 15_000;
  int maxUtteranceFrames = MAX_UTTERANCE_FRAMES;

  private final FrameModel model;
  private final float fps;
  private final StreamOptions stream;
  private final float width;
  private final float height;
  /** Sees every accepted frame's landmarks (tests watch what reaches the server through it). */
  java.util.function.Consumer<float[][]> tap = landmarks -> { };
  private StreamingFeatures features;
  private StreamingRecognizer recognizer;
  private long frames;

  public LiveSession(FrameModel model, float fps, StreamOptions stream) {
    this(model, fps, stream, 1f, 1f);
  }

  /**
   * With the image size the coordinates are relative to: x is multiplied by {@code width} and y by {@code height}
   * (MediaPipe gives coordinates in [0, 1] of each side; features built from {@code .pose} files are in pixels, so
   * a model trained on those needs the image's aspect ratio back). 1 and 1 take the coordinates as they come.
   */
  public LiveSession(FrameModel model, float fps, StreamOptions stream, float width, float height) {
    this.model = model;
    this.fps = fps;
    this.stream = stream;
    this.width = width;
    this.height = height;
    reset();
  }

  private void reset() {
    FaceSubset subset = EnhancedFeatures.faceSubsetFor(model.pipeline().inputDim()).orElseThrow(() ->
        new IllegalArgumentException("the model reads " + model.pipeline().inputDim() + " feature columns, which "
            + "match no landmark feature layout: it cannot recognise live landmarks"));
    features = new StreamingFeatures(subset, fps);
    recognizer = new StreamingRecognizer(model, stream);
    frames = 0;
  }

  /** The greeting sent when a client connects. */
  public String ready() {
    ObjectNode m = JSON.createObjectNode().put("type", "ready").put("glosses", model.vocabulary().size())
        .put("fps", fps).put("window", stream.window()).put("hop", stream.hop());
    return m.toString();
  }

  /** Handles one client message; returns the replies in order. */
  public List<String> handle(String message) {
    JsonNode json;
    try {
      json = JSON.readTree(message);
    } catch (Exception e) {
      return List.of(error("not JSON: " + e.getMessage().lines().findFirst().orElse("")));
    }
    String type = json.path("type").asText("");
    switch (type) {
      case "frame":
        float[][] landmarks;
        try {
          landmarks = landmarks(json, width, height);
        } catch (IllegalArgumentException e) {
          return List.of(error("frame " + frames + ": " + e.getMessage()));
        }
        frames++;
        tap.accept(landmarks);
        List<String> replies = new ArrayList<>();
        for (float[] row : features.accept(landmarks)) {
          feed(row, replies);
        }
        if (frames >= maxUtteranceFrames) {
          replies.addAll(endUtterance()); // a client that never sends "end" still has bounded state
        }
        return replies;
      case "end":
        return endUtterance();
      default:
        return List.of(error("unknown message type '" + type + "' (expected frame or end)"));
    }
  }

  /** Decodes the frames left, answers the whole utterance and starts afresh. */
  private List<String> endUtterance() {
    List<String> last = new ArrayList<>();
    for (float[] row : features.finish()) {
      feed(row, last);
    }
    recognizer.finish().forEach(g -> last.add(gloss(g)));
    ObjectNode done = JSON.createObjectNode().put("type", "final").put("frames", frames);
    recognizer.glosses().forEach(done.putArray("glosses")::add);
    last.add(done.toString());
    reset();
    return last;
  }

  private void feed(float[] row, List<String> replies) {
    long windows = recognizer.windowsRun();
    recognizer.accept(row).forEach(g -> replies.add(gloss(g)));
    if (recognizer.windowsRun() != windows) {
      ObjectNode partial = JSON.createObjectNode().put("type", "partial");
      recognizer.hypothesis().partial().forEach(partial.putArray("glosses")::add);
      replies.add(partial.toString());
    }
  }

  private String gloss(StreamingRecognizer.Gloss g) {
    return JSON.createObjectNode().put("type", "gloss").put("gloss", g.gloss()).put("frame", g.startFrame())
        .put("time_s", g.startFrame() / fps).toString();
  }

  /** Longest message checked for being a control message; frames are longer, unless nearly empty. */
  private static final int MAX_CONTROL_CHARS = 256;

  /**
   * Whether a message is a control message ({@code {"type": "end"}}), which the server's frame-rate limit never
   * drops. Short messages only are parsed, so the check costs nothing for frames.
   */
  static boolean isControl(String message) {
    if (message.length() > MAX_CONTROL_CHARS || !message.contains("end")) {
      return false;
    }
    try {
      return "end".equals(JSON.readTree(message).path("type").asText(""));
    } catch (Exception e) {
      return false; // not JSON: handle() says so
    }
  }

  static String error(String message) {
    return JSON.createObjectNode().put("type", "error").put("message", message).toString();
  }

  /**
   * One coordinate times its image side ({@code scale}); refused unless a number whose scaled value is a finite
   * float (a finite 3e38 times a width of 1e5 is not).
   */
  static float coordinate(JsonNode value, float scale, String part, int point) {
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("'" + part + "' point " + point + " has a coordinate that is not a number: "
          + value);
    }
    float v = (float) value.asDouble();
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException("'" + part + "' point " + point + " has a coordinate out of range: " + value);
    }
    float scaled = v * scale;
    if (!Float.isFinite(scaled)) {
      throw new IllegalArgumentException("'" + part + "' point " + point + " has a coordinate out of range: " + value
          + " times the image side " + scale + " is not a finite number");
    }
    return scaled;
  }

  /**
   * Per part [2·points] x/y (x times {@code width}, y times {@code height}), or null where the part is absent, null
   * or empty in the message. A malformed frame (wrong point count, a coordinate that is not a number or not finite
   * once scaled) is an IllegalArgumentException: the session answers it with an error reply and goes on.
   */
  static float[][] landmarks(JsonNode json, float width, float height) {
    Holistic.Part[] parts = Holistic.Part.values();
    float[][] out = new float[parts.length][];
    for (int i = 0; i < FrameMessages.PART_KEYS.size(); i++) {
      Holistic.Part part = Holistic.Part.valueOf(FrameMessages.PART_KEYS.get(i).toUpperCase(java.util.Locale.ROOT));
      JsonNode points = json.get(FrameMessages.PART_KEYS.get(i));
      if (points == null || points.isNull() || (points.isArray() && points.isEmpty())) {
        continue;
      }
      if (!points.isArray() || points.size() != part.numPoints) {
        throw new IllegalArgumentException("'" + FrameMessages.PART_KEYS.get(i) + "' needs " + part.numPoints + " points, got "
            + (points.isArray() ? points.size() : points.getNodeType()));
      }
      float[] xy = new float[2 * part.numPoints];
      for (int p = 0; p < part.numPoints; p++) {
        JsonNode point = points.get(p);
        if (point.isNull()) {
          xy[2 * p] = Float.NaN; // a point the detector did not place
          xy[2 * p + 1] = Float.NaN;
        } else if (point.isArray() && point.size() >= 2) {
          xy[2 * p] = coordinate(point.get(0), width, FrameMessages.PART_KEYS.get(i), p);
          xy[2 * p + 1] = coordinate(point.get(1), height, FrameMessages.PART_KEYS.get(i), p);
        } else if (point.isObject()) {
          xy[2 * p] = coordinate(point.path("x"), width, FrameMessages.PART_KEYS.get(i), p);
          xy[2 * p + 1] = coordinate(point.path("y"), height, FrameMessages.PART_KEYS.get(i), p);
        } else {
          throw new IllegalArgumentException("'" + FrameMessages.PART_KEYS.get(i) + "' point " + p + " is neither [x, y, ...], "
              + "{x, y, ...} nor null");
        }
      }
      out[part.ordinal()] = xy;
    }
    return out;
  }
}
