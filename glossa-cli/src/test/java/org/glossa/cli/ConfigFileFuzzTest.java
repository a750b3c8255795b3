package org.glossa.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glossa.data.DataException;
import picocli.CommandLine;

/**
 * Fuzzes {@code --config run.yaml} (issue 16): any bytes as a config file give flags or one
 * {@link DataException} naming the file; never another exception, never OutOfMemoryError. Seeds in
 * {@code ConfigFileFuzzTestInputs/readsAnyBytesAsAConfig/}.
 */
class ConfigFileFuzzTest {

  private static final CommandLine TRAIN = ConfigFileTest.train();
  private static final Path FILE = temp();

  private static Path temp() {
    try {
      Path dir = Files.createTempDirectory("glossa-fuzz-yaml");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("run.yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyBytesAsAConfig(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      for (String flag : ConfigFile.flags(FILE, TRAIN)) {
        if (flag == null) {
          throw new AssertionError("null flag");
        }
      }
    } catch (DataException expected) {
      if (!expected.getMessage().startsWith(FILE.toString())) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
