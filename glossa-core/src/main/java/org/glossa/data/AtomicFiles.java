package org.glossa.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers never see half of one: the content goes to a temporary file in the same folder,
 * which then replaces the target with an atomic rename. A crash leaves either the old file or the new one.
 */
public final class AtomicFiles {

  /** Writes bytes to an output stream; may throw IOException. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code file} through {@code writer}, atomically. */
  public static void write(Path file, StreamWriter writer) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
          writer.writeTo(out);
        }
        makeReadable(temp);
        try {
          Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Temporary files are created owner-only (0600); the finished file gets the usual rw-r--r--. */
  private static void makeReadable(Path file) {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: keep its default permissions.
    }
  }

  /** Deletes temporary files a killed writer left in {@code dir} (names start with '.' and end with ".tmp"). */
  public static void deleteStaleTemporaries(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path file, String text) {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
