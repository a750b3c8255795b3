package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** What the readers' fuzz tests assert of every input: a consistent result, or one clear DataException line. */
final class FuzzChecks {

  private FuzzChecks() {}

  /** The message names the source first and fits on one line. */
  static void oneLine(DataException e, String source) {
    String message = e.getMessage();
    assertTrue(message != null && message.startsWith(source), () -> "message does not name " + source + ": " + message);
    assertFalse(message.contains("\n") || message.contains("\r"), () -> "message of more than one line: " + message);
  }

  /** The array holds exactly the elements its shape says; a 2-D numeric one converts to a matrix or is refused. */
  static void consistent(NpyArray array, String source) {
    long count = Arrays.stream(array.shape()).asLongStream().reduce(1, Math::multiplyExact);
    assertEquals(count, array.isNumeric() ? array.values().length : array.strings().length);
    if (array.isNumeric() && array.shape().length == 2) {
      try {
        float[][] matrix = Npy.requireMatrix(array, source);
        assertEquals(array.shape()[0], matrix.length);
      } catch (DataException e) {
        oneLine(e, source);
      }
    }
  }
}
