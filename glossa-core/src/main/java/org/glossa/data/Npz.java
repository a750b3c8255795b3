package org.glossa.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip of {@code .npy} entries, stored or deflated (as
 * {@code np.savez} and {@code np.savez_compressed} write them). Keys are entry names without {@code .npy}.
 *
 * <p>Reading is bounded: each entry's {@code .npy} header is read first, and the data bytes it declares are
 * checked (in exact arithmetic) against a ceiling for the whole archive, {@value #MAX_BYTES_PROPERTY}
 * (default 1 GiB), before anything is inflated; then at most the declared bytes are inflated, into a buffer
 * that grows with the bytes that really arrive. An entry that inflates to fewer or more bytes than its header
 * declares is a {@link DataException}.
 */
public final class Npz {

  /** System property: most array data bytes one archive may declare (sum over its entries). */
  public static final String MAX_BYTES_PROPERTY = "glossa.npz.maxBytes";

  static final long DEFAULT_MAX_BYTES = 1L << 30;

  private Npz() {}

  /** The ceiling on the array bytes of one archive: {@value #MAX_BYTES_PROPERTY}, else 1 GiB. */
  static long maxBytes() {
    String value = System.getProperty(MAX_BYTES_PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_BYTES;
    }
    try {
      long bytes = Long.parseLong(value.strip());
      if (bytes > 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DataException("-D" + MAX_BYTES_PROPERTY + "=" + value + ": expected a positive number of bytes");
  }

  /** Reads every array of an archive, in entry order. */
  public static Map<String, NpyArray> read(Path file) {
    if (!Files.exists(file)) {
      throw DataException.inFile(file, "file not found");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    long[] budget = {maxBytes()};
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(key, readEntry(in, file + ":" + Npy.printable(name), budget));
        } catch (ZipException | java.io.EOFException e) {
          throw DataException.inFile(file, "corrupt or truncated entry '" + Npy.printable(name) + "': "
              + Npy.printable(e.getMessage()));
        }
      }
    } catch (NoSuchFileException e) {
      throw DataException.inFile(file, "file not found");
    } catch (ZipException e) {
      throw DataException.inFile(file, "not a valid .npz (zip) archive, or truncated: "
          + Npy.printable(e.getMessage()));
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + Npy.printable(e.getMessage()));
    } catch (IllegalArgumentException e) {
      // java.util.zip's answer to some malformed headers (entry names that are not valid UTF-8, ...)
      throw DataException.inFile(file, "not a valid .npz (zip) archive: " + Npy.printable(e.getMessage()));
    }
    return arrays;
  }

  /** Reads one array of an archive without inflating the others, or null if the archive has no such key. */
  public static NpyArray readEntry(Path file, String key) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry(key + ".npy");
      if (entry == null) {
        return null;
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return readEntry(in, file + ":" + Npy.printable(entry.getName()), new long[] {maxBytes()});
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw DataException.inFile(file, "file not found");
    } catch (ZipException | java.io.EOFException e) {
      throw DataException.inFile(file, "not a valid .npz (zip) archive, or truncated: "
          + Npy.printable(e.getMessage()));
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + Npy.printable(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, "not a valid .npz (zip) archive: " + Npy.printable(e.getMessage()));
    }
  }

  /**
   * Reads one {@code .npy} entry: its header, then (if {@code budget[0]} covers the data it declares) exactly
   * that data. Takes the entry's data bytes off {@code budget[0]}.
   */
  private static NpyArray readEntry(InputStream in, String source, long[] budget) throws IOException {
    Npy.Header header = Npy.readHeader(in, source);
    if (header.dataBytes() > budget[0]) {
      long max = maxBytes();
      throw new DataException(source + ": its header declares " + header.dataBytes() + " data bytes (shape "
          + header.shapeText() + " of '" + Npy.printable(header.descr()) + "'), "
          + (budget[0] == max ? "more than the limit of " + max + " bytes"
              : "which with the entries before it is more than the limit of " + max + " bytes")
          + " for one .npz; raise it with -D" + MAX_BYTES_PROPERTY + "=<bytes> (e.g. in GLOSSA_JAVA_OPTS)");
    }
    budget[0] -= header.dataBytes();
    return Npy.readData(in, header, source);
  }

  /** Encodes arrays as the bytes of a deflated archive. */
  public static byte[] toBytes(Map<String, NpyArray> arrays) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      writeTo(bytes, arrays);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes the bytes of an archive; {@code source} names it in errors. Bounded as {@link #read} is. */
  public static Map<String, NpyArray> fromBytes(byte[] data, String source) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    long[] budget = {maxBytes()};
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(data))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        arrays.put(key, readEntry(zip, source + ":" + Npy.printable(name), budget));
      }
    } catch (IOException e) {
      throw new DataException(source + ": corrupt .npz data: " + Npy.printable(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new DataException(source + ": corrupt .npz data: " + Npy.printable(e.getMessage()));
    }
    return arrays;
  }

  private static void writeTo(java.io.OutputStream out, Map<String, NpyArray> arrays) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.setLevel(1);
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
      Npy.write(e.getValue(), zip);
      zip.closeEntry();
    }
    zip.finish();
  }

  /** Writes arrays to a deflated archive, atomically. */
  public static void write(Path file, Map<String, NpyArray> arrays) {
    AtomicFiles.write(file, out -> writeTo(out, arrays));
  }
}
