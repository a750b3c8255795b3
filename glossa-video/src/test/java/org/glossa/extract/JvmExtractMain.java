package org.glossa.extract;

import java.nio.file.Path;
import java.util.List;

/** Development aid: {@code glossa extract} with the JVM engine: IN OUT WORKERS COMPLEXITY THREADS. */
public final class JvmExtractMain {

  private JvmExtractMain() {}

  public static void main(String[] args) throws InterruptedException {
    List<Extractor.Item> items = Extractor.discover(Path.of(args[0]));
    int workers = Integer.parseInt(args[2]);
    try (JvmLandmarker landmarker = new JvmLandmarker(workers, Integer.parseInt(args[3]),
        Integer.parseInt(args[4]))) {
      Extractor.Summary s = new Extractor(landmarker::landmarks, workers, null, 25f).run(items, Path.of(args[1]),
          System.err, false);
      System.out.printf("%d frames in %.1f s = %.2f frames/s%n", s.frames(), s.seconds(), s.framesPerSecond());
    }
  }
}
