package org.glossa.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glossa.data.DataException;

/**
 * Fuzzes the checkpoint reader (issue 16): any bytes as a {@code .ckpt} give either a checked checkpoint or one
 * {@link DataException}; never another exception, never OutOfMemoryError. The target is
 * {@link Checkpoint#read}, everything {@code glossa evaluate --model x.ckpt} does before the native engine
 * builds the network (which then only gets configs the weights present hold). Seeds (a real tiny checkpoint
 * and hostile ones) are in {@code CheckpointFuzzTestInputs/readsAnyBytesAsACheckpoint/}.
 */
class CheckpointFuzzTest {

  private static final Path FILE = temp();

  private static Path temp() {
    try {
      Path dir = Files.createTempDirectory("glossa-fuzz-ckpt");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("fuzz.ckpt");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyBytesAsACheckpoint(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      Checkpoint.Stored stored = Checkpoint.read(FILE);
      if (stored.config().numClasses() != stored.vocabulary().numClasses()
          || stored.config().inputDim() != stored.pipeline().outputDim()) {
        throw new AssertionError("read a checkpoint whose parts disagree");
      }
    } catch (DataException expected) {
      if (!expected.getMessage().startsWith(FILE.toString())) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
