package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.data.LandmarkSequence;
import org.glossa.model.Presets;
import org.glossa.network.TrainedModel;
import org.glossa.web.FrameMessages;
import org.junit.jupiter.api.Test;

/** Frame JSON of the live server: coordinates checked after scaling, extreme ones harmless (issue 16). */
class LiveSessionLandmarksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An untrained tiny student on the compact enhanced-feature layout: enough to run a session end to end. */
  static TrainedModel untrainedModel() {
    FeatureLayout layout = EnhancedFeatures.layout(FaceSubset.COMPACT);
    GlossVocabulary vocabulary = new GlossVocabulary(List.of("HELLO", "WORLD"));
    ai.djl.engine.Engine.getInstance().setRandomSeed(5);
    return new TrainedModel(Presets.config("student", "tiny", layout.modalities(), vocabulary.numClasses(), 0.1f),
        vocabulary, FeaturePipeline.identity(layout));
  }

  /** A frame of the recording with every coordinate replaced by {@code value} (alternating sign if asked). */
  static ObjectNode extreme(ObjectNode frame, double value, boolean alternate) {
    ObjectNode copy = frame.deepCopy();
    int[] k = {0};
    copy.fields().forEachRemaining(e -> {
      if (e.getValue().isArray()) {
        for (JsonNode point : e.getValue()) {
          if (point.isArray()) {
            ArrayNode xy = (ArrayNode) point;
            xy.set(0, JSON.getNodeFactory().numberNode(alternate && k[0]++ % 2 == 0 ? -value : value));
            xy.set(1, JSON.getNodeFactory().numberNode(value));
          }
        }
      }
    });
    return copy;
  }

  @Test
  void issue16RefusesACoordinateThatIsNotFiniteOnceScaled() throws Exception {
    LandmarkSequence recording = LiveServerTest.recording("mediapipe.pose");
    ObjectNode frame = extreme(FrameMessages.frames(recording).get(0), 3e38, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiveSession.landmarks(frame, 1e5f, 1e5f));
    assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
    float[] pose = LiveSession.landmarks(frame, 1f, 1f)[0];
    int placed = 0;
    for (float v : pose) {
      if (!Float.isNaN(v)) {
        assertEquals(3e38f, v);
        placed++;
      }
    }
    assertTrue(placed > 0);
  }

  @Test
  void issue16ExtremeFiniteCoordinatesNeitherCrashTheSessionNorEndIt() throws Exception {
    LandmarkSequence recording = LiveServerTest.recording("mediapipe.pose");
    List<ObjectNode> frames = FrameMessages.frames(recording);
    try (TrainedModel model = untrainedModel()) {
      for (float side : new float[] {1f, 1e5f}) {
        LiveSession session = new LiveSession(model, recording.fps(), new StreamOptions(16, 4), side, side);
        List<String> replies = new ArrayList<>();
        int sent = 0;
        for (int f = 0; f < 40; f++) {
          ObjectNode frame = frames.get(f % frames.size());
          ObjectNode hostile = switch (f % 5) {
            case 1 -> extreme(frame, 1e30, false);
            case 2 -> extreme(frame, 1e30, true);
            case 3 -> extreme(frame, 3.4e38 / side, true);
            case 4 -> extreme(frame, 1e-30, true);
            default -> frame;
          };
          replies.addAll(session.handle(hostile.toString()));
          sent++;
        }
        // a stream made only of extreme frames, too
        for (int f = 0; f < 12; f++) {
          replies.addAll(session.handle(extreme(frames.get(0), f % 2 == 0 ? 1e30 : 3e38 / side, true).toString()));
          sent++;
        }
        replies.addAll(session.handle("{\"type\":\"end\"}"));
        JsonNode last = JSON.readTree(replies.get(replies.size() - 1));
        assertEquals("final", last.get("type").asText(), replies.toString());
        assertEquals(sent, last.get("frames").asInt(), "every extreme frame was accepted: " + replies);
        for (String reply : replies) {
          assertTrue(!reply.contains("\"error\""), reply);
        }
      }
    }
  }
}
