package org.glossa.data;

import java.nio.file.Path;

/**
 * Bad input data: a missing, corrupt or inconsistent file, sample or annotation line. The message always names
 * the file (and the sample or line where there is one), says what is wrong and, where possible, how to fix it.
 * The CLI prints it as one line without a stack trace.
 */
public class DataException extends RuntimeException {

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem with a whole file. */
  public static DataException inFile(Path file, String problem) {
    return new DataException(file + ": " + problem);
  }

  /** A problem with one sample (or line) of a file. */
  public static DataException inSample(Path file, String sampleId, String problem) {
    return new DataException(file + ": sample '" + sampleId + "': " + problem);
  }
}
