package org.glossa.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shared test files (real MediaPipe recordings under {@code pose/}, features under {@code npy/}, scoring files
 * under {@code score/}) as paths, for every module's tests: read in place from glossa-core's test classes, or
 * copied out of its test jar into a temporary file when another module reads them from there.
 */
public final class TestResources {

  private TestResources() {}

  /** The resource {@code name} (e.g. "pose/mediapipe.pose") as a file. */
  public static Path path(String name) {
    URL url = TestResources.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      if (url.getProtocol().equals("file")) {
        return Path.of(url.toURI());
      }
      Path copy = Files.createTempFile("glossa-test-", "-" + Path.of(name).getFileName());
      copy.toFile().deleteOnExit();
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
