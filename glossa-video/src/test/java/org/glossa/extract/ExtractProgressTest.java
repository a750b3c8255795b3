package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExtractProgressTest {

  /** What a progress of {@code videos} without a terminal writes to stderr while {@code steps} run. */
  private static String stderrOf(int videos, Consumer<ExtractProgress> steps) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      steps.accept(new ExtractProgress(videos, null));
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalTheLastVideoGivesOneProgressLine() {
    String text = stderrOf(2, progress -> {
      progress.frame();
      progress.video();
      progress.frame();
      progress.video();
      progress.message("failed: x.mp4: no frames");
      progress.finish();
    });
    String[] lines = text.split("\n");
    assertEquals(2, lines.length, text);
    assertTrue(lines[0].startsWith("progress: 2/2 videos  2 frames  ") && lines[0].contains("ETA 0m00s"), text);
    assertEquals("failed: x.mp4: no frames", lines[1]);
  }

  @Test
  void framesOfAFailedVideoAreNamedApartFromTheFramesKept() {
    String text = stderrOf(2, progress -> {
      for (int i = 0; i < 5; i++) {
        progress.frame();
      }
      progress.video(); // kept: 5 frames
      for (int i = 0; i < 3; i++) {
        progress.frame();
      }
      progress.failed(3); // nobody in its 3 frames
      progress.video();
    }).strip();
    assertTrue(text.startsWith("progress: 2/2 videos  5 frames  "), text);
    assertTrue(text.endsWith("  (3 frames of failed videos not counted)"), text);
  }
}
