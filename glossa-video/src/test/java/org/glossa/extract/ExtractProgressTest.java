package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExtractProgressTest {

  @Test
  void withoutATerminalTheLastVideoGivesOneProgressLine() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ExtractProgress progress = new ExtractProgress(2, null);
      progress.frame();
      progress.video();
      progress.frame();
      progress.video();
      progress.message("failed: x.mp4: no frames");
      progress.finish();
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    assertEquals(2, lines.length, text);
    assertTrue(lines[0].startsWith("progress: 2/2 videos  2 frames  ") && lines[0].contains("ETA 0m00s"), text);
    assertEquals("failed: x.mp4: no frames", lines[1]);
  }
}
