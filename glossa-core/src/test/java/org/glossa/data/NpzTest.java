package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded reading of .npz archives (issue 16): headers first, then at most the bytes they declare. */
class NpzTest {

  @TempDir
  Path temp;

  /** The bomb, scaled down: a float32 entry whose header declares 4.5 GB. */
  private static byte[] declaresGigabytes() {
    return HostileInputs.zipWithZeros("features.npy",
        HostileInputs.npy("<f4", "1125000000, 1", new byte[0]), 1 << 16);
  }

  private static void assertOneLine(String prefix, DataException e, String expected) {
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void entryDeclaringGigabytesIsRefusedBeforeInflatingWithTheFlagThatRaisesTheLimit() throws IOException {
    Path file = temp.resolve("bomb.npz");
    Files.write(file, declaresGigabytes());
    String expected = "declares 4500000000 data bytes (shape [1125000000, 1] of '<f4')";
    DataException e = assertThrows(DataException.class, () -> Npz.read(file));
    assertOneLine(file + ":features.npy", e, expected);
    assertTrue(e.getMessage().contains("-Dglossa.npz.maxBytes="), e.getMessage());
    e = assertThrows(DataException.class, () -> Npz.readEntry(file, "features"));
    assertOneLine(file + ":features.npy", e, expected);
  }

  @Test
  void checkpointPipelineDeclaringGigabytesIsRefusedFromBytes() {
    DataException e = assertThrows(DataException.class,
        () -> Npz.fromBytes(declaresGigabytes(), "model.ckpt:pipeline.npz"));
    assertOneLine("model.ckpt:pipeline.npz:features.npy", e, "declares 4500000000 data bytes");
  }

  @Test
  void entryInflatingPastItsHeaderIsRefusedAfterTheDeclaredBytes() throws IOException {
    // 40 declared bytes, then 300 MB of zeros (300 KB deflated): more than a 256 MB heap could hold
    byte[] bomb = HostileInputs.zipWithZeros("features.npy", HostileInputs.npy("<f4", "10,", new byte[0]),
        300L << 20);
    Path file = temp.resolve("extra.npz");
    Files.write(file, bomb);
    DataException e = assertThrows(DataException.class, () -> Npz.read(file));
    assertOneLine(file + ":features.npy", e, "more data than its header declares");
    e = assertThrows(DataException.class, () -> Npz.fromBytes(bomb, "x.npz"));
    assertOneLine("x.npz:features.npy", e, "more data than its header declares");
  }

  @Test
  void entryInflatingToLessThanItsHeaderIsTruncated() throws IOException {
    byte[] short_ = HostileInputs.zipWithZeros("features.npy", HostileInputs.npy("<f4", "1000, 4", new byte[0]),
        100);
    DataException e = assertThrows(DataException.class, () -> Npz.fromBytes(short_, "x.npz"));
    assertOneLine("x.npz:features.npy", e, "needs 16000 data bytes but the file has 100");
  }

  @Test
  void entriesTogetherAreHeldToTheLimit() {
    Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>();
    arrays.put("a", NpyArray.ofFloats(new float[200], 200));
    arrays.put("b", NpyArray.ofFloats(new float[200], 200));
    byte[] bytes = Npz.toBytes(arrays);
    String previous = System.setProperty(Npz.MAX_BYTES_PROPERTY, "1000");
    try {
      DataException e = assertThrows(DataException.class, () -> Npz.fromBytes(bytes, "x.npz"));
      assertOneLine("x.npz:b.npy", e, "with the entries before it is more than the limit of 1000 bytes");
      System.setProperty(Npz.MAX_BYTES_PROPERTY, "1600");
      assertEquals(2, Npz.fromBytes(bytes, "x.npz").size());
      System.setProperty(Npz.MAX_BYTES_PROPERTY, "lots");
      e = assertThrows(DataException.class, () -> Npz.fromBytes(bytes, "x.npz"));
      assertTrue(e.getMessage().contains("-Dglossa.npz.maxBytes=lots: expected a positive number of bytes"));
    } finally {
      if (previous == null) {
        System.clearProperty(Npz.MAX_BYTES_PROPERTY);
      } else {
        System.setProperty(Npz.MAX_BYTES_PROPERTY, previous);
      }
    }
  }

  @Test
  void glossWithAnItemSizeThatOverflowsAnIntIsRefusedBeforeInflating() throws IOException {
    Path file = temp.resolve("gloss.npz");
    Files.write(file, HostileInputs.zip("gloss.npy", HostileInputs.hugeUnicodeItemSize(), true));
    DataException e = assertThrows(DataException.class, () -> Npz.readEntry(file, "gloss"));
    assertOneLine(file + ":gloss.npy", e, "declares 4294967300 data bytes (shape [] of '<U1073741825')");
    String previous = System.setProperty(Npz.MAX_BYTES_PROPERTY, Long.toString(Long.MAX_VALUE));
    try {
      e = assertThrows(DataException.class, () -> Npz.readEntry(file, "gloss"));
      assertOneLine(file + ":gloss.npy", e, "array too large");
    } finally {
      if (previous == null) {
        System.clearProperty(Npz.MAX_BYTES_PROPERTY);
      } else {
        System.setProperty(Npz.MAX_BYTES_PROPERTY, previous);
      }
    }
  }

  @Test
  void storedAndDeflatedEntriesReadAlike() {
    byte[] npy = Npy.toBytes(NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    for (boolean deflated : new boolean[] {false, true}) {
      NpyArray array = Npz.fromBytes(HostileInputs.zip("features.npy", npy, deflated), "x.npz").get("features");
      assertArrayEquals(new int[] {2, 3}, array.shape());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, array.values());
    }
  }

  @Test
  void malformedArchiveBytesAreADataException() {
    byte[] bytes = HostileInputs.zip("features.npy", Npy.toBytes(NpyArray.ofString("A")), false);
    bytes[bytes.length / 3] ^= 0x55;
    assertThrows(DataException.class, () -> Npz.fromBytes(bytes, "x.npz"));
  }

  /**
   * {@code bytes} refused with one line naming {@code entry} and saying {@code expected}, both from bytes (as a
   * checkpoint's pipeline.npz) and from a file.
   */
  private void assertArchiveRefusedOnOneLine(byte[] bytes, String entry, String expected) throws IOException {
    DataException e = assertThrows(DataException.class, () -> Npz.fromBytes(bytes, "x.npz"));
    assertOneLine("x.npz:" + entry, e, expected);
    Path file = temp.resolve("refused.npz");
    Files.write(file, bytes);
    e = assertThrows(DataException.class, () -> Npz.read(file));
    assertOneLine(file + ":" + entry, e, expected);
  }

  @Test
  void entryNameWithControlCharactersStaysOnOneLine() throws IOException {
    // found by NpzFuzzTest: the entry name went into the message as it was
    assertArchiveRefusedOnOneLine(HostileInputs.zip("feat\nures\r.npy", "not numpy".getBytes(), true),
        "feat?ures?.npy", "not a .npy file");
  }

  @Test
  void dtypeWithAControlCharacterForItsByteOrderIsRefusedOnOneLine() throws IOException {
    // found by NpzFuzzTest in CI: '\nf4' passed as little-endian, then went into a message as it was
    byte[] entry = HostileInputs.npy("\nf4", "0, 2", new byte[] {1});
    assertArchiveRefusedOnOneLine(HostileInputs.zip("features.npy", entry, true), "features.npy",
        "unknown dtype '?f4': it must start with a byte order");
    DataException e = assertThrows(DataException.class, () -> Npy.parse(entry, "x.npy"));
    assertOneLine("x.npy", e, "unknown dtype '?f4'");
  }
}
