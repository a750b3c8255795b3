package org.glossa.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.glossa.data.FaceSubset;
import org.glossa.data.StreamingFeatures;

/**
 * Fuzzes the live server's frame messages (issue 16): the first byte picks the image size (1 x 1, 1920 x 1080 or
 * 1e5 x 1e5), the rest is the message text. Text that is not JSON is the "not JSON" reply; JSON goes through
 * {@link LiveSession#landmarks}, whose documented contract for a malformed frame is an
 * IllegalArgumentException (answered with an "error" reply, the session goes on); accepted landmarks must be
 * finite or NaN (missing) and go through {@link StreamingFeatures} (the pure-Java part of a session) without
 * any exception. Seeds in {@code FrameJsonFuzzTestInputs/handlesAnyFrameMessage/}.
 */
class FrameJsonFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float[][] SIZES = {{1f, 1f}, {1920f, 1080f}, {1e5f, 1e5f}};

  @FuzzTest(maxDuration = "30s")
  void handlesAnyFrameMessage(byte[] data) {
    if (data.length == 0) {
      return;
    }
    float[] size = SIZES[Math.floorMod(data[0], SIZES.length)];
    JsonNode json;
    try {
      json = JSON.readTree(new String(Arrays.copyOfRange(data, 1, data.length), StandardCharsets.UTF_8));
    } catch (JsonProcessingException notJson) {
      return; // answered "not JSON" by LiveSession.handle
    }
    if (json == null) {
      return;
    }
    float[][] landmarks;
    try {
      landmarks = LiveSession.landmarks(json, size[0], size[1]);
    } catch (IllegalArgumentException errorReply) {
      return;
    }
    for (float[] part : landmarks) {
      if (part != null) {
        for (float v : part) {
          if (Float.isInfinite(v)) {
            throw new AssertionError("accepted an infinite coordinate");
          }
        }
      }
    }
    StreamingFeatures features = new StreamingFeatures(FaceSubset.COMPACT, 25f);
    for (int f = 0; f < 5; f++) {
      features.accept(landmarks);
    }
    features.finish();
  }
}
