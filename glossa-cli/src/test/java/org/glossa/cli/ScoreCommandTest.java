package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.glossa.eval.Alignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code glossa score} on a long utterance, in a JVM of its own with a small heap. */
class ScoreCommandTest {

  @Test
  void aTwentyThousandWordUtteranceScoresInASixtyFourMegabyteHeap(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    List<String> reference = words(random, 20_000, 30);
    List<String> hypothesis = new ArrayList<>(reference.subList(0, 18_000));
    for (int k = 0; k < hypothesis.size(); k += 50) {
      hypothesis.set(k, "X");
    }
    Path ref = Files.writeString(dir.resolve("ref.txt"), "utt1 " + String.join(" ", reference) + "\n");
    Path hyp = Files.writeString(dir.resolve("hyp.txt"), "utt1 " + String.join(" ", hypothesis) + "\n");
    // a full cost table would be 20,001 x 18,001 ints = 1.4 GB
    Process score = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), "org.glossa.cli.GlossaCommand", "score",
        "--ref", ref.toString(), "--hyp", hyp.toString())
        .redirectErrorStream(true).start();
    String output = new String(score.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, score.waitFor(), output);
    Alignment expected = Alignment.of(reference, hypothesis);
    assertEquals(20_000, expected.referenceLength());
    assertTrue(expected.substitutions() >= 340 && expected.deletions() >= 2_000, expected.substitutions() + " " + expected.deletions());
    String total = String.format("Percent Total Error       = %6.1f%%   (%4d)", 100.0 * expected.errors() / 20_000,
        expected.errors());
    assertTrue(output.contains(total), total + " in:\n" + output);
  }

  private static List<String> words(Random random, int length, int vocabulary) {
    List<String> words = new ArrayList<>(length);
    for (int k = 0; k < length; k++) {
      words.add("W" + random.nextInt(vocabulary));
    }
    return words;
  }
}
