package org.glossa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring inputs (STM, CTM, plain): what they hold, and malformed lines refused naming the line (issue 16). */
class ScoringFilesTest {

  @TempDir
  Path temp;

  @Test
  void readsCtmWordsInFileOrderWithoutEmptyMarkers() throws IOException {
    Path file = Files.writeString(temp.resolve("hyp.ctm"), ";; x\nv1 1 0.0 0.1 A 0.9\nv1 1 0.1 0.1 [EMPTY]\n"
        + "v2 1 0 1 B\nv1 1 0.2 0.1 C\n");
    ScoringFiles.Utterances u = ScoringFiles.read(file);
    assertEquals(List.of("A", "C"), u.words().get("v1"));
    assertEquals(List.of("B"), u.words().get("v2"));
  }

  @Test
  void readsPlainTextAsIdThenWords() throws IOException {
    Path file = Files.writeString(temp.resolve("hyp.txt"), "  v1 A  B\n\nv2\n");
    ScoringFiles.Utterances u = ScoringFiles.read(file);
    assertEquals(List.of("A", "B"), u.words().get("v1"));
    assertEquals(List.of(), u.words().get("v2"));
  }

  @Test
  void issue16EveryMalformedLineIsOneDataExceptionNamingFileAndLine() throws IOException {
    String[][] cases = { // file name, content, expected in the message
        {"h.ctm", "v1 1 0.0 0.1\n", "line 1: expected 'file channel begin duration word"},
        {"h.ctm", "v1 1 NaN 0.1 A\n", "line 1: 'NaN' is not a finite number"},
        {"h.ctm", "\nv1 1 0 1e999 A\n", "line 2: '1e999' is not a finite number"},
        {"h.ctm", "v1 1 zero 1 A\n", "line 1: 'zero' is not a number"},
        {"h.ctm", "v1 1 " + "9".repeat(5000) + "x 1 A\n", "is not a number"},
        {"r.stm", "v1 1 S 0 Infinity A\n", "line 1: begin and end times must be finite"},
        {"r.stm", "v1 1 S 0\n", "line 1: expected"},
    };
    for (String[] c : cases) {
      Path file = Files.writeString(temp.resolve(c[0]), c[1]);
      DataException e = assertThrows(DataException.class, () -> ScoringFiles.read(file), c[1]);
      assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(c[2]), e.getMessage());
      assertTrue(e.getMessage().length() < file.toString().length() + 250, e.getMessage());
    }
  }
}
