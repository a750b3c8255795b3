package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.glossa.data.TestResources;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.TinyModel;
import org.glossa.web.FrameMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifty replay clients at once against a real server on loopback (short; docs/streaming.md has the 2-minute run). */
class LoadGeneratorTest {

  @TempDir
  Path temp;

  @Test
  void fiftyConcurrentReplayStreamsRunWithoutErrors() throws Exception {
    Path ckpt = TinyModel.train(temp);
    Path poseFile = TestResources.path("pose/example.pose");
    LandmarkSequence recording = LandmarkSequence.fromPose(PoseFile.read(poseFile), poseFile);
    List<String> frames = FrameMessages.frames(recording).stream().map(Object::toString).toList();
    int streams = 50;
    int passes = 2;
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8), new LiveServer.Limits(streams, 100f,
            Duration.ofMinutes(1)))) {
      URI url = URI.create("http://127.0.0.1:" + server.start());
      // Counted, not timed: each client replays the recording twice at its real-time pace, however long the
      // machine needs; the real-time throughput of a loaded server is measured by `glossa load-test`.
      LoadGenerator.Result result = new LoadGenerator(url, frames, recording.fps(), streams,
          Duration.ofMinutes(5), Duration.ofMillis(500), passes).run();

      assertEquals(0, result.errors(), "first error: " + result.firstError());
      assertEquals((long) streams * passes * frames.size(), result.framesSent());
      // Each pass ends with `end`, answered by exactly one final message.
      assertEquals((long) streams * passes, result.utterances());
      assertTrue(result.replies() > result.utterances() + streams, "partials too: " + result.replies());
      assertTrue(result.latencyP50Ms() > 0 && result.latencyP99Ms() >= result.latencyP50Ms(),
          "latency " + result.latencyP50Ms() + " / " + result.latencyP99Ms());
      assertTrue(result.memory().size() >= 2, "memory samples " + result.memory().size());
      assertTrue(result.memory().stream().anyMatch(m -> m.sessions() == streams), "all sessions open at once: "
          + result.memory().stream().map(LoadGenerator.MemorySample::sessions).toList());
    }
  }
}
