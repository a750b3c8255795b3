package org.glossa.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glossa.data.DataException;

/**
 * Fuzzes {@code --card card.json}: any bytes as a model card give a card or one {@link DataException} naming the
 * card (or the vocabulary file it names, memory bounded whatever that file is); never another exception, never OutOfMemoryError. Seeds in
 * {@code ModelCardFuzzTestInputs/readsAnyBytesAsACard/}.
 */
class ModelCardFuzzTest {

  private static final Path DIR = temp();
  private static final Path FILE = DIR.resolve("card.json");

  private static Path temp() {
    try {
      Path dir = Files.createTempDirectory("glossa-fuzz-card");
      dir.toFile().deleteOnExit();
      Path vocabulary = Files.writeString(dir.resolve("glosses.txt"), "HALLO\nDANKE\n");
      vocabulary.toFile().deleteOnExit();
      dir.resolve("card.json").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void readsAnyBytesAsACard(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      ModelCard card = ModelCard.read(FILE);
      if (card.glosses().isEmpty() || card.featureWidth() < 1 || card.timeStride() < 1) {
        throw new AssertionError("an invalid card was accepted: " + card);
      }
    } catch (DataException expected) {
      // a vocabulary_file elsewhere is named itself
      if (!expected.getMessage().startsWith(DIR.toString()) && !expected.getMessage().contains("vocabulary_file")) {
        throw new AssertionError("message does not name the card: " + expected.getMessage());
      }
    }
  }
}
