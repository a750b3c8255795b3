package org.glossa.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glossa.data.DataException;

/**
 * Fuzzes the model config of a checkpoint (issue 16): the input is {@code checkpoint.json}, put into an
 * otherwise valid tiny checkpoint, so mutations reach the config checks (ranges, the weights present) instead of
 * stopping at the zip layer as most of {@link CheckpointFuzzTest}'s do. Either a checked checkpoint or one
 * {@link DataException} naming the file; never another exception, never OutOfMemoryError. Seeds in
 * {@code CheckpointConfigFuzzTestInputs/readsAnyCheckpointJson/}.
 */
class CheckpointConfigFuzzTest {

  private static final Map<String, byte[]> MEMBERS = tinyMembers();
  private static final Path FILE = temp();

  private static Map<String, byte[]> tinyMembers() {
    try (InputStream in = CheckpointConfigFuzzTest.class.getResourceAsStream(
        "CheckpointFuzzTestInputs/readsAnyBytesAsACheckpoint/valid_tiny")) {
      Path copy = Files.createTempFile("glossa-fuzz-tiny", ".ckpt");
      copy.toFile().deleteOnExit();
      Files.write(copy, in.readAllBytes());
      return TinyCheckpoint.members(copy);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path temp() {
    try {
      Path file = Files.createTempFile("glossa-fuzz-config", ".ckpt");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyCheckpointJson(byte[] json) throws IOException {
    Map<String, byte[]> members = new java.util.LinkedHashMap<>(MEMBERS);
    members.put("checkpoint.json", json);
    Files.write(FILE, TinyCheckpoint.zip(members));
    try {
      Checkpoint.Stored stored = Checkpoint.read(FILE);
      long values = org.glossa.network.SignNetwork.parameterValues(stored.config()).values().stream()
          .mapToLong(Long::longValue).sum();
      long present = stored.weights().values().stream().mapToLong(a -> a.isNumeric() ? a.values().length : 0).sum();
      if (values != present) {
        throw new AssertionError("accepted a config sized past the weights: " + values + " vs " + present);
      }
    } catch (DataException expected) {
      if (!expected.getMessage().startsWith(FILE.toString())) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
