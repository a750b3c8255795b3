package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glossa.data.DataException;
import org.glossa.network.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile checkpoints (issue 16): each is refused with one DataException naming the file and what is wrong. */
class CheckpointTest {

  @TempDir
  static Path temp;
  static Path tiny;

  @BeforeAll
  static void writeTinyCheckpoint() {
    tiny = TinyCheckpoint.write(temp.resolve("tiny.ckpt"), true);
  }

  private static DataException refused(Path file) {
    DataException e = assertThrows(DataException.class, () -> Checkpoint.load(file).model().close());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e;
  }

  private static void assertMentions(DataException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void loadsTheTinyCheckpointWithItsOptimizerState() {
    Checkpoint.Contents contents = Checkpoint.load(tiny);
    try (TrainedModel model = contents.model()) {
      assertEquals(3, contents.optimizerStep());
      assertEquals(model.parameters().size(), contents.optimizer().size());
    }
  }

  @Test
  void issue16RefusesAHugeLstmBeforeAllocatingIt() throws IOException {
    Path file = TinyCheckpoint.withText(tiny, temp.resolve("lstm-1e6.ckpt"), "checkpoint.json",
        json -> json.replace("\"lstm_hidden\" : 4", "\"lstm_hidden\" : 1000000"));
    assertMentions(refused(file), "lstm_hidden", "1000000");
  }

  @Test
  void refusesAConfigWithinRangeThatTheWeightsDoNotHold() throws IOException {
    Path file = TinyCheckpoint.withText(tiny, temp.resolve("lstm-60000.ckpt"), "checkpoint.json",
        json -> json.replace("\"lstm_hidden\" : 4", "\"lstm_hidden\" : 60000"));
    assertMentions(refused(file), "lstm_hidden=60000", "weights.npz holds");
    Path wider = TinyCheckpoint.withText(tiny, temp.resolve("head-16.ckpt"), "checkpoint.json",
        json -> json.replace("\"head_channels\" : 8", "\"head_channels\" : 16"));
    assertMentions(refused(wider), "does not match the weights");
  }

  @Test
  void refusesOutOfRangeOrMissingConfigValuesNamingTheKey() throws IOException {
    String[][] cases = {
        {"\"embed_dim\" : 8", "\"embed_dim\" : -8", "embed_dim = -8"},
        {"\"kernel\" : 3", "\"kernel\" : 4", "kernel = 4"},
        {"\"dropout\" : 0.1", "\"dropout\" : \"NaN\"", "dropout must be in [0, 1)"},
        {"\"num_classes\" : 3", "\"num_classes\" : 2147483647", "num_classes = 2147483647"},
        {"\"input_dim\" : 4", "\"input_dim\" : 5", "5 input columns"},
        {"\"kind\" : \"student\"", "\"kind\" : \"teacher\"", "teacher config needs exactly one spec"},
        {"\"history\" : [ ]", "\"history\" : null", "history missing"},
        {"\"format\" : \"glossa-checkpoint-1\"", "\"format\" : 7", "not a Glossa checkpoint"},
        {"\"model\" : {", "\"model\" : [], \"x\" : {", "no 'model' object"},
        {"{", "[", "checkpoint.json"},
    };
    for (String[] c : cases) {
      Path file = TinyCheckpoint.withText(tiny, temp.resolve("case.ckpt"), "checkpoint.json", json -> {
        assertTrue(json.contains(c[0]), c[0] + " not in " + json);
        return json.replaceFirst(java.util.regex.Pattern.quote(c[0]), c[1]);
      });
      assertMentions(refused(file), c[2]);
    }
  }

  @Test
  void refusesAVocabularyThatDisagreesWithTheModel() throws IOException {
    Path file = TinyCheckpoint.withText(tiny, temp.resolve("vocab.ckpt"), "vocab.txt", v -> v + "EXTRA\n");
    assertMentions(refused(file), "num_classes = 3", "vocab.txt has 3 glosses");
  }

  @Test
  void refusesMissingMembersAndAMissingOptimizerStep() throws IOException {
    for (String member : new String[] {"checkpoint.json", "vocab.txt", "pipeline.npz", "weights.npz"}) {
      Map<String, byte[]> members = TinyCheckpoint.members(tiny);
      members.remove(member);
      Path file = Files.write(temp.resolve("no-member.ckpt"), TinyCheckpoint.zip(members));
      assertMentions(refused(file), "no " + member);
    }
    Map<String, byte[]> members = TinyCheckpoint.members(tiny);
    members.put("optimizer.npz", TinyCheckpoint.members(tiny).get("pipeline.npz"));
    Path file = Files.write(temp.resolve("no-step.ckpt"), TinyCheckpoint.zip(members));
    assertMentions(refused(file), "optimizer.npz", "'step'");
  }

  @Test
  void refusesAWeightAverageThatDoesNotFitTheModel() throws IOException {
    Map<String, byte[]> members = TinyCheckpoint.members(tiny);
    Map<String, org.glossa.data.NpyArray> weights = org.glossa.data.Npz.fromBytes(members.get("weights.npz"), "w");
    String first = weights.keySet().iterator().next();
    Map<String, org.glossa.data.NpyArray> optimizer = new java.util.LinkedHashMap<>(
        org.glossa.data.Npz.fromBytes(members.get("optimizer.npz"), "o"));
    optimizer.put("ema_steps", org.glossa.data.NpyArray.ofFloats(new float[] {8}, 1));
    optimizer.put("ema/" + first, org.glossa.data.NpyArray.ofFloats(new float[] {1, 2, 3}, 3));
    members.put("optimizer.npz", org.glossa.data.Npz.toBytes(optimizer));
    Path file = Files.write(temp.resolve("ema-size.ckpt"), TinyCheckpoint.zip(members));
    assertMentions(refused(file), "optimizer.npz", "weight average of " + first);

    optimizer.put("ema/" + first, weights.get(first)); // the right size, but only one parameter of several
    members.put("optimizer.npz", org.glossa.data.Npz.toBytes(optimizer));
    file = Files.write(temp.resolve("ema-partial.ckpt"), TinyCheckpoint.zip(members));
    assertMentions(refused(file), "optimizer.npz", "covers 1 of the " + weights.size() + " parameters");
  }

  @Test
  void issue16RefusesAMemberThatInflatesPastItsDeclaredSize() throws IOException {
    Map<String, byte[]> members = TinyCheckpoint.members(tiny);
    members.put("pipeline.npz", new byte[50_000_000]); // deflates to ~50 KB
    byte[] zip = TinyCheckpoint.zip(members);
    setDeclaredSize(zip, "pipeline.npz", 1000);
    Path file = Files.write(temp.resolve("bomb.ckpt"), zip);
    assertMentions(refused(file), "pipeline.npz", "inflates past its declared 1000 bytes");
  }

  @Test
  void issue16RefusesASmallFileThatHonestlyInflatesToFarMore() throws IOException {
    Map<String, byte[]> members = TinyCheckpoint.members(tiny);
    members.put("pipeline.npz", new byte[100_000_000]); // deflates to ~100 KB, declared honestly
    Path file = Files.write(temp.resolve("zeros.ckpt"), TinyCheckpoint.zip(members));
    assertMentions(refused(file), "members declare 1000", "a zip bomb");
  }

  @Test
  void issue16RefusesAMemberDeclaringMoreThanTheCeilingOrThanDeflateCanGive() throws IOException {
    byte[] zip = TinyCheckpoint.zip(TinyCheckpoint.members(tiny));
    setDeclaredSize(zip, "weights.npz", 3_000_000_000L);
    assertMentions(refused(Files.write(temp.resolve("ceiling.ckpt"), zip)), "weights.npz", "declares 3000000000");
    zip = TinyCheckpoint.zip(TinyCheckpoint.members(tiny));
    setDeclaredSize(zip, "vocab.txt", 10_000_000);
    assertMentions(refused(Files.write(temp.resolve("ratio.ckpt"), zip)), "vocab.txt", "more than deflate can give");
  }

  @Test
  void refusesGarbageAndTruncatedFiles() throws IOException {
    assertMentions(refused(Files.write(temp.resolve("garbage.ckpt"), "not a zip".getBytes(StandardCharsets.UTF_8))),
        "checkpoint");
    byte[] whole = Files.readAllBytes(tiny);
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
    assertMentions(refused(Files.write(temp.resolve("half.ckpt"), half)), "checkpoint");
  }

  /**
   * Rewrites the uncompressed size of {@code member} in the central directory, which is what {@code ZipFile}
   * believes (a 32-bit field, below 4 GiB).
   */
  private static void setDeclaredSize(byte[] zip, String member, long size) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = member.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < zip.length; i++) {
      if (buffer.getInt(i) == 0x02014b50 && buffer.getShort(i + 28) == name.length
          && java.util.Arrays.equals(zip, i + 46, i + 46 + name.length, name, 0, name.length)) {
        buffer.putInt(i + 24, (int) size);
        return;
      }
    }
    throw new AssertionError("no central directory entry for " + member);
  }
}
