package org.glossa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glossa.model.FrameModel;
import org.glossa.serve.LiveServer;
import org.glossa.web.OriginPolicy;
import org.glossa.stream.StreamOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glossa serve}: live recognition over a WebSocket. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve live recognition: a WebSocket at /ws takes MediaPipe Holistic landmark frames as JSON and "
        + "sends back partial and final glosses (protocol: docs/streaming.md); /health describes the model.")
public final class ServeCommand implements Callable<Integer> {

  @Mixin
  ModelOptions modelOptions;
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;
  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;
  @Option(names = "--window", defaultValue = "96", description = "Frames per window (default: ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--hop", defaultValue = "24", description = "Frames between windows (default: ${DEFAULT-VALUE}).")
  int hop;
  @Option(names = {"--max-sessions", "--max_sessions"}, defaultValue = "16",
      description = "Open connections at most; more are refused (default: ${DEFAULT-VALUE}).")
  int maxSessions;
  @Option(names = {"--max-frame-rate", "--max_frame_rate"}, defaultValue = "100",
      description = "Messages per second per session at most (bursts of 10 s allowed); more are dropped with an "
          + "error (default: ${DEFAULT-VALUE}).")
  float maxFrameRate;
  @Option(names = {"--allowed_origin", "--allowed-origin"}, paramLabel = "URL",
      description = "A web origin (e.g. http://localhost:3000) whose pages may also use /ws and /api/pose; "
          + "repeatable. By default only pages this server serves may.")
  List<String> allowedOrigins = new ArrayList<>();
  @Option(names = {"--allowed_host", "--allowed-host"}, paramLabel = "NAME",
      description = "A host name (e.g. signs.example.org) requests may be addressed to besides IP addresses, "
          + "localhost and the allowed origins' hosts; repeatable. Other names are refused (DNS rebinding).")
  List<String> allowedHosts = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    // before the model loads: a bad window is a usage error, not a failed session
    StreamOptions stream = new StreamOptions(window, hop);
    LiveServer.Limits limits = new LiveServer.Limits(maxSessions, maxFrameRate, LiveServer.Limits.DEFAULT.idleTimeout());
    OriginPolicy origins = OriginPolicy.sameOriginAnd(allowedOrigins, allowedHosts);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C / SIGTERM: stop listening and free the model before the JVM exits.
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "glossa-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (FrameModel frameModel = modelOptions.open();
        LiveServer server = new LiveServer(frameModel, host, port, stream, limits, origins)) {
      int bound = server.start();
      System.out.printf("serving %s: live page http://%s:%d/ , WebSocket ws://%s:%d/ws , health http://%s:%d/health"
          + "; Ctrl-C to stop%n", modelOptions.model.getFileName(), host, bound, host, bound, host, bound);
      stop.await();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is what woke us up
      }
    }
    return 0;
  }
}
