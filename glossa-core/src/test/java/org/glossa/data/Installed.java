package org.glossa.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Machine programs and files some tests need (Debian's chromium, chromedriver, a photo of a person): such a test
 * is skipped where they are missing, and fails instead when GLOSSA_BROWSER_TESTS=required (set by .ci/run, which
 * installs them).
 */
public final class Installed {

  private Installed() {}

  public static void require(Path file, String what) {
    boolean required = "required".equals(System.getenv("GLOSSA_BROWSER_TESTS"));
    if (!Files.isExecutable(file) && !Files.isReadable(file)) {
      String message = file + " (" + what + ") is not installed; `bash .ci/run` installs it";
      if (required) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }
}
