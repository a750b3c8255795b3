package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.glossa.network.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training {@code report.html} with hostile folder names (issue 16). */
class RunReportTest {

  private static final String HOSTILE = "x<img src=x onerror=alert(1)>\"'&DATA_JSON<!--</script>";

  @TempDir
  Path temp;

  @Test
  void hostileFolderNamesStayTextInTheReport() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out" + HOSTILE));
    Path data = temp.resolve("data" + HOSTILE);
    TrainingState state = new TrainingState(1, 10, 50.0, 1, 0, List.of(
        new TrainingState.EpochRecord(1, 3.5, 3.0, 50.0, 1e-3f, 1000, 12.5, 900, 4.0)));
    try (TrainedModel model = TrainedModel.untrained("student", "tiny", 16, 5, 1)) {
      RunReport.write(out, TrainConfig.student(data, out), new RunReport.DataSummary(data, 4, 1, 16), model, state);
    }
    String page = Files.readString(out.resolve("report.html"));
    String lower = page.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<img src=x"), "no markup from the folder names");
    assertFalse(lower.contains("<!--") || lower.contains("<script") || lower.contains("</script"), page);
    assertEquals(3, lower.split("<img", -1).length - 1, "only the three curves are images");
    String escaped = "x&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;DATA_JSON&lt;!--&lt;/script&gt;";
    assertTrue(page.contains("<title>Glossa run: " + out.toString().replace(HOSTILE, escaped) + "</title>"), page);
    assertTrue(page.contains(data.toString().replace(HOSTILE, escaped)), "the data folder row, escaped");
  }
}
