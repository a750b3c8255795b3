package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir
  Path temp;

  /** np.arange(12).reshape(3, 4) / 4 - 1, the content of every numeric fixture. */
  private static float[] expected() {
    float[] v = new float[12];
    for (int i = 0; i < 12; i++) {
      v[i] = i / 4f - 1f;
    }
    return v;
  }

  @Test
  void readsNumpyFloat32Float16AndBigEndianFloat64() {
    for (String name : new String[] {"f32.npy", "f16.npy", "f64_big_endian.npy", "v2.npy"}) {
      NpyArray array = Npy.read(TestResources.path("npy/" + name));
      assertArrayEquals(new int[] {3, 4}, array.shape(), name);
      assertArrayEquals(expected(), array.values(), 0f, name);
    }
  }

  @Test
  void readsIntegersAsFloats() {
    NpyArray array = Npy.read(TestResources.path("npy/int64.npy"));
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, array.values());
  }

  @Test
  void readsStoredAndDeflatedNpzWithGlossString() {
    for (String name : new String[] {"stored.npz", "deflated.npz"}) {
      Map<String, NpyArray> arrays = Npz.read(TestResources.path("npy/" + name));
      assertArrayEquals(expected(), arrays.get("features").values(), 0f);
      assertEquals("REGEN SONNE MORGEN", arrays.get("gloss").strings()[0]);
    }
  }

  @Test
  void roundTripsFloatsAndStrings() {
    float[][] matrix = {{1.5f, -2f, Float.MIN_VALUE}, {3e10f, 0f, -0f}};
    Path file = temp.resolve("m.npy");
    Npy.writeMatrix(file, matrix, 3);
    float[][] back = Npy.readMatrix(file);
    assertTrue(Arrays.deepEquals(matrix, back));
    Path npz = temp.resolve("a.npz");
    Npz.write(npz, Map.of("features", NpyArray.ofMatrix(matrix, 3), "gloss", NpyArray.ofString("ÄÖ X")));
    Map<String, NpyArray> arrays = Npz.read(npz);
    assertEquals("ÄÖ X", arrays.get("gloss").strings()[0]);
    assertTrue(Arrays.deepEquals(matrix, arrays.get("features").toMatrix()));
  }

  @Test
  void headerIsPaddedToSixtyFourBytesAsNumpyRequires() throws IOException {
    Path file = temp.resolve("m.npy");
    Npy.writeMatrix(file, new float[][] {{1f}}, 1);
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLength) % 64);
    assertEquals('\n', bytes[10 + headerLength - 1]);
  }

  @Test
  void halfPrecisionConversionCoversSpecialValues() {
    assertEquals(1f, Npy.halfToFloat((short) 0x3c00));
    assertEquals(-2f, Npy.halfToFloat((short) 0xc000));
    assertEquals(65504f, Npy.halfToFloat((short) 0x7bff));
    assertEquals((float) Math.pow(2, -24), Npy.halfToFloat((short) 0x0001));
    assertEquals(Float.POSITIVE_INFINITY, Npy.halfToFloat((short) 0x7c00));
    assertTrue(Float.isNaN(Npy.halfToFloat((short) 0x7e00)));
  }

  @Test
  void truncatedNpyNamesTheFileAndTheMissingBytes() throws IOException {
    byte[] bytes = Files.readAllBytes(TestResources.path("npy/f32.npy"));
    Path file = temp.resolve("cut.npy");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void corruptNpyNamesTheFile() throws IOException {
    Path file = temp.resolve("junk.npy");
    Files.writeString(file, "this is not numpy at all");
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path file = temp.resolve("absent.npy");
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertEquals(file + ": file not found", e.getMessage());
  }

  @Test
  void refusesFortranOrderAndPickledObjectsWithAFix() {
    DataException fortran = assertThrows(DataException.class,
        () -> Npy.read(TestResources.path("npy/fortran.npy")));
    assertTrue(fortran.getMessage().contains("ascontiguousarray"), fortran.getMessage());
    DataException object = assertThrows(DataException.class, () -> Npy.read(TestResources.path("npy/object.npy")));
    assertTrue(object.getMessage().contains("pickled"), object.getMessage());
  }

  @Test
  void truncatedNpzNamesTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(TestResources.path("npy/deflated.npz"));
    Path file = temp.resolve("cut.npz");
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    DataException e = assertThrows(DataException.class, () -> Npz.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  // Hostile headers (issue 16): each is refused with one line naming the file, before any allocation the
  // bytes present do not pay for. They run under -Xmx256m in the fuzz execution too (as fuzzer seeds).

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = temp.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static void assertOneLineNaming(Path file, DataException e, String expected) {
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void matrixWithRowsButNoColumnsIsRefusedWithoutMakingARowPerFrame() throws IOException {
    for (String rows : new String[] {"300000000", "2147483647"}) {
      Path file = write("rows" + rows + ".npy", HostileInputs.npy("<f4", rows + ", 0", new byte[0]));
      DataException e = assertThrows(DataException.class, () -> Npy.readMatrix(file));
      assertOneLineNaming(file, e, "no feature columns");
    }
  }

  @Test
  void matrixWithNoRowsIsStillRead() throws IOException {
    Path file = write("empty.npy", HostileInputs.npy("<f4", "0, 5", new byte[0]));
    assertEquals(0, Npy.readMatrix(file).length);
  }

  @Test
  void negativeDimensionIsRefusedNamingTheFile() throws IOException {
    Path file = write("negative.npy", HostileInputs.npy("<f4", "-1, 10", new byte[40]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "negative dimension -1");
  }

  @Test
  void dimensionBeyondAnIntIsRefusedNamingTheFile() throws IOException {
    Path file = write("wide.npy", HostileInputs.npy("<f4", "4294967296,", new byte[40]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "too large a dimension");
  }

  @Test
  void headerLengthBeyondTheFileIsRefusedAsTruncated() throws IOException {
    Path file = write("header.npy", HostileInputs.npyV2WithHeaderLength(0x7FFFFFFA, new byte[100]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "truncated .npy header");
    Path unsigned = write("unsigned.npy", HostileInputs.npyV2WithHeaderLength(0xFFFFFFF0, new byte[100]));
    e = assertThrows(DataException.class, () -> Npy.read(unsigned));
    assertOneLineNaming(unsigned, e, "truncated .npy header");
  }

  @Test
  void shapeWhoseSizeOverflowsALongIsRefused() throws IOException {
    Path file = write("overflow.npy",
        HostileInputs.npy("<f8", "2147483647, 2147483647, 2147483647", new byte[64]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "more data than any file holds");
  }

  @Test
  void unicodeItemSizeWhoseByteCountOverflowsAnIntIsRefusedAsTruncated() throws IOException {
    Path file = write("gloss.npy", HostileInputs.hugeUnicodeItemSize());
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "needs 4294967300 data bytes but the file has 80");
  }

  @Test
  void stringsAreSizedByTheCharactersPresentNotTheItemSize() throws IOException {
    byte[] data = new byte[4 * 1000];
    java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt('H').putInt('I');
    NpyArray array = Npy.read(write("short.npy", HostileInputs.npy("<U1000", "", data)));
    assertEquals("HI", array.strings()[0]);
  }

  @Test
  void invalidCodePointIsRefusedNamingTheFile() throws IOException {
    byte[] data = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    Path file = write("codepoint.npy", HostileInputs.npy("<U1", "", data));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "not a unicode code point");
  }

  @Test
  void zeroSizedStringItemsAreRefused() throws IOException {
    Path file = write("u0.npy", HostileInputs.npy("<U0", "1000000000,", new byte[0]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "unsupported dtype '<U0'");
  }

  @Test
  void controlCharactersInAHeaderStayOutOfTheMessage() throws IOException {
    Path file = write("lines.npy", HostileInputs.npy("{'descr': '<f4',\n'shape': (1,)}", new byte[4]));
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertOneLineNaming(file, e, "no 'fortran_order'");
  }

  @Test
  void largeHeaderRepeatingAnUnclosedShapeIsRefusedInLinearTime() throws IOException {
    // 1 MiB of "'shape': (" with no ")": a regular expression for the whole tuple rescanned the rest of the
    // header from each of its 100,000 starts (minutes); one scan takes milliseconds
    String header = "{'descr': '<f4', 'fortran_order': False, " + "'shape': (".repeat(100_000);
    byte[] text = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path file = write("shapes.npy", HostileInputs.npyV2WithHeaderLength(text.length, text));
    DataException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
        () -> assertThrows(DataException.class, () -> Npy.read(file)));
    assertOneLineNaming(file, e, "no 'shape'");
  }
}
