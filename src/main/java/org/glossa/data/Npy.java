package org.glossa.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Reads float16/32/64, signed and unsigned integers and booleans (all returned as float), and unicode
 * ({@code <U}) or byte ({@code |S}) strings, in C order, little- or big-endian. Writes float32 little-endian
 * and unicode strings. Pickled object arrays and Fortran order are refused with a message saying how to
 * re-save the file.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Reads a {@code .npy} file. */
  public static NpyArray read(Path file) {
    return parse(InputFiles.readBytes(file), file.toString());
  }

  /** Reads a {@code .npy} file that must hold a 2-D numeric array [frames, featureDim]. */
  public static float[][] readMatrix(Path file) {
    NpyArray array = read(file);
    return requireMatrix(array, file.toString());
  }

  static float[][] requireMatrix(NpyArray array, String source) {
    if (!array.isNumeric() || array.shape().length != 2) {
      throw new DataException(source + ": expected a 2-D numeric array [frames, feature_dim], found "
          + (array.isNumeric() ? "shape " + java.util.Arrays.toString(array.shape()) : "strings"));
    }
    return array.toMatrix();
  }

  /**
   * Parses the bytes of a {@code .npy} file; {@code source} names it in error messages (a path, or
   * {@code archive.npz:entry.npy}).
   */
  public static NpyArray parse(byte[] bytes, String source) {
    if (bytes.length < 10) {
      throw new DataException(source + ": not a .npy file (only " + bytes.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new DataException(source + ": not a .npy file (missing the \\x93NUMPY magic)");
      }
    }
    int major = bytes[6] & 0xff;
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = buffer.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new DataException(source + ": truncated .npy header");
      }
      headerLength = buffer.getInt(8);
      headerStart = 12;
    } else {
      throw new DataException(source + ": unsupported .npy format version " + major);
    }
    if (headerLength < 0 || headerStart + headerLength > bytes.length) {
      throw new DataException(source + ": truncated .npy header");
    }
    String header = new String(bytes, headerStart, headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, source, "descr");
    if ("True".equals(group(FORTRAN, header, source, "fortran_order"))) {
      throw new DataException(source + ": Fortran-order arrays are not supported; re-save with "
          + "np.save(path, np.ascontiguousarray(a))");
    }
    int[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    int dataStart = headerStart + headerLength;
    return decode(bytes, dataStart, descr, shape, count, source);
  }

  private static NpyArray decode(byte[] bytes, int offset, String descr, int[] shape, long count,
      String source) {
    if (descr.contains("O")) {
      throw new DataException(source + ": object (pickled) arrays are not supported; store glosses as a "
          + "plain string, e.g. np.savez(path, features=f, gloss=np.array('A B C'))");
    }
    if (descr.length() < 3) {
      throw new DataException(source + ": unknown dtype '" + descr + "'");
    }
    char order = descr.charAt(0);
    char kind = descr.charAt(1);
    int itemSize;
    try {
      itemSize = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException e) {
      throw new DataException(source + ": unknown dtype '" + descr + "'");
    }
    ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int unitSize = kind == 'U' ? 4 * itemSize : itemSize;
    long needed = count * unitSize;
    long available = bytes.length - (long) offset;
    if (available < needed) {
      throw new DataException(source + ": truncated: shape " + java.util.Arrays.toString(shape) + " needs "
          + needed + " data bytes but the file has " + available);
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new DataException(source + ": array too large (" + count + " elements)");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, offset, (int) needed).slice().order(byteOrder);
    int n = (int) count;
    if (kind == 'U' || kind == 'S') {
      String[] strings = new String[n];
      for (int i = 0; i < n; i++) {
        strings[i] = kind == 'U' ? readUtf32(data, i * unitSize, itemSize) : readBytes(data, i * unitSize, itemSize);
      }
      return new NpyArray(shape, null, strings);
    }
    float[] values = new float[n];
    switch (kind + "" + itemSize) {
      case "f2" -> { for (int i = 0; i < n; i++) values[i] = halfToFloat(data.getShort(2 * i)); }
      case "f4" -> { for (int i = 0; i < n; i++) values[i] = data.getFloat(4 * i); }
      case "f8" -> { for (int i = 0; i < n; i++) values[i] = (float) data.getDouble(8 * i); }
      case "i1" -> { for (int i = 0; i < n; i++) values[i] = data.get(i); }
      case "u1", "b1" -> { for (int i = 0; i < n; i++) values[i] = data.get(i) & 0xff; }
      case "i2" -> { for (int i = 0; i < n; i++) values[i] = data.getShort(2 * i); }
      case "u2" -> { for (int i = 0; i < n; i++) values[i] = data.getShort(2 * i) & 0xffff; }
      case "i4" -> { for (int i = 0; i < n; i++) values[i] = data.getInt(4 * i); }
      case "u4" -> { for (int i = 0; i < n; i++) values[i] = data.getInt(4 * i) & 0xffffffffL; }
      case "i8", "u8" -> { for (int i = 0; i < n; i++) values[i] = data.getLong(8 * i); }
      default -> throw new DataException(source + ": unsupported dtype '" + descr
          + "'; use float16, float32 or float64");
    }
    return new NpyArray(shape, values, null);
  }

  private static String readUtf32(ByteBuffer data, int offset, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    for (int c = 0; c < chars; c++) {
      int codePoint = data.getInt(offset + 4 * c);
      if (codePoint == 0) {
        break;
      }
      sb.appendCodePoint(codePoint);
    }
    return sb.toString();
  }

  private static String readBytes(ByteBuffer data, int offset, int length) {
    int end = 0;
    while (end < length && data.get(offset + end) != 0) {
      end++;
    }
    byte[] raw = new byte[end];
    for (int i = 0; i < end; i++) {
      raw[i] = data.get(offset + i);
    }
    return new String(raw, StandardCharsets.UTF_8);
  }

  private static String group(Pattern pattern, String header, String source, String key) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new DataException(source + ": corrupt .npy header, no '" + key + "' in " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String text, String source) {
    String[] parts = text.split(",");
    int count = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      String p = part.strip().replace("L", "");
      if (p.isEmpty()) {
        continue;
      }
      try {
        shape[count++] = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new DataException(source + ": corrupt .npy header, bad shape (" + text + ")");
      }
    }
    return java.util.Arrays.copyOf(shape, count);
  }

  /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      float value = mantissa / 1024f / 16384f; // subnormal: mantissa * 2^-24
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** Encodes an array as {@code .npy} bytes (format 1.0; float32 little-endian or unicode strings). */
  public static byte[] toBytes(NpyArray array) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(array, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Writes an array in {@code .npy} format to a stream. */
  public static void write(NpyArray array, OutputStream out) throws IOException {
    int[] shape = array.shape();
    StringBuilder shapeText = new StringBuilder();
    for (int d : shape) {
      shapeText.append(d).append(", ");
    }
    if (shape.length > 1) {
      shapeText.setLength(shapeText.length() - 2);
    } else if (shape.length == 1) {
      shapeText.setLength(shapeText.length() - 1);
    }
    int maxChars = 1;
    if (!array.isNumeric()) {
      for (String s : array.strings()) {
        maxChars = Math.max(maxChars, s.codePointCount(0, s.length()));
      }
    }
    String descr = array.isNumeric() ? "<f4" : "<U" + maxChars;
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.write(prefix.array());
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    if (array.isNumeric()) {
      float[] values = array.values();
      ByteBuffer chunk = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < values.length; i += 4096) {
        chunk.clear();
        int end = Math.min(values.length, i + 4096);
        for (int j = i; j < end; j++) {
          chunk.putFloat(values[j]);
        }
        out.write(chunk.array(), 0, chunk.position());
      }
    } else {
      for (String s : array.strings()) {
        ByteBuffer chars = ByteBuffer.allocate(4 * maxChars).order(ByteOrder.LITTLE_ENDIAN);
        s.codePoints().forEach(chars::putInt);
        out.write(chars.array());
      }
    }
  }

  /** Writes a float32 matrix [rows, cols] to {@code file}, atomically. */
  public static void writeMatrix(Path file, float[][] matrix, int cols) {
    NpyArray array = NpyArray.ofMatrix(matrix, cols);
    AtomicFiles.write(file, out -> write(array, out));
  }
}
