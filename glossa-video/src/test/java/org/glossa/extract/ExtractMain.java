package org.glossa.extract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code glossa extract --input IN --out OUT --workers N --chromium CHROMIUM [--complexity C]} runs, as a main
 * class of its own for tests that need the extraction in a separate JVM (to end it with a signal); complexity 0
 * unless given.
 */
public final class ExtractMain {

  private ExtractMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path input = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int workers = Integer.parseInt(args[2]);
    List<Extractor.Item> items = Extractor.discover(input);
    int complexity = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    try (BrowserLandmarker landmarker = new BrowserLandmarker(Path.of(args[3]), Math.min(workers, items.size()),
        complexity,
        Duration.ofSeconds(180), Duration.ofSeconds(60))) {
      new Extractor(landmarker::landmarks, workers, null, 25f).run(items, out, System.err, false);
    }
  }
}
