package org.glossa.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.glossa.extract.BrowserLandmarker;
import org.glossa.extract.JvmLandmarker;
import org.glossa.extract.Landmarker;
import picocli.CommandLine.Option;

/** How MediaPipe Holistic runs for extract and recognize: in the JVM or in headless Chromium, model size. */
final class LandmarkOptions {

  @Option(names = "--engine", defaultValue = "jvm",
      description = "jvm: MediaPipe's models converted to ONNX and run here (about 40 frames/s on 2 cores); "
          + "browser: the live page's MediaPipe in headless Chromium (under 1 frame/s without a GPU). Default: "
          + "${DEFAULT-VALUE}.")
  String engine;
  @Option(names = "--chromium", description = "Chromium executable for --engine browser (default: "
      + "${DEFAULT-VALUE}; Debian: apt-get install chromium).")
  Path chromium = BrowserLandmarker.DEFAULT_CHROMIUM;
  @Option(names = "--complexity", defaultValue = "1",
      description = "MediaPipe pose model: 0 lite (faster), 1 full, as in the live page (default: ${DEFAULT-VALUE}).")
  int complexity;
  @Option(names = "--threads", defaultValue = "0",
      description = "Threads per worker for --engine jvm; with 2 or more a video runs as a pipeline, its body on "
          + "one thread, face and hands on another (default: the cores shared among the workers).")
  int threads;
  @Option(names = {"--frame-timeout", "--frame_timeout"}, defaultValue = "120",
      description = "Seconds to wait for one frame's landmarks from the browser before giving up on a video "
          + "(default: ${DEFAULT-VALUE}).")
  int frameTimeoutSeconds;

  Landmarker start(int workers) {
    if (complexity != 0 && complexity != 1) {
      throw new IllegalArgumentException("--complexity must be 0 (lite) or 1 (full), got " + complexity);
    }
    return switch (engine) {
      case "jvm" -> new JvmLandmarker(workers, complexity, threads > 0 ? threads
          : JvmLandmarker.threadsPerWorker(workers, Runtime.getRuntime().availableProcessors()));
      case "browser" -> new BrowserLandmarker(chromium, workers, complexity, Duration.ofSeconds(180),
          Duration.ofSeconds(frameTimeoutSeconds));
      default -> throw new IllegalArgumentException("--engine must be jvm or browser, got " + engine);
    };
  }

  String describe() {
    return "engine " + engine + ", pose model " + (complexity == 0 ? "lite" : "full");
  }
}
