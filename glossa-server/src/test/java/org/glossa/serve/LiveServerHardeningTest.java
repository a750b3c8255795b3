package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
import org.glossa.web.OriginPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the server a hostile web page or client meets: other origins refused before any session exists, the
 * session cap holds under a stampede, "end" survives the rate limit, internal errors stay on the server, and
 * {@code /api/pose} uploads are capped in frames and in concurrency and answered frame by frame.
 */
class LiveServerHardeningTest {

  @TempDir
  static Path temp;
  static Path ckpt;
  static TrainedModel model;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void trainTinyModel() {
    ckpt = TinyModel.train(temp);
    model = Checkpoint.load(ckpt).model();
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  /** A WebSocket to {@code url} with these extra headers; its messages go to {@code received}. */
  static CompletableFuture<WebSocket> open(String url, BlockingQueue<String> received, String... headers) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.buildAsync(URI.create(url), new WebSocket.Listener() {
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

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        received.add("closed " + statusCode + " " + reason);
        return null;
      }
    });
  }

  static int sessions(int port) throws Exception {
    String health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return JSON.readTree(health).get("sessions").asInt();
  }

  static HttpResponse<String> upload(int port, String name, byte[] pose, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pose?name="
        + name)).POST(HttpRequest.BodyPublishers.ofByteArray(pose));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String type(String message) throws Exception {
    return JSON.readTree(message).get("type").asText();
  }

  @Test
  void refusesSocketsAndUploadsFromOtherOriginsBeforeAnySessionExists() throws Exception {
    byte[] recording = PoseFile.read(TestResources.path("pose/mediapipe.pose")).toBytes();
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8), LiveServer.Limits.DEFAULT,
        OriginPolicy.sameOriginAnd(List.of("http://localhost:3000/")))) {
      int port = server.start();
      String ws = "ws://127.0.0.1:" + port + "/ws";
      for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + (port + 1),
          "https://127.0.0.1:" + port)) {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
            () -> open(ws, received, "Origin", origin).join(), origin);
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class,
            refused.getCause(), origin);
        assertEquals(403, handshake.getResponse().statusCode(), origin);
        assertEquals(0, sessions(port), "no session for " + origin);

        HttpResponse<String> upload = upload(port, "x.pose", recording, "Origin", origin);
        assertEquals(403, upload.statusCode(), origin);
        assertFalse(upload.body().contains("\"frames\""), upload.body());
      }
      // The page's own origin, an added one, and clients that send none (curl, the load generator) are let in.
      for (String origin : List.of("http://127.0.0.1:" + port, "http://localhost:3000", "")) {
        String[] headers = origin.isEmpty() ? new String[0] : new String[] {"Origin", origin};
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = open(ws, received, headers).get(10, TimeUnit.SECONDS);
        assertEquals("ready", type(received.poll(10, TimeUnit.SECONDS)), origin);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        HttpResponse<String> upload = upload(port, "x.pose", recording, headers);
        assertEquals(200, upload.statusCode(), origin + ": " + upload.body());
      }
    }
  }

  /** The status line of a raw HTTP/1.1 request (Java's client will not send another Host header). */
  static String rawStatus(int port, String method, String path, String host, String... headers) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      if (!List.of(headers).contains("Connection")) {
        request.append("Connection: close\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void refusesRequestsAddressedToAForeignHostNameAsInDnsRebinding() throws Exception {
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8), LiveServer.Limits.DEFAULT)) {
      int port = server.start();
      String evil = "evil.example:" + port;
      // The rebinding page is "same origin" (its Origin names the Host it sends), so only the Host check stops it.
      String[] upgrade = {"Origin", "http://" + evil, "Upgrade", "websocket", "Connection", "Upgrade",
          "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"};
      for (String path : List.of("/health", "/", "/index.html")) {
        assertTrue(rawStatus(port, "GET", path, evil).contains(" 403 "), path);
      }
      assertTrue(rawStatus(port, "GET", "/ws", evil, upgrade).contains(" 403 "));
      assertEquals(0, sessions(port));
      for (String host : List.of("127.0.0.1:" + port, "localhost:" + port)) {
        assertTrue(rawStatus(port, "GET", "/health", host).contains(" 200 "), host);
        String[] own = upgrade.clone();
        own[1] = "http://" + host;
        assertTrue(rawStatus(port, "GET", "/ws", host, own).contains(" 101 "), host);
      }
    }
  }

  @Test
  void admitsExactlyTheSessionCapWhenAHundredClientsConnectAtOnce() throws Exception {
    int cap = 16;
    int clients = 100;
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8), new LiveServer.Limits(cap, 100f,
        Duration.ofMinutes(1)))) {
      int port = server.start();
      String ws = "ws://127.0.0.1:" + port + "/ws";
      for (int round = 0; round < 2; round++) { // the second round: every reservation was released exactly once
        CountDownLatch go = new CountDownLatch(1);
        List<BlockingQueue<String>> inboxes = new ArrayList<>();
        List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
          CompletableFuture<WebSocket> socket = new CompletableFuture<>();
          inboxes.add(inbox);
          sockets.add(socket);
          Thread thread = new Thread(() -> {
            try {
              go.await();
              open(ws, inbox).whenComplete((s, e) -> {
                if (e != null) {
                  socket.completeExceptionally(e);
                } else {
                  socket.complete(s);
                }
              });
            } catch (InterruptedException e) {
              socket.completeExceptionally(e);
            }
          });
          thread.start();
          threads.add(thread);
        }
        go.countDown();
        int ready = 0;
        int refused = 0;
        for (BlockingQueue<String> inbox : inboxes) {
          String first = inbox.poll(30, TimeUnit.SECONDS);
          assertNotNull(first, "every client hears from the server");
          if (first.startsWith("{") && type(first).equals("ready")) {
            ready++;
          } else {
            refused++;
          }
        }
        assertEquals(cap, ready, "admitted while all " + clients + " connected at once (round " + round + ")");
        assertEquals(clients - cap, refused);
        assertEquals(cap, sessions(port));
        for (CompletableFuture<WebSocket> socket : sockets) {
          WebSocket s = socket.get(10, TimeUnit.SECONDS);
          if (!s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "done");
          }
        }
        for (Thread thread : threads) {
          thread.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sessions(port) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(0, sessions(port), "all sessions closed (round " + round + ")");
      }
    }
  }

  @Test
  void endIsAnsweredWithAFinalAfterABurstBeyondTheRateLimit() throws Exception {
    LandmarkSequence recording = LiveServerTest.recording("mediapipe.pose");
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8), new LiveServer.Limits(1, 2f,
        Duration.ofMinutes(1)))) {
      int port = server.start();
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = open("ws://127.0.0.1:" + port + "/ws", received).get(10, TimeUnit.SECONDS);
      assertEquals("ready", type(received.poll(10, TimeUnit.SECONDS)));
      // 2 frames/s with bursts of 20: most of these 200 are dropped, the end after them is not.
      for (int f = 0; f < 200; f++) {
        socket.sendText(LiveServerTest.frameJson(recording, f % recording.numFrames()), true).get();
      }
      socket.sendText("{\"type\":\"end\"}", true).get();
      int dropped = 0;
      JsonNode last = null;
      for (String m = received.poll(10, TimeUnit.SECONDS); m != null; m = received.poll(10, TimeUnit.SECONDS)) {
        last = JSON.readTree(m);
        if (last.get("type").asText().equals("error")) {
          dropped++;
        } else if (last.get("type").asText().equals("final")) {
          break;
        }
      }
      assertNotNull(last);
      assertEquals("final", last.get("type").asText(), "the end got its final");
      assertEquals(200, dropped + last.get("frames").asInt(), "every frame either recognised or dropped");
      assertTrue(dropped >= 150, "dropped " + dropped);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
    }
  }

  @Test
  void anInternalErrorClosesTheSessionWithAGenericMessageAndLeavesOthersRunning() throws Exception {
    LandmarkSequence recording = LiveServerTest.recording("mediapipe.pose");
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      BlockingQueue<String> healthy = new LinkedBlockingQueue<>();
      WebSocket other = open("ws://127.0.0.1:" + port + "/ws", healthy).get(10, TimeUnit.SECONDS);
      assertEquals("ready", type(healthy.poll(10, TimeUnit.SECONDS)));
      server.tap(landmarks -> {
        throw new IllegalStateException("secret internal detail at Index -1 out of bounds");
      });
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = open("ws://127.0.0.1:" + port + "/ws", received).get(10, TimeUnit.SECONDS);
      assertEquals("ready", type(received.poll(10, TimeUnit.SECONDS)));
      // A client's own mistake keeps its clear message ...
      socket.sendText("{\"type\":\"frame\",\"pose\":[[0.1,0.2]]}", true).get();
      String mistake = received.poll(10, TimeUnit.SECONDS);
      assertTrue(mistake.contains("'pose' needs 33 points, got 1"), mistake);
      // ... a failure inside the server does not reach the client.
      socket.sendText(LiveServerTest.frameJson(recording, 0), true).get();
      List<String> after = new ArrayList<>();
      for (String m = received.poll(10, TimeUnit.SECONDS); m != null; m = received.poll(1, TimeUnit.SECONDS)) {
        after.add(m);
      }
      assertTrue(after.stream().anyMatch(m -> m.contains("internal server error")), after.toString());
      assertTrue(after.stream().anyMatch(m -> m.startsWith("closed 1011 internal error")), after.toString());
      assertTrue(after.stream().noneMatch(m -> m.contains("secret") || m.contains("Index")), after.toString());
      assertEquals(1, sessions(port), "the failed session is released, the other one goes on");
      other.sendText("{\"type\":\"end\"}", true).get();
      assertEquals("final", type(healthy.poll(10, TimeUnit.SECONDS)));
    }
  }

  /** {@code numFrames} frames of full Holistic (543 points, XYZC, one person), random pixels, some undetected. */
  static PoseFile fullHolistic(int numFrames, long seed) {
    List<PoseFile.Component> components = Holistic.poseComponents();
    int numPoints = Holistic.totalPoints();
    Random random = new Random(seed);
    float[] data = new float[numFrames * numPoints * 3];
    float[] confidence = new float[numFrames * numPoints];
    for (int i = 0; i < confidence.length; i++) {
      confidence[i] = random.nextInt(10) == 0 ? 0f : 1f;
      data[3 * i] = random.nextFloat() * 1280;
      data[3 * i + 1] = random.nextFloat() * 720;
    }
    return new PoseFile(0.2f, 1280, 720, 0, components, 25f, numFrames, 1, 3, data, confidence);
  }

  /** A .pose of {@code numFrames} frames of one point each (12 bytes a frame): 4 KB of JSON per frame if answered. */
  static byte[] onePointPerFrame(int numFrames) {
    PoseFile.Component nose = new PoseFile.Component("POSE_LANDMARKS", "XYC", List.of("NOSE"), List.of(),
        List.of());
    return new PoseFile(0.2f, 640, 480, 0, List.of(nose), 25f, numFrames, 1, 2, new float[2 * numFrames],
        new float[numFrames]).toBytes();
  }

  static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  @Test
  void refusesAnUploadOfManyTinyFramesQuicklyWithBoundedMemory() throws Exception {
    byte[] hostile = onePointPerFrame(700_000); // 8.4 MB; was 5.7 GB of heap
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      long allocatedBefore = allocatedBytes();
      long start = System.nanoTime();
      HttpResponse<String> refused = upload(port, "tiny-frames.pose", hostile);
      double seconds = (System.nanoTime() - start) / 1e9;
      long allocatedMb = (allocatedBytes() - allocatedBefore) / (1024 * 1024);
      assertEquals(413, refused.statusCode(), refused.body());
      JsonNode error = JSON.readTree(refused.body());
      assertEquals("error", error.get("type").asText());
      assertTrue(error.get("message").asText().contains("tiny-frames.pose: 700000 frames; an upload may hold at most "
          + LiveServer.MAX_UPLOAD_FRAMES), refused.body());
      // The upload's bytes, its floats and buffers: tens of MB, not the gigabytes of 4 KB of JSON per frame.
      assertTrue(allocatedMb < 200, "allocated " + allocatedMb + " MB for an 8 MB upload");
      assertTrue(seconds < 30, "refused after " + seconds + " s");
      System.out.printf("hostile upload (8.4 MB, 700000 frames): %d in %.2f s, %d MB allocated in the JVM%n",
          refused.statusCode(), seconds, allocatedMb);
    }
  }

  @Test
  void answersUploadsFrameByFrameInTheFormatTheReplayPageReads() throws Exception {
    // Two people, a component missing, points the file lacks, undetected points and whole undetected parts.
    List<PoseFile.Component> components = List.of(
        new PoseFile.Component("POSE_LANDMARKS", "XYZC", Holistic.POSE_NAMES, List.of(), List.of()),
        new PoseFile.Component("POSE_WORLD_LANDMARKS", "XYZC", Holistic.POSE_NAMES, List.of(), List.of()),
        new PoseFile.Component("LEFT_HAND_LANDMARKS", "XYZC", Holistic.HAND_NAMES.subList(0, 15), List.of(),
            List.of()),
        new PoseFile.Component("RIGHT_HAND_LANDMARKS", "XYZC", Holistic.HAND_NAMES, List.of(), List.of()));
    int numPoints = 33 + 33 + 15 + 21;
    int numFrames = 30;
    Random random = new Random(16);
    float[] data = new float[numFrames * 2 * numPoints * 3];
    float[] confidence = new float[numFrames * 2 * numPoints];
    for (int i = 0; i < confidence.length; i++) {
      int frame = i / (2 * numPoints);
      confidence[i] = frame % 7 == 3 || random.nextInt(8) == 0 ? 0f : random.nextFloat();
      data[3 * i] = random.nextInt(20) == 0 ? Float.NaN : random.nextFloat() * 640;
      data[3 * i + 1] = random.nextFloat() * 480;
    }
    PoseFile pose = new PoseFile(0.2f, 640, 480, 0, components, 0f, numFrames, 2, 3, data, confidence);
    Path mediapipe = TestResources.path("pose/mediapipe.pose");
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      for (PoseFile file : List.of(pose, PoseFile.read(mediapipe), fullHolistic(LiveServer.MAX_UPLOAD_FRAMES / 8,
          5))) {
        HttpResponse<String> answer = upload(port, "a%20b.pose", file.toBytes());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("content-type").orElse(""));
        LandmarkSequence sequence = LandmarkSequence.fromPose(file, Path.of("x.pose"));
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(List.of("name", "fps", "width", "height", "frames"), iterable(body.fieldNames()));
        assertEquals("a b.pose", body.get("name").asText());
        assertEquals(sequence.fps(), body.get("fps").floatValue());
        assertEquals(file.width(), body.get("width").asInt());
        assertEquals(file.height(), body.get("height").asInt());
        List<com.fasterxml.jackson.databind.node.ObjectNode> expected = FrameMessages.frames(sequence);
        assertEquals(expected.size(), body.get("frames").size());
        for (int f = 0; f < expected.size(); f++) {
          assertEquals(JSON.readTree(expected.get(f).toString()), body.get("frames").get(f), "frame " + f);
        }
      }
      // Corrupt and empty files: 400 naming the upload.
      HttpResponse<String> empty = upload(port, "empty.pose", fullHolistic(0, 1).toBytes());
      assertEquals(400, empty.statusCode());
      assertTrue(empty.body().contains("empty.pose") && empty.body().contains("no frames"), empty.body());
    }
  }

  static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  @Test
  void convertsTheLargestAllowedUploadAndAsksOthersToRetryMeanwhile() throws Exception {
    byte[] largest = largestAllowedUpload();
    try (LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      // A client that posts the largest upload and does not read the answer keeps its conversion going.
      try (Socket slow = new Socket("127.0.0.1", port)) {
        OutputStream out = slow.getOutputStream();
        out.write(("POST /api/pose?name=slow.pose HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: "
            + largest.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(largest);
        out.flush();
        HttpResponse<String> busy = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
          busy = upload(port, "second.pose", onePointPerFrame(10));
          if (busy.statusCode() == 503) {
            break;
          }
          Thread.sleep(100);
        }
        assertNotNull(busy);
        assertEquals(503, busy.statusCode(), busy.body());
        assertEquals(String.valueOf(LiveServer.UPLOAD_RETRY_AFTER_SECONDS),
            busy.headers().firstValue("retry-after").orElse(""));
        assertTrue(busy.body().contains("second.pose") && busy.body().contains("try again"), busy.body());
        InputStream in = slow.getInputStream();
        byte[] head = in.readNBytes(15);
        assertEquals("HTTP/1.1 200 OK", new String(head, StandardCharsets.US_ASCII));
      }
      // The slow client went away: its conversion ends and the next upload, the largest allowed, goes through.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      HttpResponse<InputStream> answer;
      do {
        answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pose?name=big.pose"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(largest)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() == 503) {
          answer.body().close();
          Thread.sleep(100);
        }
      } while (answer.statusCode() == 503 && System.nanoTime() < deadline);
      assertEquals(200, answer.statusCode());
      int frames = 0;
      try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(answer.body())) {
        // counts the frames as they stream in, without holding the answer (about 100 MB of JSON)
        int depth = 0;
        for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token.isStructStart()) {
            depth++;
            if (depth == 3 && token == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
              frames++;
            }
          } else if (token.isStructEnd()) {
            depth--;
          }
        }
      }
      assertEquals(largestAllowedFrames(), frames);
    }
  }

  /** Frames of full Holistic that fit in the upload size limit (or the frame limit, if that comes first). */
  static int largestAllowedFrames() {
    int header = fullHolistic(1, 0).toBytes().length - 543 * 16;
    return (int) Math.min(LiveServer.MAX_UPLOAD_FRAMES, (LiveServer.MAX_UPLOAD_BYTES - header) / (543 * 16));
  }

  /** The largest upload the server accepts: full Holistic frames up to the upload size limit. */
  static byte[] largestAllowedUpload() {
    return fullHolistic(largestAllowedFrames(), 7).toBytes();
  }
}
