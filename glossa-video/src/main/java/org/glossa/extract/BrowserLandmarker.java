package org.glossa.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.ForbiddenResponse;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.glossa.data.DataException;
import org.glossa.web.OriginPolicy;
import org.glossa.web.PageFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MediaPipe Holistic landmarks for decoded video frames, computed by the live page's own MediaPipe (same npm
 * package, same options, same frame format: {@code web/holistic-frames.js}) in headless Chromium. So extracted
 * landmarks are what the live demo would see for the same pixels.
 *
 * <p>A loopback-only server serves {@code web/extract.html}; each of {@code workers} Chromium processes opens it and
 * connects back over a WebSocket; a video goes to one idle worker, its frames as RGBA pixels (a few in flight),
 * landmarks come back per frame. Chromium runs WebGL in software (SwiftShader): about a frame per second per worker
 * on a 2-core machine.
 *
 * <p>Only the page this server serves may connect to its socket (any other origin, or none, gets 403). Chromium
 * process trees and their temporary profiles ({@code glossa-chromium-*} in {@code java.io.tmpdir}) go on {@link
 * #close()}, and from a shutdown hook when the JVM ends first (Ctrl-C, SIGTERM).
 */
public final class BrowserLandmarker implements Landmarker {

  public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Logger LOG = LoggerFactory.getLogger(BrowserLandmarker.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IN_FLIGHT = 3;

  private final Javalin app;
  /** Started Chromium processes; guarded by itself, so a shutdown hook and the constructor do not race. */
  private final List<Process> browsers = new ArrayList<>();
  private volatile Path profiles;
  /** Who may open the socket: the page at this server's own address, set once it listens. */
  private volatile OriginPolicy origins;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::close, "glossa-chromium-cleanup");
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
  private final Duration frameTimeout;

  /** A page that stopped answering: the video fails and the page is not used again. */
  private static final class PageStalled extends DataException {
    PageStalled(String message) {
      super(message);
    }
  }

  /** One browser page connected over the WebSocket. */
  private static final class Worker {
    final WsContext ctx;
    final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    Worker(WsContext ctx) {
      this.ctx = ctx;
    }
  }

  /**
   * Starts {@code workers} headless Chromium processes running MediaPipe Holistic with the given pose model
   * complexity (0 lite, 1 full); waits until all have loaded it.
   */
  public BrowserLandmarker(Path chromium, int numWorkers, int complexity, Duration startTimeout,
      Duration frameTimeout) {
    if (!Files.isExecutable(chromium)) {
      throw new DataException(chromium + " is not an executable Chromium: glossa extract runs MediaPipe Holistic in "
          + "headless Chromium; install Debian's chromium (apt-get install chromium) or pass --chromium PATH");
    }
    if (numWorkers < 1 || complexity < 0 || complexity > 1) {
      throw new IllegalArgumentException("need at least one worker and a model complexity of 0 or 1");
    }
    this.frameTimeout = frameTimeout;
    BlockingQueue<Worker> ready = new LinkedBlockingQueue<>();
    app = Javalin.create(config -> {
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      config.startup.showJavalinBanner = false;
      PageFiles.serve(config);
      config.jetty.modifyWebSocketServletFactory(factory -> {
        factory.setMaxTextMessageSize(4L * 1024 * 1024);
        factory.setIdleTimeout(Duration.ofHours(1));
      });
      config.routes.wsBeforeUpgrade("/extract", ctx -> {
        OriginPolicy allowed = origins;
        String origin = ctx.header("Origin");
        if (allowed == null || !allowed.allows(origin, ctx.scheme(), ctx.header("Host"))) {
          LOG.warn("refused a connection to the extraction socket from origin {}: only the extraction page may "
              + "connect", origin);
          throw new ForbiddenResponse("only the extraction page may connect");
        }
      });
      config.routes.wsException(Exception.class, (e, ctx) -> {
        LOG.error("extraction socket {}: internal error", ctx.sessionId(), e);
        ctx.closeSession(1011, "internal error");
      });
      config.routes.ws("/extract", ws -> {
        ws.onConnect(ctx -> workers.put(ctx.sessionId(), new Worker(ctx)));
        ws.onMessage(ctx -> {
          Worker worker = workers.get(ctx.sessionId());
          if (worker == null) {
            return;
          }
          if (ctx.message().startsWith("{\"type\":\"ready\"")) {
            ready.add(worker);
          } else {
            worker.replies.add(ctx.message());
          }
        });
        ws.onClose(ctx -> {
          Worker worker = workers.remove(ctx.sessionId());
          if (worker != null) {
            worker.replies.add("{\"type\":\"error\",\"message\":\"the browser page closed its connection\"}");
          }
        });
      });
    });
    // Ctrl-C or SIGTERM while Chromium runs: its processes and profiles go with the JVM.
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      profiles = Files.createTempDirectory("glossa-chromium-");
      int port = app.start().port();
      origins = OriginPolicy.only("http://127.0.0.1:" + port);
      for (int w = 0; w < numWorkers; w++) {
        Path profile = Files.createDirectories(profiles.resolve("worker-" + w));
        ProcessBuilder browser = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox",
            "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--mute-audio",
            "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--ignore-gpu-blocklist",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows", "--user-data-dir=" + profile,
            "http://127.0.0.1:" + port + "/extract.html?complexity=" + complexity)
            .redirectErrorStream(true).redirectOutput(profiles.resolve("worker-" + w + ".log").toFile());
        synchronized (browsers) {
          if (closed.get()) {
            throw new DataException("stopped while Chromium started (the JVM is shutting down)");
          }
          browsers.add(browser.start());
        }
      }
      long deadline = System.nanoTime() + startTimeout.toNanos();
      for (int w = 0; w < numWorkers; w++) {
        Worker worker = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (worker == null) {
          throw new DataException("headless Chromium did not load MediaPipe Holistic within "
              + startTimeout.toSeconds() + " s (" + w + " of " + numWorkers + " workers ready); its log: "
              + profiles.resolve("worker-" + w + ".log"));
        }
        idle.add(worker);
      }
    } catch (IOException e) {
      close();
      throw new DataException("cannot start headless Chromium: " + e.getMessage());
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new DataException("interrupted while Chromium started");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The landmarks of every frame of a video; {@code progress} gets the number of frames done so far. Thread-safe:
   * each call takes an idle worker (waiting for one).
   */
  public Landmarks landmarks(VideoSource video, IntConsumer progress) throws InterruptedException {
    Worker worker = idle.take();
    boolean healthy = false;
    try {
      Landmarks result = run(worker, video, progress);
      healthy = true;
      return result;
    } catch (DataException e) {
      // a bad video leaves the page fine; a page that stopped answering is not reused
      healthy = !(e instanceof PageStalled) && workers.containsValue(worker);
      throw e;
    } finally {
      if (healthy) {
        idle.add(worker);
      }
    }
  }

  private Landmarks run(Worker worker, VideoSource video, IntConsumer progress) throws InterruptedException {
    worker.replies.clear();
    worker.ctx.send("{\"type\":\"video\",\"fps\":" + video.fps() + "}");
    Landmarks landmarks = null;
    int sent = 0;
    int received = 0;
    boolean ended = false;
    while (true) {
      while (!ended && sent - received < IN_FLIGHT) {
        VideoSource.RgbaFrame frame = video.next();
        if (frame == null) {
          ended = true;
          break;
        }
        if (landmarks == null) {
          landmarks = new Landmarks(video.fps(), frame.width(), frame.height());
        } else if (frame.width() != landmarks.width() || frame.height() != landmarks.height()) {
          throw DataException.inFile(video.path(), "frame " + sent + " is " + frame.width() + "x" + frame.height()
              + ", the first was " + landmarks.width() + "x" + landmarks.height());
        }
        ByteBuffer message = ByteBuffer.allocate(8 + frame.rgba().length).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(frame.width()).putInt(frame.height()).put(frame.rgba()).flip();
        worker.ctx.send(message);
        sent++;
      }
      if (ended && received == sent) {
        break;
      }
      String reply = worker.replies.poll(frameTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new PageStalled(video.path() + ": the browser did not answer frame " + received + " within "
            + frameTimeout.toSeconds() + " s");
      }
      JsonNode node;
      try {
        node = JSON.readTree(reply);
      } catch (IOException e) {
        throw new IllegalStateException("unreadable reply from the extraction page: " + reply, e);
      }
      if ("error".equals(node.path("type").asText())) {
        throw DataException.inFile(video.path(), "MediaPipe in the browser failed at frame " + received + ": "
            + node.path("message").asText());
      }
      if (node.path("index").asInt(-1) != received) {
        throw new IllegalStateException("frame " + node.path("index") + " came back, expected " + received);
      }
      landmarks.add(node);
      received++;
      progress.accept(received);
    }
    if (landmarks == null) {
      throw DataException.inFile(video.path(), "the video has no frames");
    }
    return landmarks;
  }

  /**
   * Closes the pages, ends every Chromium process with its children (politely, then forcibly after 5 s), stops the
   * server and deletes the temporary profiles. Once; later calls (the shutdown hook's) do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself, or while the JVM exits
    }
    for (Worker worker : workers.values()) {
      try {
        worker.ctx.closeSession();
      } catch (RuntimeException ignored) {
        // the page may be gone already
      }
    }
    List<ProcessHandle> trees = new ArrayList<>();
    synchronized (browsers) {
      for (Process browser : browsers) {
        // the children first, while they are still known as descendants (orphans are not)
        browser.descendants().forEach(trees::add);
        trees.add(browser.toHandle());
      }
    }
    trees.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle process : trees) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle process : trees) {
      try {
        process.onExit().get(2, TimeUnit.SECONDS); // killed: gone in moments; its files can be deleted then
      } catch (Exception e) {
        LOG.warn("Chromium process {} did not exit", process.pid());
      }
    }
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the extraction page server: {}", e.toString());
    }
    Path folder = profiles;
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        LOG.warn("could not delete Chromium's temporary profiles in {}: {}", folder, e.toString());
      }
    }
  }
}
