package org.glossa.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
  // only the opening of the tuple: see shapeText
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(");

  private Npy() {}

  /**
   * Largest header accepted. NumPy itself refuses headers over 10,000 bytes when loading; anything near this
   * bound is not a NumPy header, and reading it would cost memory for nothing.
   */
  static final int MAX_HEADER_BYTES = 1 << 20;

  /** What a {@code .npy} header declares: dtype, shape and the number of data bytes that must follow. */
  record Header(String descr, char kind, int itemSize, ByteOrder byteOrder, int[] shape, long count,
      long dataBytes) {

    String shapeText() {
      return java.util.Arrays.toString(shape);
    }
  }

  /** Reads a {@code .npy} file. */
  public static NpyArray read(Path file) {
    return parse(InputFiles.readBytes(file), file.toString());
  }

  /** Reads a {@code .npy} file that must hold a 2-D numeric array [frames, featureDim]. */
  public static float[][] readMatrix(Path file) {
    NpyArray array = read(file);
    return requireMatrix(array, file.toString());
  }

  /**
   * The array as a matrix [frames, featureDim]; a {@link DataException} naming {@code source} unless it is a
   * 2-D numeric array with at least one column (a [frames, 0] matrix holds no data, yet one row object per
   * frame would cost memory the file never paid for).
   */
  public static float[][] requireMatrix(NpyArray array, String source) {
    int[] shape = array.shape();
    if (!array.isNumeric() || shape.length != 2) {
      throw new DataException(source + ": expected a 2-D numeric array [frames, feature_dim], found "
          + (array.isNumeric() ? "shape " + java.util.Arrays.toString(shape) : "strings"));
    }
    if (shape[1] == 0 && shape[0] > 0) {
      throw new DataException(source + ": expected a 2-D numeric array [frames, feature_dim], found shape "
          + java.util.Arrays.toString(shape) + " (no feature columns)");
    }
    return array.toMatrix();
  }

  /**
   * Parses the bytes of a {@code .npy} file; {@code source} names it in error messages (a path, or
   * {@code archive.npz:entry.npy}). Bytes after the data the header declares are ignored, as NumPy does.
   */
  public static NpyArray parse(byte[] bytes, String source) {
    int[] prefix = prefix(bytes, bytes.length, source);
    int headerStart = prefix[0];
    long dataStart = headerStart + (prefix[1] & 0xffffffffL);
    if (dataStart > bytes.length) {
      throw new DataException(source + ": truncated .npy header");
    }
    checkHeaderLength(prefix[1], source);
    Header header = header(bytes, headerStart, prefix[1], prefix[2], source);
    long available = bytes.length - dataStart;
    if (available < header.dataBytes()) {
      throw truncated(header, available, source);
    }
    checkElementCount(header, source);
    return decode(ByteBuffer.wrap(bytes, (int) dataStart, (int) header.dataBytes()).slice(), header, source);
  }

  /**
   * Reads the magic, version and header of a {@code .npy} stream (an archive entry), leaving the stream at the
   * first data byte. Reads at most {@link #MAX_HEADER_BYTES} plus 12 bytes.
   */
  static Header readHeader(InputStream in, String source) throws IOException {
    byte[] start = in.readNBytes(12);
    int[] prefix = prefix(start, start.length, source);
    int headerStart = prefix[0];
    checkHeaderLength(prefix[1], source);
    int headerLength = prefix[1];
    // the bytes of the 12 already read that belong to the header (format 1.0 has a 10-byte prefix)
    int have = Math.min(start.length - headerStart, headerLength);
    byte[] headerBytes = new byte[headerLength];
    System.arraycopy(start, headerStart, headerBytes, 0, have);
    int read = in.readNBytes(headerBytes, have, headerLength - have);
    if (have + read < headerLength) {
      throw new DataException(source + ": truncated .npy header");
    }
    // (a format 1.0 header shorter than the 2 bytes read past its prefix holds no 'descr': header() refuses it)
    return header(headerBytes, 0, headerLength, prefix[2], source);
  }

  /**
   * Reads the data a header declares from the rest of a stream and decodes it. The buffer grows with the
   * bytes that actually arrive (never to the declared size up front, which a compressed entry may not hold);
   * fewer bytes than declared, or any byte more, is a {@link DataException}.
   */
  static NpyArray readData(InputStream in, Header header, String source) throws IOException {
    checkElementCount(header, source);
    int needed = (int) header.dataBytes();
    byte[] buffer = new byte[Math.min(needed, 1 << 16)];
    int filled = 0;
    while (filled < needed) {
      if (filled == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(needed, 2L * buffer.length));
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw truncated(header, filled, source);
      }
      filled += n;
    }
    if (in.read() >= 0) {
      throw new DataException(source + ": corrupt: more data than its header declares (shape "
          + header.shapeText() + " of '" + printable(header.descr()) + "' needs " + needed + " bytes)");
    }
    return decode(ByteBuffer.wrap(buffer, 0, needed), header, source);
  }

  /** {headerStart, headerLength (unsigned for formats 2 and 3), major version}, checked against the magic. */
  private static int[] prefix(byte[] bytes, int length, String source) {
    if (length < 10) {
      throw new DataException(source + ": not a .npy file (only " + length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new DataException(source + ": not a .npy file (missing the \\x93NUMPY magic)");
      }
    }
    int major = bytes[6] & 0xff;
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      return new int[] {10, buffer.getShort(8) & 0xffff, major};
    }
    if (major == 2 || major == 3) {
      if (length < 12) {
        throw new DataException(source + ": truncated .npy header");
      }
      return new int[] {12, buffer.getInt(8), major};
    }
    throw new DataException(source + ": unsupported .npy format version " + major);
  }

  private static void checkHeaderLength(int headerLength, String source) {
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new DataException(source + ": corrupt .npy header: it declares " + (headerLength & 0xffffffffL)
          + " header bytes, more than the " + MAX_HEADER_BYTES + " a .npy header may have");
    }
  }

  private static Header header(byte[] bytes, int offset, int length, int major, String source) {
    String header = new String(bytes, offset, length,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, source, "descr");
    if ("True".equals(group(FORTRAN, header, source, "fortran_order"))) {
      throw new DataException(source + ": Fortran-order arrays are not supported; re-save with "
          + "np.save(path, np.ascontiguousarray(a))");
    }
    int[] shape = parseShape(shapeText(header, source), source);
    if (descr.contains("O")) {
      throw new DataException(source + ": object (pickled) arrays are not supported; store glosses as a "
          + "plain string, e.g. np.savez(path, features=f, gloss=np.array('A B C'))");
    }
    if (descr.length() < 3) {
      throw new DataException(source + ": unknown dtype '" + printable(descr) + "'");
    }
    char order = descr.charAt(0);
    if ("<>|=".indexOf(order) < 0) {
      throw new DataException(source + ": unknown dtype '" + printable(descr)
          + "': it must start with a byte order, one of < > | =");
    }
    char kind = descr.charAt(1);
    int itemSize;
    try {
      itemSize = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException e) {
      throw new DataException(source + ": unknown dtype '" + printable(descr) + "'");
    }
    boolean text = kind == 'U' || kind == 'S';
    if (text ? itemSize < 1 : !NUMERIC.contains(kind + "" + itemSize)) {
      throw new DataException(source + ": unsupported dtype '" + printable(descr)
          + "'; use float16, float32 or float64");
    }
    ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long unitSize = kind == 'U' ? 4L * itemSize : itemSize;
    long count = 1;
    long dataBytes;
    try {
      for (int d : shape) {
        count = d == 0 || count == 0 ? 0 : Math.multiplyExact(count, d);
      }
      dataBytes = Math.multiplyExact(count, unitSize);
    } catch (ArithmeticException e) {
      throw new DataException(source + ": corrupt .npy header: shape " + java.util.Arrays.toString(shape)
          + " of '" + printable(descr) + "' declares more data than any file holds");
    }
    return new Header(descr, kind, itemSize, byteOrder, shape, count, dataBytes);
  }

  private static final java.util.Set<String> NUMERIC = java.util.Set.of(
      "f2", "f4", "f8", "i1", "u1", "b1", "i2", "u2", "i4", "u4", "i8", "u8");

  private static DataException truncated(Header header, long available, String source) {
    return new DataException(source + ": truncated: shape " + header.shapeText() + " needs "
        + header.dataBytes() + " data bytes but the file has " + available);
  }

  private static void checkElementCount(Header header, String source) {
    if (header.count() > Integer.MAX_VALUE - 8 || header.dataBytes() > Integer.MAX_VALUE - 8) {
      throw new DataException(source + ": array too large (" + header.count() + " elements, "
          + header.dataBytes() + " data bytes; at most " + (Integer.MAX_VALUE - 8) + " of either)");
    }
  }

  /** Decodes exactly {@code header.dataBytes()} bytes of {@code data}. */
  private static NpyArray decode(ByteBuffer data, Header header, String source) {
    data.order(header.byteOrder());
    int n = (int) header.count();
    int itemSize = header.itemSize();
    char kind = header.kind();
    if (kind == 'U' || kind == 'S') {
      String[] strings = new String[n];
      int unitSize = kind == 'U' ? 4 * itemSize : itemSize;
      for (int i = 0; i < n; i++) {
        int offset = (int) ((long) i * unitSize);
        strings[i] = kind == 'U' ? readUtf32(data, offset, itemSize, source) : readBytes(data, offset, itemSize);
      }
      return new NpyArray(header.shape(), null, strings);
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
      default -> throw new DataException(source + ": unsupported dtype '" + printable(header.descr())
          + "'; use float16, float32 or float64");
    }
    return new NpyArray(header.shape(), values, null);
  }

  /** A NUL-terminated UTF-32 string of at most {@code chars} code points; sized by the characters present. */
  private static String readUtf32(ByteBuffer data, int offset, int chars, String source) {
    int length = 0;
    while (length < chars && data.getInt(offset + 4 * length) != 0) {
      length++;
    }
    if (length == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder(length);
    for (int c = 0; c < length; c++) {
      int codePoint = data.getInt(offset + 4 * c);
      if (!Character.isValidCodePoint(codePoint)) {
        throw new DataException(source + ": corrupt string data: 0x" + Integer.toHexString(codePoint)
            + " is not a unicode code point");
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
    if (end == 0) {
      return "";
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
      throw new DataException(source + ": corrupt .npy header, no '" + key + "' in " + printable(header.strip()));
    }
    return m.group(1);
  }

  /**
   * The text inside {@code 'shape': (...)}. The closing parenthesis is looked up once: a regular expression
   * would rescan to the end of the header from every {@code 'shape': (} when none is closed, which on a large
   * header repeating it takes minutes.
   */
  private static String shapeText(String header, String source) {
    Matcher m = SHAPE.matcher(header);
    int close = m.find() ? header.indexOf(')', m.end()) : -1;
    if (close < 0) {
      throw new DataException(source + ": corrupt .npy header, no 'shape' in " + printable(header.strip()));
    }
    return header.substring(m.end(), close);
  }

  /** Text from a file, made fit for a one-line message: control characters replaced, at most 200 characters. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    String clipped = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return clipped.replaceAll("\\p{Cntrl}", "?");
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
      long d;
      try {
        d = Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new DataException(source + ": corrupt .npy header, bad shape (" + printable(text) + ")");
      }
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new DataException(source + ": corrupt .npy header, " + (d < 0 ? "negative" : "too large a")
            + " dimension " + d + " in shape (" + printable(text) + ")");
      }
      shape[count++] = (int) d;
    }
    return java.util.Arrays.copyOf(shape, count);
  }

  /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
  public static float halfToFloat(short half) {
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
