package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glossa.data.TestResources;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.TinyModel;
import org.glossa.web.FrameMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a free port, a real WebSocket client sending a MediaPipe recording frame by frame. */
class LiveServerTest {

  @TempDir
  static Path temp;
  static Path ckpt;

  @org.junit.jupiter.api.BeforeAll
  static void trainTinyModel() {
    ckpt = TinyModel.train(temp);
  }

  /** A client that queues the server's messages. */
  static WebSocket connect(HttpClient http, String url, BlockingQueue<String> received) throws Exception {
    return http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          received.add(text.toString());
          text.setLength(0);
        }
        ws.request(1);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
  }

  @Test
  void refusesExtraSessionsBadRatesAndBadNumbersWithoutDisturbingOthers() throws Exception {
    LandmarkSequence recording = recording("mediapipe.pose");
    ObjectMapper json = new ObjectMapper();
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8),
            new LiveServer.Limits(1, LiveServer.Limits.DEFAULT.maxFrameRate(), LiveServer.Limits.DEFAULT.idleTimeout()))) {
      int port = server.start();
      HttpClient http = HttpClient.newHttpClient();
      BlockingQueue<String> first = new LinkedBlockingQueue<>();
      WebSocket a = connect(http, "ws://127.0.0.1:" + port + "/ws", first);
      assertEquals("ready", json.readTree(first.poll(10, TimeUnit.SECONDS)).get("type").asText());
      BlockingQueue<String> second = new LinkedBlockingQueue<>();
      connect(http, "ws://127.0.0.1:" + port + "/ws", second);
      String refused = second.poll(10, TimeUnit.SECONDS);
      assertTrue(refused != null && refused.contains("sessions open"), String.valueOf(refused));
      // A coordinate out of range is an error for that frame only; the next frame is fine.
      StringBuilder frame = new StringBuilder("{\"type\":\"frame\",\"pose\":[[1e999,0.5]");
      for (int p = 1; p < 33; p++) {
        frame.append(",[0.5,0.5]");
      }
      a.sendText(frame.append("]}").toString(), true).get();
      JsonNode error = json.readTree(first.poll(10, TimeUnit.SECONDS));
      assertTrue(error.get("message").asText().contains("out of range"), error.toString());
      for (int f = 0; f < 40; f++) {
        a.sendText(frameJson(recording, f), true).get();
      }
      a.sendText("{\"type\":\"end\"}", true).get();
      JsonNode last = null;
      for (String m = first.poll(10, TimeUnit.SECONDS); m != null; m = first.poll(2, TimeUnit.SECONDS)) {
        last = json.readTree(m);
        if (last.get("type").asText().equals("final")) {
          break;
        }
      }
      assertEquals("final", last.get("type").asText());
      assertEquals(40, last.get("frames").asInt());
      a.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
    }
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      BlockingQueue<String> bad = new LinkedBlockingQueue<>();
      connect(HttpClient.newHttpClient(), "ws://127.0.0.1:" + port + "/ws?fps=abc", bad);
      String message = bad.poll(10, TimeUnit.SECONDS);
      assertTrue(message != null && message.contains("fps must be"), String.valueOf(message));
    }
  }

  static String frameJson(LandmarkSequence sequence, int f) {
    return FrameMessages.frames(sequence).get(f).toString();
  }

  /** A MediaPipe recording from the test resources. */
  static LandmarkSequence recording(String name) throws Exception {
    Path poseFile = TestResources.path("pose/" + name);
    return LandmarkSequence.fromPose(PoseFile.read(poseFile), poseFile);
  }

  /** What the library (streaming features + recognizer, window 32, hop 8) makes of a recording's frames. */
  static List<String> libraryGlosses(TrainedModel model, LandmarkSequence recording) throws Exception {
    LiveSession direct = new LiveSession(model, recording.fps(), new StreamOptions(32, 8));
    for (int f = 0; f < recording.numFrames(); f++) {
      direct.handle(frameJson(recording, f));
    }
    List<String> glosses = new ArrayList<>();
    for (String reply : direct.handle("{\"type\":\"end\"}")) {
      JsonNode node = new ObjectMapper().readTree(reply);
      if (node.get("type").asText().equals("final")) {
        node.get("glosses").forEach(g -> glosses.add(g.asText()));
      }
    }
    return glosses;
  }

  @Test
  void streamsARecordingOverTheWebSocketAndAnswersLikeTheLibrary() throws Exception {
    LandmarkSequence recording = recording("mediapipe.pose");

    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      HttpClient http = HttpClient.newHttpClient();
      String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(health.contains("\"status\":\"ok\""), health);

      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = connect(http, "ws://127.0.0.1:" + port + "/ws?fps=" + recording.fps(), received);
      ObjectMapper json = new ObjectMapper();
      assertEquals("ready", json.readTree(received.poll(10, TimeUnit.SECONDS)).get("type").asText());
      socket.sendText("{\"type\":\"frame\",\"pose\":[[0.1,0.2]]}", true).get();
      JsonNode error = json.readTree(received.poll(10, TimeUnit.SECONDS));
      assertEquals("error", error.get("type").asText());
      assertTrue(error.get("message").asText().contains("'pose' needs 33 points, got 1"), error.toString());
      for (int f = 0; f < recording.numFrames(); f++) {
        socket.sendText(frameJson(recording, f), true).get();
      }
      socket.sendText("{\"type\":\"end\"}", true).get();
      List<String> glosses = new ArrayList<>();
      JsonNode finalMessage = null;
      int partials = 0;
      while (finalMessage == null) {
        String message = received.poll(30, TimeUnit.SECONDS);
        assertTrue(message != null, "no final message");
        JsonNode node = json.readTree(message);
        switch (node.get("type").asText()) {
          case "gloss" -> glosses.add(node.get("gloss").asText());
          case "partial" -> partials++;
          case "final" -> finalMessage = node;
          default -> throw new AssertionError("unexpected " + message);
        }
      }
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
      assertEquals(recording.numFrames(), finalMessage.get("frames").asInt());
      List<String> finalGlosses = new ArrayList<>();
      finalMessage.get("glosses").forEach(g -> finalGlosses.add(g.asText()));
      assertEquals(glosses, finalGlosses, "the gloss messages add up to the final hypothesis");
      assertTrue(partials > 5, "partial hypotheses after windows: " + partials);

      // The same frames through the library (streaming features + recognizer) give the same glosses.
      List<String> expected = libraryGlosses(model, recording);
      assertEquals(expected, finalGlosses);
    }
  }

  @Test
  void dropsFramesOverTheRateLimitAndExplainsBadUploads() throws Exception {
    LandmarkSequence recording = recording("mediapipe.pose");
    ObjectMapper json = new ObjectMapper();
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8),
            new LiveServer.Limits(2, 2f, java.time.Duration.ofMinutes(1)))) {
      int port = server.start();
      HttpClient http = HttpClient.newHttpClient();
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = connect(http, "ws://127.0.0.1:" + port + "/ws", received);
      assertEquals("ready", json.readTree(received.poll(10, TimeUnit.SECONDS)).get("type").asText());
      // 2 messages/s with bursts of 10 s: 20 pass, the next frames sent at once are dropped with an
      // error, but for the few the bucket refills while they are sent; the end is never dropped.
      for (int f = 0; f < 30; f++) {
        socket.sendText(frameJson(recording, f), true).get();
      }
      socket.sendText("{\"type\":\"end\"}", true).get();
      int dropped = 0;
      for (String m = received.poll(10, TimeUnit.SECONDS); m != null; m = received.poll(2, TimeUnit.SECONDS)) {
        JsonNode node = json.readTree(m);
        if (node.get("type").asText().equals("error")) {
          assertTrue(node.get("message").asText().contains("messages per second"), m);
          dropped++;
        }
      }
      assertTrue(dropped >= 5 && dropped <= 11, "dropped " + dropped);

      // The replay endpoint: a recording comes back as frames; a corrupt upload is a 400 naming the file.
      Path poseFile = TestResources.path("pose/mediapipe.pose");
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/pose?name=mediapipe.pose")).POST(HttpRequest.BodyPublishers.ofFile(poseFile)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      JsonNode frames = json.readTree(ok.body()).get("frames");
      assertEquals(recording.numFrames(), frames.size());
      assertEquals(json.readTree(frameJson(recording, 5)), frames.get(5));
      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/pose?name=broken.pose")).POST(HttpRequest.BodyPublishers.ofString("not a pose file")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("broken.pose") && bad.body().contains("version"), bad.body());
      // The page and MediaPipe's files come from the jar.
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(page.body().contains("mediapipe/holistic/holistic.js"), page.body());
      HttpResponse<byte[]> wasm = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/mediapipe/holistic/holistic_solution_simd_wasm_bin.wasm")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, wasm.statusCode());
      assertEquals("application/wasm", wasm.headers().firstValue("content-type").orElse(""));
      assertTrue(wasm.body().length > 1_000_000, "MediaPipe's WASM binary");
    }
  }

  @Test
  void anUtteranceWithoutEndIsClosedByTheSessionAfterItsFrameLimit() throws Exception {
    LandmarkSequence recording = recording("mediapipe.pose");
    ObjectMapper json = new ObjectMapper();
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      LiveSession session = new LiveSession(model, recording.fps(), new StreamOptions(32, 8));
      session.maxUtteranceFrames = 50;
      List<Integer> finals = new ArrayList<>();
      for (int f = 0; f < 120; f++) {
        for (String reply : session.handle(frameJson(recording, f))) {
          JsonNode node = json.readTree(reply);
          if (node.get("type").asText().equals("final")) {
            finals.add(node.get("frames").asInt());
          }
        }
      }
      assertEquals(List.of(50, 50), finals, "two utterances of 50 frames ended by the session itself");
    }
  }
}
