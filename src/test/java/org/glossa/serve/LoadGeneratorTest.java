package org.glossa.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.model.TrainedModel;
import org.glossa.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifty replay clients at once against a real server on loopback (short; docs/streaming.md has the 2-minute run). */
class LoadGeneratorTest {

  @TempDir
  Path temp;

  @Test
  void fiftyConcurrentReplayStreamsRunWithoutErrors() throws Exception {
    Path ckpt = TinyModel.train(temp);
    Path poseFile = Path.of(getClass().getResource("/pose/example.pose").toURI());
    LandmarkSequence recording = LandmarkSequence.fromPose(PoseFile.read(poseFile), poseFile);
    List<String> frames = LiveSession.frames(recording).stream().map(Object::toString).toList();
    int streams = 50;
    int seconds = 9;
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, 32, 8, new LiveServer.Limits(streams, 100f,
            Duration.ofMinutes(1)))) {
      URI url = URI.create("http://127.0.0.1:" + server.start());
      LoadGenerator.Result result = new LoadGenerator(url, frames, recording.fps(), streams,
          Duration.ofSeconds(seconds), Duration.ofSeconds(1)).run();

      assertEquals(0, result.errors(), "first error: " + result.firstError());
      // Real time: about fps frames per second per stream (starts are spread over the first second).
      double expected = streams * recording.fps() * (seconds - 1);
      assertTrue(result.framesSent() > 0.8 * expected && result.framesSent() <= streams * recording.fps() * seconds
          + streams, "frames sent " + result.framesSent() + " vs about " + expected);
      // Each pass of the 3.9 s recording ends with a final message: at least two per stream.
      assertTrue(result.utterances() >= 2L * streams, "utterances " + result.utterances());
      assertTrue(result.latencyP50Ms() > 0 && result.latencyP99Ms() < 5_000, "latency " + result.latencyP50Ms());
      assertTrue(result.memory().size() >= seconds, "memory samples " + result.memory().size());
      assertTrue(result.memory().stream().anyMatch(m -> m.sessions() == streams), "all sessions open at once");
    }
  }
}
