package org.glossa.eval;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.glossa.data.DataException;

/**
 * Fuzzes the scoring readers of {@code glossa score} (issue 16): the first byte picks the format (STM, CTM,
 * plain text), the rest is the file; the result is utterances or one {@link DataException} naming the file;
 * never another exception. Seeds in {@code ScoringFilesFuzzTestInputs/readsAnyBytesAsAScoringFile/}.
 */
class ScoringFilesFuzzTest {

  private static final String[] NAMES = {"ref.stm", "hyp.ctm", "hyp.txt"};
  private static final Path DIR = temp();

  private static Path temp() {
    try {
      Path dir = Files.createTempDirectory("glossa-fuzz-scoring");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyBytesAsAScoringFile(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    Path file = DIR.resolve(NAMES[Math.floorMod(data[0], NAMES.length)]);
    file.toFile().deleteOnExit();
    Files.write(file, Arrays.copyOfRange(data, 1, data.length));
    try {
      ScoringFiles.Utterances utterances = ScoringFiles.read(file);
      utterances.words().values().forEach(words -> words.forEach(w -> {
        if (w.isEmpty()) {
          throw new AssertionError("empty word read from " + file);
        }
      }));
    } catch (DataException expected) {
      if (!expected.getMessage().startsWith(file.toString())) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
