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

  public LiveServer(FrameModel model, String host, int port, int window, int hop) {
    app = Javalin.create(config -> {
      config.jetty.host = host;
      config.jetty.port = port;
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "glosses", model.vocabulary().size(),
          "input_dim", model.pipeline().inputDim(), "window", window, "hop", hop, "sessions", sessions.size())));
      config.routes.ws("/ws", ws -> {
        ws.onConnect(ctx -> {
          float fps = Float.parseFloat(ctx.queryParamMap().getOrDefault("fps", java.util.List.of("25")).get(0));
          LiveSession session = new LiveSession(model, fps, window, hop);
          sessions.put(ctx.sessionId(), session);
          ctx.send(session.ready());
          LOG.info("session {} connected ({} fps)", ctx.sessionId(), fps);
        });
        ws.onMessage(ctx -> {
          LiveSession session = sessions.get(ctx.sessionId());
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
