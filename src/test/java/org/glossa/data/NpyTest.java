package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
      NpyArray array = Npy.read(TestFiles.resource("npy/" + name));
      assertArrayEquals(new int[] {3, 4}, array.shape(), name);
      assertArrayEquals(expected(), array.values(), 0f, name);
    }
  }

  @Test
  void readsIntegersAsFloats() {
    NpyArray array = Npy.read(TestFiles.resource("npy/int64.npy"));
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, array.values());
  }

  @Test
  void readsStoredAndDeflatedNpzWithGlossString() {
    for (String name : new String[] {"stored.npz", "deflated.npz"}) {
      Map<String, NpyArray> arrays = Npz.read(TestFiles.resource("npy/" + name));
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
    byte[] bytes = Files.readAllBytes(TestFiles.resource("npy/f32.npy"));
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
        () -> Npy.read(TestFiles.resource("npy/fortran.npy")));
    assertTrue(fortran.getMessage().contains("ascontiguousarray"), fortran.getMessage());
    DataException object = assertThrows(DataException.class, () -> Npy.read(TestFiles.resource("npy/object.npy")));
    assertTrue(object.getMessage().contains("pickled"), object.getMessage());
  }

  @Test
  void truncatedNpzNamesTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(TestFiles.resource("npy/deflated.npz"));
    Path file = temp.resolve("cut.npz");
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    DataException e = assertThrows(DataException.class, () -> Npz.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }
}
