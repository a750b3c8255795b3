package org.glossa.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the {@code .npz} readers: the bytes of an archive (as a checkpoint holds its
 * pipeline.npz) and the same bytes as a file, read whole and entry by entry. Each gives consistent arrays or
 * one {@link DataException} line naming the archive; never another exception, never OutOfMemoryError under
 * the fuzz execution's 256 MB heap. Seeds: {@code src/test/resources/org/glossa/data/NpzFuzzTestInputs/}.
 */
class NpzFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("glossa-npz-fuzz");
    file = dir.resolve("fuzz.npz");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "25s")
  void archiveGivesArraysOrOneDataExceptionLine(byte[] input) {
    try {
      Map<String, NpyArray> arrays = Npz.fromBytes(input, "fuzz.npz");
      arrays.forEach((key, array) -> FuzzChecks.consistent(array, "fuzz.npz:" + Npy.printable(key)));
    } catch (DataException e) {
      FuzzChecks.oneLine(e, "fuzz.npz");
    }
    try {
      Files.write(file, input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Npz.read(file).forEach((key, array) -> FuzzChecks.consistent(array, file + ":" + Npy.printable(key)));
    } catch (DataException e) {
      FuzzChecks.oneLine(e, file.toString());
    }
    try {
      NpyArray features = Npz.readEntry(file, "features");
      if (features != null) {
        FuzzChecks.consistent(features, file + ":features");
      }
    } catch (DataException e) {
      FuzzChecks.oneLine(e, file.toString());
    }
  }
}
