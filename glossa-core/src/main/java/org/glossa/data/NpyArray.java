package org.glossa.data;

import java.util.Arrays;

/**
 * One NumPy array as read from or written to a {@code .npy} file: its shape and either numbers (held as
 * float, whatever the stored type: float16/32/64 and integers) or strings (NumPy {@code <U} / {@code |S}).
 */
public record NpyArray(int[] shape, float[] values, String[] strings) {

  public NpyArray {
    shape = shape.clone();
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count = d == 0 || count == 0 ? 0 : multiply(count, d, shape);
    }
    if ((values == null) == (strings == null)) {
      throw new IllegalArgumentException("an NpyArray holds either numbers or strings");
    }
    int length = values != null ? values.length : strings.length;
    if (length != count) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " elements, got " + length);
    }
  }

  private static long multiply(long count, int d, int[] shape) {
    try {
      return Math.multiplyExact(count, d);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
    }
  }

  /** A float32 array of the given shape. */
  public static NpyArray ofFloats(float[] values, int... shape) {
    return new NpyArray(shape, values, null);
  }

  /** A 2-D float32 array [rows, cols] from a matrix whose rows all have {@code cols} entries. */
  public static NpyArray ofMatrix(float[][] matrix, int cols) {
    float[] flat = new float[matrix.length * cols];
    for (int r = 0; r < matrix.length; r++) {
      if (matrix[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + matrix[r].length + " columns, expected " + cols);
      }
      System.arraycopy(matrix[r], 0, flat, r * cols, cols);
    }
    return new NpyArray(new int[] {matrix.length, cols}, flat, null);
  }

  /** A 0-d string array, as {@code np.array("A B C")} stores it. */
  public static NpyArray ofString(String value) {
    return new NpyArray(new int[0], null, new String[] {value});
  }

  public boolean isNumeric() {
    return values != null;
  }

  /**
   * The values as a matrix [shape[0], shape[1]]; only for 2-D numeric arrays with at least one column when they
   * have rows (see {@link Npy#requireMatrix}, which says so with the file's name).
   */
  public float[][] toMatrix() {
    if (shape.length != 2 || values == null) {
      throw new IllegalStateException("not a 2-D numeric array: shape " + Arrays.toString(shape));
    }
    if (shape[1] == 0 && shape[0] > 0) {
      // [rows, 0] holds no values, yet would take one row object per row
      throw new IllegalStateException("a matrix without columns: shape " + Arrays.toString(shape));
    }
    float[][] matrix = new float[shape[0]][];
    for (int r = 0; r < shape[0]; r++) {
      matrix[r] = Arrays.copyOfRange(values, r * shape[1], (r + 1) * shape[1]);
    }
    return matrix;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }
}
