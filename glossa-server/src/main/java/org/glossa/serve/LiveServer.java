package org.glossa.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.glossa.data.DataException;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.eval.ProcessMemory;
import org.glossa.model.FrameModel;
import org.glossa.stream.StreamOptions;
import org.glossa.web.OriginPolicy;
import org.glossa.web.PageFiles;
import org.glossa.web.PoseFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code glossa serve}: the live demo page (/, from the jar's {@code web/} folder, MediaPipe Holistic included), a
 * WebSocket endpoint {@code /ws} (landmark frames in, glosses out; one {@link LiveSession} per connection;
 * {@code ?fps=}, {@code ?width=}, {@code ?height=}), {@code POST /api/pose} (a {@code .pose} recording as landmark
 * frames, for the page's replay mode) and {@code /health} (the model, the open sessions and memory as JSON). The
 * model is shared: ONNX Runtime sessions and the engine's inference are thread-safe.
 *
 * <p>Bounds: open sessions (reserved atomically before a session is made), message size, frames per second per
 * session (a token bucket; "end" is never dropped), frames queued towards a client that does not read (the session
 * is closed when the queue is full), idle connections, upload size, frames per upload and uploads converted at once
 * (an upload is answered frame by frame as it is converted, so its size does not become heap).
 *
 * <p>Only pages of this server's own origin, and those {@link OriginPolicy} adds, may open {@code /ws} or post to
 * {@code /api/pose}; others get 403 before any session exists. Clients never see internal exception text: it is
 * logged here, the client gets a generic message.
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
  /** Most frames one upload may hold: what a live utterance may hold. */
  static final int MAX_UPLOAD_FRAMES = LiveSession.MAX_UTTERANCE_FRAMES;
  /**
   * Uploads converted at once; more wait for a 503. One, so conversions (a CPU each) cannot take the cores live
   * sessions need.
   */
  static final int MAX_CONCURRENT_UPLOADS = 1;
  /** Seconds a client refused because uploads are busy is told to wait. */
  static final int UPLOAD_RETRY_AFTER_SECONDS = 2;

  /** What the server allows; {@code maxFrameRate} frames per second per session, with bursts of 10 s of it. */
  public record Limits(int maxSessions, float maxFrameRate, Duration idleTimeout) {
    public static final Limits DEFAULT = new Limits(16, 100f, Duration.ofMinutes(5));

    public Limits {
      if (maxSessions < 1 || !(maxFrameRate > 0)) {
        throw new IllegalArgumentException("--max_sessions must be at least 1 and --max_frame_rate positive, got "
            + maxSessions + " and " + maxFrameRate);
      }
    }
  }

  private final Javalin app;
  private final OriginPolicy origins;
  private final Map<String, Connection> sessions = new ConcurrentHashMap<>();
  /** Sessions open or being opened: reserved before a session is made, released when it leaves {@code sessions}. */
  private final AtomicInteger reserved = new AtomicInteger();
  private final Semaphore uploads = new Semaphore(MAX_CONCURRENT_UPLOADS);
  private final AtomicBoolean stopped = new AtomicBoolean();
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

  public LiveServer(FrameModel model, String host, int port, StreamOptions stream) {
    this(model, host, port, stream, Limits.DEFAULT);
  }

  /** Same origin only. */
  public LiveServer(FrameModel model, String host, int port, StreamOptions stream, Limits limits) {
    this(model, host, port, stream, limits, OriginPolicy.sameOriginAnd(List.of()));
  }

  /**
   * Serves {@code model} on {@code host:port} (0: a free port, see {@link #start()}), each connection streamed
   * through {@code stream}'s window, within {@code limits}, to the pages of {@code origins}.
   *
   * @throws IllegalArgumentException when the window is not a multiple of the model's time stride: refused here,
   *     not by every connection
   */
  public LiveServer(FrameModel model, String host, int port, StreamOptions stream, Limits limits,
      OriginPolicy origins) {
    stream.checkStride(model.timeStride());
    int window = stream.window();
    int hop = stream.hop();
    this.origins = origins;
    app = Javalin.create(config -> {
      config.jetty.host = host;
      config.jetty.port = port;
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = MAX_UPLOAD_BYTES;
      PageFiles.serve(config);
      config.jetty.modifyWebSocketServletFactory(factory -> {
        factory.setMaxTextMessageSize(2L * MAX_MESSAGE_CHARS); // beyond this Jetty closes the socket (1009)
        factory.setMaxOutgoingFrames(MAX_QUEUED_REPLIES);
        factory.setIdleTimeout(limits.idleTimeout());
      });
      // Every request, page files included: a name the server does not answer to is a DNS rebinding attempt.
      config.routes.before(this::requireAllowedHost);
      config.routes.get("/health", ctx -> ctx.json(health(model, window, hop)));
      config.routes.post("/api/pose", this::poseAsFrames);
      // Before the upgrade: a refused page gets a plain 403 and no session is ever made.
      config.routes.wsBeforeUpgrade("/ws", ctx -> {
        requireAllowedHost(ctx);
        requireAllowedOrigin(ctx, "/ws");
      });
      config.routes.wsException(Exception.class, (e, ctx) -> {
        LOG.error("session {}: internal error", ctx.sessionId(), e);
        release(ctx.sessionId());
        send(ctx, LiveSession.error("internal server error; the session is closed"));
        ctx.closeSession(1011, "internal error");
      });
      config.routes.ws("/ws", ws -> {
        ws.onConnect(ctx -> {
          if (reserved.incrementAndGet() > limits.maxSessions()) {
            reserved.decrementAndGet();
            send(ctx, LiveSession.error("the server has its " + limits.maxSessions()
                + " sessions open; try again later"));
            ctx.closeSession(1013, "try again later");
            return;
          }
          float fps = parameter(ctx, "fps", 25f);
          float width = parameter(ctx, "width", 1f);
          float height = parameter(ctx, "height", 1f);
          if (!(fps > 0 && fps <= 240) || !(width > 0 && width <= 1e5) || !(height > 0 && height <= 1e5)) {
            reserved.decrementAndGet();
            send(ctx, LiveSession.error("fps must be a number in (0, 240], width and height numbers in "
                + "(0, 100000]"));
            ctx.closeSession(1008, "bad parameters");
            return;
          }
          Connection connection;
          try {
            LiveSession session = new LiveSession(model, fps, stream, width, height);
            session.tap = tap;
            connection = new Connection(session, limits.maxFrameRate());
          } catch (RuntimeException e) {
            reserved.decrementAndGet();
            throw e;
          }
          // The reservation now belongs to the map entry: whoever removes the entry releases it (release()).
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
          // Control messages ("end") are never dropped: a client over its frame rate still gets its final.
          if (!LiveSession.isControl(ctx.message()) && !connection.admit()) {
            send(ctx, LiveSession.error("more than " + limits.maxFrameRate()
                + " messages per second; message dropped"));
            return;
          }
          framesReceived.incrementAndGet();
          List<String> replies;
          try {
            replies = connection.session.handle(ctx.message());
          } catch (OutOfMemoryError e) {
            // This session's buffers go with it; the other sessions and the server go on.
            LOG.error("session {}: out of memory ({}; heap limit {} MB); the session is closed", ctx.sessionId(),
                e.getMessage(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            release(ctx.sessionId());
            send(ctx, LiveSession.error("the server ran out of memory; the session is closed"));
            ctx.closeSession(1011, "out of memory");
            return;
          }
          for (String reply : replies) {
            send(ctx, reply);
          }
        });
        ws.onClose(ctx -> release(ctx.sessionId()));
        ws.onError(ctx -> {
          LOG.warn("session {}: {}", ctx.sessionId(), ctx.error() == null ? "error" : ctx.error().toString());
          release(ctx.sessionId());
        });
      });
    });
  }

  /** Ends a session's reservation: only the call that removes its entry releases it, so exactly once. */
  private boolean release(String sessionId) {
    if (sessions.remove(sessionId) != null) {
      reserved.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Refuses (403, logged) a request from a web page whose origin is not allowed. */
  private void requireAllowedOrigin(Context ctx, String what) {
    String origin = ctx.header("Origin");
    if (!origins.allows(origin, ctx.scheme(), ctx.header("Host"))) {
      LOG.warn("refused {} from origin {} (host {}); allowed: {} (glossa serve --allowed_origin adds one)", what,
          origin, ctx.header("Host"), origins);
      discardBody(ctx); // as for a 503: the client reads the 403 rather than a reset while it still sends
      // the header is not echoed back: the answer names no client-supplied text
      throw new ForbiddenResponse("this page's origin may not use this server; glossa serve --allowed_origin "
          + "ORIGIN allows one");
    }
  }

  /** Refuses (403, logged) a request addressed to a host name this server does not answer to. */
  private void requireAllowedHost(Context ctx) {
    if (!origins.allowsHost(ctx.header("Host"))) {
      LOG.warn("refused {} {} addressed to host {}; allowed: IP addresses, localhost{} (glossa serve "
          + "--allowed_host adds a name)", ctx.method(), ctx.path(), ctx.header("Host"),
          origins.hostNames().isEmpty() ? "" : ", " + String.join(", ", origins.hostNames()));
      discardBody(ctx);
      throw new ForbiddenResponse("this server does not answer to that host name; glossa serve --allowed_host "
          + "NAME allows one");
    }
  }

  /** Sends without waiting; a client whose queue is full (it does not read) is disconnected. */
  private void send(WsContext ctx, String message) {
    ctx.session.sendText(message, Callback.from(() -> { }, failure -> {
      if (release(ctx.sessionId())) {
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
        "rss_mb", Math.round(ProcessMemory.residentMb()));
  }

  /**
   * {@code POST /api/pose?name=FILE}: the body is a {@code .pose} file; the answer its landmarks as the frames the
   * WebSocket takes (pixel coordinates, so a replay sends them with width = height = 1), with fps and image size.
   * Refused: other origins (403), more than {@link #MAX_UPLOAD_FRAMES} frames (413), a corrupt file (400), and while
   * {@link #MAX_CONCURRENT_UPLOADS} other uploads convert (503 with Retry-After). The answer is written frame by frame
   * as it is converted.
   */
  private void poseAsFrames(Context ctx) {
    requireAllowedOrigin(ctx, "/api/pose");
    String name = ctx.queryParam("name") == null ? "upload.pose" : ctx.queryParam("name");
    Path shownAs;
    try {
      shownAs = Path.of(name.replaceAll("[/\\\\]", "_"));
    } catch (java.nio.file.InvalidPathException e) {
      shownAs = Path.of("upload.pose"); // a name no file could have (a NUL in it)
    }
    if (!uploads.tryAcquire()) {
      discardBody(ctx); // so the client reads the 503 rather than a connection reset while it still sends
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(UPLOAD_RETRY_AFTER_SECONDS))
          .contentType(ContentType.APPLICATION_JSON).result(LiveSession.error(shownAs + ": the server is converting "
              + "another upload; try again in " + UPLOAD_RETRY_AFTER_SECONDS + " s"));
      return;
    }
    try {
      PoseFrames frames;
      try {
        byte[] body = body(ctx);
        if (body == null) {
          ctx.status(HttpStatus.CONTENT_TOO_LARGE).contentType(ContentType.APPLICATION_JSON).result(LiveSession.error(
              shownAs + ": larger than " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MB, the upload limit"));
          return;
        }
        PoseFile pose = PoseFile.read(body, shownAs);
        body = null; // the bytes are floats in pose now; not kept while the answer is written
        if (pose.numFrames() > MAX_UPLOAD_FRAMES) {
          ctx.status(HttpStatus.CONTENT_TOO_LARGE).contentType(ContentType.APPLICATION_JSON).result(LiveSession.error(
              shownAs + ": " + pose.numFrames() + " frames; an upload may hold at most " + MAX_UPLOAD_FRAMES
              + " frames (10 minutes at 25 fps): replay a shorter recording"));
          return;
        }
        frames = new PoseFrames(pose, shownAs);
        // Uncompressed: gzip would cost more CPU than the conversion, taken from live sessions, to save loopback bytes.
        ctx.status(HttpStatus.OK).contentType(ContentType.APPLICATION_JSON).disableCompression();
        writeFrames(ctx, name, pose, frames);
      } catch (DataException e) {
        ctx.status(HttpStatus.BAD_REQUEST).contentType(ContentType.APPLICATION_JSON)
            .result(LiveSession.error(e.getMessage()));
      }
    } catch (IOException e) {
      LOG.info("/api/pose {}: upload not received ({})", shownAs, e.toString());
      if (!ctx.res().isCommitted()) {
        ctx.status(HttpStatus.BAD_REQUEST).contentType(ContentType.APPLICATION_JSON)
            .result(LiveSession.error(shownAs + ": the upload was not received whole"));
      }
    } catch (OutOfMemoryError e) {
      // The upload's arrays are unreachable once this frame unwinds: the server goes on, without a stack trace.
      LOG.error("/api/pose {}: out of memory while converting ({}; heap limit {} MB)", shownAs, e.getMessage(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      if (!ctx.res().isCommitted()) {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(ContentType.APPLICATION_JSON)
            .result(LiveSession.error(shownAs + ": the server ran out of memory converting it; try a shorter "
                + "recording"));
      }
    } catch (RuntimeException e) {
      LOG.error("/api/pose {}: internal error", shownAs, e);
      if (!ctx.res().isCommitted()) {
        ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(ContentType.APPLICATION_JSON)
            .result(LiveSession.error(shownAs + ": internal server error"));
      }
    } finally {
      uploads.release();
    }
  }

  /** Reads and drops the request body (at most the upload limit), a buffer at a time. */
  private static void discardBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_UPLOAD_BYTES) {
      return;
    }
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      long left = MAX_UPLOAD_BYTES;
      for (int n = in.read(buffer); n > 0 && left > 0; n = in.read(buffer)) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /**
   * The request body in one array of its exact size (no growing copies), or null when it is larger than {@link
   * #MAX_UPLOAD_BYTES}.
   */
  private static byte[] body(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_UPLOAD_BYTES) {
      return null;
    }
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      if (declared >= 0) {
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length) {
          throw new java.io.EOFException("the upload ended after " + read + " of " + declared + " bytes");
        }
        return body;
      }
      byte[] body = in.readNBytes((int) MAX_UPLOAD_BYTES + 1); // chunked: no length announced
      return body.length > MAX_UPLOAD_BYTES ? null : body;
    }
  }

  /** Streams {@code {"name", "fps", "width", "height", "frames": [...]}} to the response, a frame at a time. */
  private static void writeFrames(Context ctx, String name, PoseFile pose, PoseFrames frames) {
    try (JsonGenerator out = JSON.getFactory().createGenerator(ctx.outputStream())) {
      out.writeStartObject();
      out.writeStringField("name", name);
      out.writeNumberField("fps", frames.fps());
      out.writeNumberField("width", pose.width());
      out.writeNumberField("height", pose.height());
      out.writeArrayFieldStart("frames");
      for (int f = 0; f < frames.numFrames(); f++) {
        frames.write(f, out);
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      // The client went away mid-answer: nothing to tell it.
      LOG.info("/api/pose {}: answer not delivered ({})", name, e.toString());
    }
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

  /** Stops the server (once; later calls do nothing), e.g. from a shutdown hook. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      app.stop();
    }
  }
}
