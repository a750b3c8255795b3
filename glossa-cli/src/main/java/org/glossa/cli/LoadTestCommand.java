package org.glossa.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.model.FrameModel;
import org.glossa.recognize.ModelFiles;
import org.glossa.serve.LiveServer;
import org.glossa.serve.LoadGenerator;
import org.glossa.web.FrameMessages;
import org.glossa.serve.LoadGenerator.MemorySample;
import org.glossa.stream.StreamOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa load-test}: many replay clients against {@code glossa serve}, bounded and on loopback. */
@Command(name = "load-test", mixinStandardHelpOptions = true,
    description = "Load-test live recognition: N WebSocket clients replay a .pose recording in real time, over and "
        + "over, against a running `glossa serve` (--url) or one started here on loopback (--model); prints frames/s, "
        + "reply latency, errors and the server's memory over time. Exit 1 if any client saw an error.")
public final class LoadTestCommand implements Callable<Integer> {

  static final class Target {
    @Option(names = "--url", description = "A running server, e.g. http://127.0.0.1:8080.")
    URI url;
    @Option(names = "--model", description = "Or start a server on 127.0.0.1 with this model (.ckpt or .onnx).")
    Path model;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;
  @Option(names = "--input", required = true, description = "The .pose recording each client replays.")
  Path input;
  @Option(names = "--streams", defaultValue = "50", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int streams;
  @Option(names = "--duration", defaultValue = "120", description = "Seconds (default: ${DEFAULT-VALUE}).")
  int durationSeconds;
  @Option(names = "--window", defaultValue = "96", description = "With --model: frames per window.")
  int window;
  @Option(names = "--hop", defaultValue = "24", description = "With --model: frames between windows.")
  int hop;

  @Override
  public Integer call() throws InterruptedException {
    if (streams < 1 || streams > 1000 || durationSeconds < 1 || durationSeconds > 3600) {
      throw new IllegalArgumentException("--streams must be in 1..1000 and --duration in 1..3600 seconds");
    }
    StreamOptions options = target.model == null ? null : new StreamOptions(window, hop); // before anything loads
    LandmarkSequence recording = LandmarkSequence.fromPose(PoseFile.read(input), input);
    List<String> frames = FrameMessages.frames(recording).stream().map(Object::toString).toList();
    if (target.url != null) {
      return report(run(target.url, frames, recording), target.url.toString());
    }
    try (FrameModel model = ModelFiles.open(target.model, "cpu");
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, options, new LiveServer.Limits(streams,
            LiveServer.Limits.DEFAULT.maxFrameRate(), LiveServer.Limits.DEFAULT.idleTimeout()))) {
      URI url = URI.create("http://127.0.0.1:" + server.start());
      return report(run(url, frames, recording), url + " (in this process, " + target.model.getFileName()
          + ", window " + window + ", hop " + hop + ")");
    }
  }

  private LoadGenerator.Result run(URI url, List<String> frames, LandmarkSequence recording)
      throws InterruptedException {
    System.out.printf("load test: %d streams replaying %s (%d frames at %.0f fps) for %d s...%n", streams,
        input.getFileName(), recording.numFrames(), recording.fps(), durationSeconds);
    return new LoadGenerator(url, frames, recording.fps(), streams, Duration.ofSeconds(durationSeconds),
        Duration.ofSeconds(Math.max(1, durationSeconds / 24))).run();
  }

  private static int report(LoadGenerator.Result r, String against) {
    System.out.printf("server: %s%n", against);
    System.out.printf("frames sent: %,d in %.1f s = %,.0f frames/s over %d streams; utterances: %,d; replies: %,d%n",
        r.framesSent(), r.seconds(), r.framesPerSecond(), r.streams(), r.utterances(), r.replies());
    System.out.printf("reply latency (frame that completed a window -> its reply): p50 %.1f ms, p90 %.1f ms, "
        + "p99 %.1f ms, max %.1f ms%n", r.latencyP50Ms(), r.latencyP90Ms(), r.latencyP99Ms(), r.latencyMaxMs());
    StringBuilder memory = new StringBuilder();
    for (MemorySample m : r.memory()) {
      memory.append(String.format(" %.0fs:%d/%d", m.seconds(), m.rssMb(), m.heapUsedMb()));
    }
    System.out.println("server memory (s: RSS/heap MB):" + memory);
    System.out.printf("RSS growth after warm-up: %+d MB; errors: %d%s%n", r.rssGrowthMb(), r.errors(),
        r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
    return r.errors() == 0 ? 0 : 1;
  }
}
