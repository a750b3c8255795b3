package org.glossa.cli;

import org.glossa.extract.BrowserLandmarker;
import org.junit.jupiter.api.BeforeAll;

/** The extraction and recognition tests with the live page's MediaPipe in headless Chromium. */
class ExtractRecognizeBrowserTest extends ExtractRecognizeTest {

  @BeforeAll
  static void chromium() {
    org.glossa.data.Installed.require(BrowserLandmarker.DEFAULT_CHROMIUM, "Debian's chromium");
  }

  @Override
  String engine() {
    return "browser";
  }
}
