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

  public static byte[] readBytes(Path file) {
    try {
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
