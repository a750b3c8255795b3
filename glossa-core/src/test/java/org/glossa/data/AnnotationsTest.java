package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationsTest {

  @TempDir
  Path temp;

  @Test
  void readsPhoenixCorpusCsvWithHeader() throws IOException {
    Path file = temp.resolve("train.corpus.csv");
    Files.writeString(file, "id|folder|signer|annotation\n"
        + "01April_2010_Thursday_heute_default-0|01April_2010_Thursday_heute_default-0/1/*.png|Signer04|"
        + "__ON__ LIEB ZUSCHAUER ABEND WINTER GESTERN loc-NORD SCHOTTLAND __OFF__\n");
    Annotations a = Annotations.read(List.of(file));
    Annotations.Entry e = a.get("01April_2010_Thursday_heute_default-0");
    assertEquals("Signer04", e.signer());
    assertEquals(9, e.glosses().size());
    assertEquals("loc-NORD", e.glosses().get(6));
  }

  @Test
  void readsStmJoiningSegmentsInTimeOrder() throws IOException {
    Path file = temp.resolve("ref.stm");
    Files.writeString(file, ";; comment\nvid1 1 Signer01 2.0 3.0 <x> C D\nvid1 1 Signer01 0.0 1.0 A B\n"
        + "vid2 1 Signer02 0.0 1.0 E\n");
    Annotations a = Annotations.read(List.of(file));
    assertEquals(List.of("A", "B", "C", "D"), a.get("vid1").glosses());
    assertEquals("Signer02", a.get("vid2").signer());
  }

  @Test
  void malformedCsvLineNamesFileAndLine() throws IOException {
    Path file = temp.resolve("dev.corpus.csv");
    Files.writeString(file, "id|folder|signer|annotation\na|f|s|REGEN\nb|f|REGEN SONNE\n");
    DataException e = assertThrows(DataException.class, () -> Annotations.read(List.of(file)));
    assertTrue(e.getMessage().startsWith(file + ": line 3:"), e.getMessage());
  }

  @Test
  void malformedStmTimesNameFileAndLine() throws IOException {
    Path file = temp.resolve("x.stm");
    Files.writeString(file, "vid1 1 S one two A B\n");
    DataException e = assertThrows(DataException.class, () -> Annotations.read(List.of(file)));
    assertTrue(e.getMessage().startsWith(file + ": line 1: begin and end"), e.getMessage());
  }

  @Test
  void duplicateIdAcrossFilesIsAnError() throws IOException {
    Path a = temp.resolve("a.tsv");
    Path b = temp.resolve("b.tsv");
    Files.writeString(a, "x\tS1\tA B\n");
    Files.writeString(b, "x\tS1\tA\n");
    DataException e = assertThrows(DataException.class, () -> Annotations.read(List.of(a, b)));
    assertTrue(e.getMessage().contains("already annotated"), e.getMessage());
  }

  @Test
  void issue16EveryMalformedLineIsOneDataExceptionNamingFileAndLine() throws IOException {
    String[][] cases = { // file name, content, expected in the message
        {"a.stm", "vid 1 S 0.0 NaN A\n", "line 1: begin and end times must be finite"},
        {"a.stm", ";;\nvid 1 S 1e400 2 A\n", "line 2: begin and end times must be finite"},
        {"a.stm", "vid 1 S 0x 2 A\n", "line 1: begin and end times must be numbers"},
        {"a.stm", "vid 1 S 0\n", "line 1: expected 'file channel speaker begin end"},
        {"a.csv", "x|folder\n", "line 1: expected 4 '|'-separated fields"},
        {"a.csv", "|f|s|A B\n", "line 1: empty id"},
        {"a.csv", "x|f|s|   \n", "line 1: sample 'x' has no glosses"},
        {"a.tsv", "x\ts\n", "line 1: expected 3 tab-separated fields"},
        {"a.tsv", "x\t\t\t\n", "line 1: expected 3 tab-separated fields"},
        {"a.tsv", "x\ts\tA\nx\ts\tB\n", "line 2: id 'x' already annotated"},
        {"a.txt", "x A\n", "unknown annotation format"},
    };
    for (String[] c : cases) {
      Path file = Files.writeString(temp.resolve(c[0]), c[1]);
      DataException e = assertThrows(DataException.class, () -> Annotations.read(List.of(file)), c[1]);
      assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(c[2]), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void quotesOnlyTheStartOfALongMalformedLine() throws IOException {
    Path file = Files.writeString(temp.resolve("long.stm"), "vid 1 S x " + "A".repeat(100_000) + "\n");
    DataException e = assertThrows(DataException.class, () -> Annotations.read(List.of(file)));
    assertTrue(e.getMessage().length() < file.toString().length() + 200, e.getMessage());
  }
}
