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
 */
public final class Npz {

  private Npz() {}

  /** Reads every array of an archive, in entry order. */
  public static Map<String, NpyArray> read(Path file) {
    if (!Files.exists(file)) {
      throw DataException.inFile(file, "file not found");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
          throw DataException.inFile(file, "corrupt or truncated entry '" + name + "': " + e.getMessage());
        }
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        arrays.put(key, Npy.parse(bytes, file + ":" + name));
      }
    } catch (NoSuchFileException e) {
      throw DataException.inFile(file, "file not found");
    } catch (ZipException e) {
      throw DataException.inFile(file, "not a valid .npz (zip) archive, or truncated: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + e.getMessage());
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
        return Npy.parse(in.readAllBytes(), file + ":" + entry.getName());
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw DataException.inFile(file, "file not found");
    } catch (ZipException | java.io.EOFException e) {
      throw DataException.inFile(file, "not a valid .npz (zip) archive, or truncated: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + e.getMessage());
    }
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

  /** Decodes the bytes of an archive; {@code source} names it in errors. */
  public static Map<String, NpyArray> fromBytes(byte[] data, String source) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(data))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        arrays.put(key, Npy.parse(zip.readAllBytes(), source + ":" + name));
      }
    } catch (IOException e) {
      throw new DataException(source + ": corrupt .npz data: " + e.getMessage());
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
