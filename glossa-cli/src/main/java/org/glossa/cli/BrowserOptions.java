package org.glossa.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.glossa.extract.BrowserLandmarker;
import picocli.CommandLine.Option;

/** How MediaPipe Holistic runs for extract and recognize: headless Chromium, model size, timeouts. */
final class BrowserOptions {

  @Option(names = "--chromium", description = "Chromium executable (default: ${DEFAULT-VALUE}; Debian: apt-get "
      + "install chromium).")
  Path chromium = BrowserLandmarker.DEFAULT_CHROMIUM;
  @Option(names = "--complexity", defaultValue = "1",
      description = "MediaPipe pose model: 0 lite (faster), 1 full, as in the live page (default: ${DEFAULT-VALUE}).")
  int complexity;
  @Option(names = {"--frame-timeout", "--frame_timeout"}, defaultValue = "120",
      description = "Seconds to wait for one frame's landmarks before giving up on a video (default: "
          + "${DEFAULT-VALUE}).")
  int frameTimeoutSeconds;

  BrowserLandmarker start(int workers) {
    return new BrowserLandmarker(chromium, workers, complexity, Duration.ofSeconds(180),
        Duration.ofSeconds(frameTimeoutSeconds));
  }
}
