package org.glossa.serve;

import io.javalin.Javalin;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glossa.model.FrameModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code glossa serve}: a WebSocket endpoint {@code /ws} (landmark frames in, glosses out; one
 * {@link LiveSession} per connection, {@code ?fps=} sets the frame rate) and {@code /health} (the model and the
 * open sessions as JSON). The model is shared: ONNX Runtime sessions are thread-safe.
 */
public final class LiveServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);

  private final Javalin app;
  private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();

  /** Largest client message accepted (a full Holistic frame as JSON is about 30 KB). */
  static final int MAX_MESSAGE_CHARS = 256 * 1024;

  public LiveServer(FrameModel model, String host, int port, int window, int hop) {
    this(model, host, port, window, hop, 16);
  }

  /** With at most {@code maxSessions} open connections; more are told so and closed. */
  public LiveServer(FrameModel model, String host, int port, int window, int hop, int maxSessions) {
    app = Javalin.create(config -> {
      config.jetty.host = host;
      config.jetty.port = port;
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "glosses", model.vocabulary().size(),
          "input_dim", model.pipeline().inputDim(), "window", window, "hop", hop, "sessions", sessions.size())));
      config.routes.ws("/ws", ws -> {
        ws.onConnect(ctx -> {
          if (sessions.size() >= maxSessions) {
            ctx.send("{\"type\":\"error\",\"message\":\"the server has its " + maxSessions
                + " sessions open; try again later\"}");
            ctx.closeSession(1013, "try again later");
            return;
          }
          float fps;
          try {
            fps = Float.parseFloat(ctx.queryParamMap().getOrDefault("fps", java.util.List.of("25")).get(0));
          } catch (NumberFormatException e) {
            fps = Float.NaN;
          }
          if (!(fps > 0 && fps <= 240)) {
            ctx.send("{\"type\":\"error\",\"message\":\"fps must be a number in (0, 240]\"}");
            ctx.closeSession(1008, "bad fps");
            return;
          }
          LiveSession session = new LiveSession(model, fps, window, hop);
          sessions.put(ctx.sessionId(), session);
          ctx.send(session.ready());
          LOG.info("session {} connected ({} fps)", ctx.sessionId(), fps);
        });
        ws.onMessage(ctx -> {
          LiveSession session = sessions.get(ctx.sessionId());
          if (session == null) {
            return; // refused at connect
          }
          if (ctx.message().length() > MAX_MESSAGE_CHARS) {
            ctx.send("{\"type\":\"error\",\"message\":\"message of " + ctx.message().length()
                + " characters; the limit is " + MAX_MESSAGE_CHARS + "\"}");
            return;
          }
          for (String reply : session.handle(ctx.message())) {
            ctx.send(reply);
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
