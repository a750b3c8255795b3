package org.glossa.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/** The jar's pages ({@code web/}: the live page, the extraction and recognition pages and MediaPipe's files). */
public final class PageFiles {

  private PageFiles() {}

  /**
   * Serves the jar's {@code web/} folder at {@code /}: the pages and MediaPipe Holistic's files (WASM with its
   * MIME type, so browsers compile it while it downloads).
   */
  public static void serve(JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/web";
      files.location = Location.CLASSPATH;
      files.mimeTypes.add("application/wasm", "wasm");
      files.mimeTypes.add("application/octet-stream", "data", "tflite", "binarypb");
    });
  }

}
