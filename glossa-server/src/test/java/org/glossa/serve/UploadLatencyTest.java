package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.glossa.data.TestResources;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.TinyModel;
import org.glossa.web.FrameMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a live session's reply latency does not move while uploads convert. A 25 fps real-time session (the
 * load generator, one stream, a reply every 4 frames) is measured alone, then while three clients post the largest
 * upload the server takes (64 MB of full Holistic frames) over and over, waiting as long as a 503's Retry-After
 * says. A latency test, so it measures wall-clock time; the bound is generous: p99 with uploads at most twice p99
 * alone, or p99 alone plus 100 ms.
 */
class UploadLatencyTest {

  @TempDir
  Path temp;

  @Test
  void aLiveSessionKeepsItsLatencyWhileThreeLargestUploadsConvert() throws Exception {
    Path ckpt = TinyModel.train(temp);
    Path poseFile = TestResources.path("pose/example.pose");
    LandmarkSequence recording = LandmarkSequence.fromPose(PoseFile.read(poseFile), poseFile);
    List<String> frames = FrameMessages.frames(recording).stream().map(Object::toString).toList();
    byte[] largest = LiveServerHardeningTest.largestAllowedUpload();
    Duration measured = Duration.ofSeconds(20);
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 4), new LiveServer.Limits(4, 100f,
            Duration.ofMinutes(1)))) {
      URI url = URI.create("http://127.0.0.1:" + server.start());
      new LoadGenerator(url, frames, 25f, 1, Duration.ofSeconds(3), Duration.ofSeconds(1)).run(); // warm-up
      LoadGenerator.Result alone = new LoadGenerator(url, frames, 25f, 1, measured, Duration.ofSeconds(1)).run();

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger converted = new AtomicInteger();
      AtomicInteger busy = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      HttpClient http = HttpClient.newHttpClient();
      List<Thread> uploaders = new ArrayList<>();
      for (int u = 0; u < 3; u++) {
        Thread uploader = new Thread(() -> {
          while (!stop.get()) {
            try {
              HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(url.resolve(
                  "/api/pose?name=largest.pose")).header("Accept-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(largest)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
              try (InputStream body = answer.body()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
              }
              if (answer.statusCode() == 200) {
                converted.incrementAndGet();
              } else if (answer.statusCode() == 503) {
                busy.incrementAndGet();
                Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("retry-after").orElse("1")));
              } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, "HTTP " + answer.statusCode());
              }
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              failed.incrementAndGet();
              firstFailure.compareAndSet(null, e.toString());
            }
          }
        }, "uploader-" + u);
        uploader.start();
        uploaders.add(uploader);
      }
      LoadGenerator.Result withUploads;
      try {
        withUploads = new LoadGenerator(url, frames, 25f, 1, measured, Duration.ofSeconds(1)).run();
      } finally {
        stop.set(true);
        for (Thread uploader : uploaders) {
          uploader.join(60_000);
        }
      }

      System.out.printf("live session 25 fps, window 32 hop 4, %d s each: reply latency alone p50 %.1f ms p99 %.1f ms "
          + "max %.1f ms (%d frames); with 3 clients posting %.1f MB uploads (%d frames each): p50 %.1f ms p99 %.1f ms "
          + "max %.1f ms (%d frames); uploads converted %d, told to retry %d, failed %d%n", measured.toSeconds(),
          alone.latencyP50Ms(), alone.latencyP99Ms(), alone.latencyMaxMs(), alone.framesSent(),
          largest.length / 1e6, LiveServerHardeningTest.largestAllowedFrames(), withUploads.latencyP50Ms(),
          withUploads.latencyP99Ms(), withUploads.latencyMaxMs(), withUploads.framesSent(), converted.get(),
          busy.get(), failed.get());
      assertEquals(0, alone.errors(), "first error: " + alone.firstError());
      assertEquals(0, withUploads.errors(), "first error: " + withUploads.firstError());
      assertEquals(0, failed.get(), "uploads that failed; the first: " + firstFailure.get());
      assertTrue(converted.get() >= 2, "uploads converted while the session ran: " + converted.get());
      // before the upload caps three such uploads stalled a session for 10-13 s; what is left is the CPU and the
      // young collections the one running conversion costs on 2 cores (p99 38 -> 120 ms in CI), so the bound is
      // generous enough not to flake and far below a stall
      double bound = Math.max(2 * alone.latencyP99Ms(), alone.latencyP99Ms() + 250);
      assertTrue(withUploads.latencyP99Ms() <= bound, "p99 with uploads " + withUploads.latencyP99Ms()
          + " ms, alone " + alone.latencyP99Ms() + " ms");
    }
  }
}
