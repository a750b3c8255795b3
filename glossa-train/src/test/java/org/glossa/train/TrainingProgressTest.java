package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

  @Test
  void terminalBarShowsStepsLossRateAndEtaOnOneRedrawnLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrainingProgress progress = new TrainingProgress(3, 10, 4, terminal);
    for (int i = 0; i < 4; i++) {
      progress.step(2.0 + i, 100);
    }
    progress.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\repoch 3/10 ["), out);
    String last = out.substring(out.lastIndexOf('\r') + 1);
    assertTrue(last.startsWith("epoch 3/10 [########################] 4/4 loss 3.500 "), last);
    assertTrue(last.contains("frames/s ETA 0:00"), last);
    assertTrue(out.endsWith(System.lineSeparator()), "the bar's line is ended before the epoch summary");
  }

  @Test
  void logLinesCarryTheSameFiguresAsKeyValues() {
    TrainingProgress progress = new TrainingProgress(1, 2, 10, null);
    progress.step(Double.NaN, 50); // a skipped step: counted, not averaged
    progress.step(4.0, 50);
    String line = progress.line(System.nanoTime(), false);
    assertTrue(line.startsWith("epoch=1/2 step=2/10 loss=4.000 frames_per_s="), line);
    assertTrue(line.contains(" eta_s="), line);
    assertEquals("1:01:01", TrainingProgress.clock(3661));
    assertEquals("0:59", TrainingProgress.clock(59));
  }
}
