package org.glossa.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.glossa.data.DataException;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.model.FrameModel;
import org.glossa.train.MemoryGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code glossa serve}: the live demo page (/, from the jar's {@code web/} folder, MediaPipe Holistic included), a
 * WebSocket endpoint {@code /ws} (landmark frames in, glosses out; one {@link LiveSession} per connection;
 * {@code ?fps=}, {@code ?width=}, {@code ?height=}), {@code POST /api/pose} (a {@code .pose} recording as landmark
 * frames, for the page's replay mode) and {@code /health} (the model, the open sessions and memory as JSON). The
 * model is shared: ONNX Runtime sessions and the engine's inference are thread-safe.
 *
 * <p>Bounds: open sessions, message size, frames per second per session (a token bucket), frames queued towards a
 * client that does not read (the session is closed when the queue is full), idle connections, upload size.
 */
public final class LiveServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Largest client message accepted (a full Holistic frame as JSON is about 30 KB). */
  static final int MAX_MESSAGE_CHARS = 256 * 1024;
  /** Messages waiting to go out to one client before it counts as not reading and is disconnected. */
  static final int MAX_QUEUED_REPLIES = 256;
  /** Largest {@code .pose} upload for replay (a minute of full Holistic at 25 fps is about 6 MB). */
  static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

  /** What the server allows; {@code maxFrameRate} frames per second per session, with bursts of 10 s of it. */
  public record Limits(int maxSessions, float maxFrameRate, Duration idleTimeout) {
    public static final Limits DEFAULT = new Limits(16, 100f, Duration.ofMinutes(5));

    public Limits {
      if (maxSessions < 1 || !(maxFrameRate > 0)) {
        throw new IllegalArgumentException("need at least one session and a positive frame rate");
      }
    }
  }

  private final Javalin app;
  private final Map<String, Connection> sessions = new ConcurrentHashMap<>();
  private final AtomicLong framesReceived = new AtomicLong();
  private volatile java.util.function.Consumer<float[][]> tap = landmarks -> { };

  /** One open WebSocket: its recognition session and its frame-rate bucket. */
  private static final class Connection {
    final LiveSession session;
    final double ratePerNano;
    final double burst;
    double tokens;
    long last = System.nanoTime();

    Connection(LiveSession session, float maxFrameRate) {
      this.session = session;
      this.ratePerNano = maxFrameRate / 1e9;
      this.burst = 10.0 * maxFrameRate;
      this.tokens = burst;
    }

    /** Takes one frame's token; false when the client sends faster than allowed. */
    boolean admit() {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  public LiveServer(FrameModel model, String host, int port, int window, int hop) {
    this(model, host, port, window, hop, Limits.DEFAULT);
  }

  /** With at most {@code maxSessions} open connections; more are told so and closed. */
  public LiveServer(FrameModel model, String host, int port, int window, int hop, int maxSessions) {
    this(model, host, port, window, hop, new Limits(maxSessions, Limits.DEFAULT.maxFrameRate(),
        Limits.DEFAULT.idleTimeout()));
  }

  public LiveServer(FrameModel model, String host, int port, int window, int hop, Limits limits) {
    app = Javalin.create(config -> {
      config.jetty.host = host;
      config.jetty.port = port;
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = MAX_UPLOAD_BYTES;
      servePageFiles(config);
      config.jetty.modifyWebSocketServletFactory(factory -> {
        factory.setMaxTextMessageSize(2L * MAX_MESSAGE_CHARS); // beyond this Jetty closes the socket (1009)
        factory.setMaxOutgoingFrames(MAX_QUEUED_REPLIES);
        factory.setIdleTimeout(limits.idleTimeout());
      });
      config.routes.get("/health", ctx -> ctx.json(health(model, window, hop)));
      config.routes.post("/api/pose", this::poseAsFrames);
      config.routes.ws("/ws", ws -> {
        ws.onConnect(ctx -> {
          if (sessions.size() >= limits.maxSessions()) {
            send(ctx, LiveSession.error("the server has its " + limits.maxSessions()
                + " sessions open; try again later"));
            ctx.closeSession(1013, "try again later");
            return;
          }
          float fps = parameter(ctx, "fps", 25f);
          float width = parameter(ctx, "width", 1f);
          float height = parameter(ctx, "height", 1f);
          if (!(fps > 0 && fps <= 240) || !(width > 0 && width <= 1e5) || !(height > 0 && height <= 1e5)) {
            send(ctx, LiveSession.error("fps must be a number in (0, 240], width and height numbers in "
                + "(0, 100000]"));
            ctx.closeSession(1008, "bad parameters");
            return;
          }
          LiveSession session = new LiveSession(model, fps, window, hop, width, height);
          session.tap = tap;
          Connection connection = new Connection(session, limits.maxFrameRate());
          sessions.put(ctx.sessionId(), connection);
          send(ctx, connection.session.ready());
          LOG.info("session {} connected ({} fps)", ctx.sessionId(), fps);
        });
        ws.onMessage(ctx -> {
          Connection connection = sessions.get(ctx.sessionId());
          if (connection == null) {
            return; // refused at connect
          }
          if (ctx.message().length() > MAX_MESSAGE_CHARS) {
            send(ctx, LiveSession.error("message of " + ctx.message().length() + " characters; the limit is "
                + MAX_MESSAGE_CHARS));
            return;
          }
          if (!connection.admit()) {
            send(ctx, LiveSession.error("more than " + limits.maxFrameRate()
                + " messages per second; message dropped"));
            return;
          }
          framesReceived.incrementAndGet();
          for (String reply : connection.session.handle(ctx.message())) {
            send(ctx, reply);
          }
        });
        ws.onClose(ctx -> sessions.remove(ctx.sessionId()));
        ws.onError(ctx -> {
          LOG.warn("session {}: {}", ctx.sessionId(), ctx.error() == null ? "error" : ctx.error().toString());
          sessions.remove(ctx.sessionId());
        });
      });
    });
  }

  /**
   * Serves the jar's {@code web/} folder at {@code /}: the pages and MediaPipe Holistic's files (WASM with its
   * MIME type, so browsers compile it while it downloads).
   */
  public static void servePageFiles(io.javalin.config.JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/web";
      files.location = Location.CLASSPATH;
      files.mimeTypes.add("application/wasm", "wasm");
      files.mimeTypes.add("application/octet-stream", "data", "tflite", "binarypb");
    });
  }

  /** Sends without waiting; a client whose queue is full (it does not read) is disconnected. */
  private void send(WsContext ctx, String message) {
    ctx.session.sendText(message, Callback.from(() -> { }, failure -> {
      if (sessions.remove(ctx.sessionId()) != null) {
        LOG.warn("session {}: closed, the client does not read its replies ({})", ctx.sessionId(), failure);
        ctx.session.close(1008, "client too slow", Callback.NOOP);
      }
    }));
  }

  private static float parameter(WsContext ctx, String name, float fallback) {
    List<String> values = ctx.queryParamMap().get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    try {
      return Float.parseFloat(values.get(0));
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }

  private Map<String, Object> health(FrameModel model, int window, int hop) {
    Runtime runtime = Runtime.getRuntime();
    return Map.of("status", "ok", "glosses", model.vocabulary().size(), "input_dim", model.pipeline().inputDim(),
        "window", window, "hop", hop, "sessions", sessions.size(), "frames_received", framesReceived.get(),
        "heap_used_mb", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
        "rss_mb", Math.round(MemoryGuard.residentMemoryMb()));
  }

  /**
   * {@code POST /api/pose?name=FILE}: the body is a {@code .pose} file; the answer its landmarks as the frames the
   * WebSocket takes (pixel coordinates, so a replay sends them with width = height = 1), with fps and image size.
   */
  private void poseAsFrames(Context ctx) {
    String name = ctx.queryParam("name") == null ? "upload.pose" : ctx.queryParam("name");
    Path shownAs = Path.of(name.replaceAll("[/\\\\]", "_"));
    LandmarkSequence sequence;
    PoseFile pose;
    try {
      pose = PoseFile.read(ctx.bodyAsBytes(), shownAs);
      sequence = LandmarkSequence.fromPose(pose, shownAs);
    } catch (DataException e) {
      ctx.status(HttpStatus.BAD_REQUEST).contentType(ContentType.APPLICATION_JSON)
          .result(LiveSession.error(e.getMessage()));
      return;
    }
    ObjectNode out = JSON.createObjectNode().put("name", name).put("fps", sequence.fps())
        .put("width", pose.width()).put("height", pose.height());
    LiveSession.frames(sequence).forEach(out.putArray("frames")::add);
    ctx.contentType(ContentType.APPLICATION_JSON).result(out.toString());
  }

  /** Lets a test see the landmarks of every frame that sessions opened from now on accept. */
  void tap(java.util.function.Consumer<float[][]> observer) {
    tap = observer;
  }

  /** Starts listening; returns the port (useful with port 0). */
  public int start() {
    app.start();
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
