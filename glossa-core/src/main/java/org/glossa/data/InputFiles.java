package org.glossa.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads input files, turning I/O failures into a {@link DataException} that names the file. */
public final class InputFiles {

  private InputFiles() {}

  /** Largest file {@link #readBytes} reads: the largest byte array a JVM allocates. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  /** The whole file; a file larger than {@link #MAX_BYTES} (about 2 GB) is a {@link DataException}. */
  public static byte[] readBytes(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw DataException.inFile(file, "file of " + size + " bytes is too large to read (the limit is "
            + MAX_BYTES + " bytes, about 2 GB)");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw DataException.inFile(file, "file not found");
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + e.getMessage());
    }
  }

  public static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw DataException.inFile(file, "file not found");
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read: " + e.getMessage());
    }
  }
}
