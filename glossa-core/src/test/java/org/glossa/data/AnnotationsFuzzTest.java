package org.glossa.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the annotation reader (issue 16): the first byte picks the format (STM, PHOENIX CSV, TSV), the rest is
 * the file; the result is annotations or one {@link DataException} naming the file; never another exception.
 * Seeds in {@code AnnotationsFuzzTestInputs/readsAnyBytesAsAnnotations/}.
 */
class AnnotationsFuzzTest {

  private static final String[] NAMES = {"ref.stm", "train.corpus.csv", "glosses.tsv"};
  private static final Path DIR = temp();

  private static Path temp() {
    try {
      Path dir = Files.createTempDirectory("glossa-fuzz-annotations");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyBytesAsAnnotations(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    Path file = DIR.resolve(NAMES[Math.floorMod(data[0], NAMES.length)]);
    file.toFile().deleteOnExit();
    Files.write(file, Arrays.copyOfRange(data, 1, data.length));
    try {
      for (Annotations.Entry entry : Annotations.read(List.of(file)).entries()) {
        if (entry.id().isBlank()) {
          throw new AssertionError("blank id read from " + file);
        }
      }
    } catch (DataException expected) {
      if (!expected.getMessage().startsWith(file.toString())) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
