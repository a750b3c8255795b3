package org.glossa.eval;

import java.util.Arrays;

/**
 * The minimum-cost edit path of {@link Alignment}, found in memory linear in the sentence lengths, so a reference
 * of 50,000 words scores in megabytes rather than the 10 GB a full cost table would take.
 *
 * <p>The path is exactly the one a full table's traceback takes (same tie-breaking: correct or substitution, then
 * deletion, then insertion), because each cell's back-pointer depends only on its three neighbours' costs. The
 * table is split at its middle row: one forward pass carries, for every cell below the middle, the column where
 * its back-pointer path enters the middle row. The cell the final path enters cuts the table into a top-left and a
 * bottom-right rectangle, each solved the same way from its boundary costs (its top row and left column), until a
 * rectangle's full table is small. Time stays O(n·m): each level of the recursion works on half the area of the
 * one above.
 *
 * <p>Costs: {@code d[i][j]} is the cheapest alignment of the first i reference words with the first j hypothesis
 * words; rectangles are given by their rows {@code r0..r1} and columns {@code c0..c1}, boundary included.
 */
final class EditPath {

  static final byte CORRECT = 0;
  static final byte SUBSTITUTION = 1;
  static final byte DELETION = 2;
  static final byte INSERTION = 3;

  private final int[] reference;
  private final int[] hypothesis;
  private final long fullTableCells;
  private byte[] ops = new byte[16];
  private int length;

  private EditPath(int[] reference, int[] hypothesis, long fullTableCells) {
    this.reference = reference;
    this.hypothesis = hypothesis;
    this.fullTableCells = fullTableCells;
  }

  /**
   * The operations of the path from the start of both sequences to their end. Words are given as ids (equal words,
   * equal ids); rectangles of at most {@code fullTableCells} cells are solved with a full table.
   */
  static byte[] solve(int[] reference, int[] hypothesis, long fullTableCells) {
    EditPath path = new EditPath(reference, hypothesis, Math.max(4, fullTableCells));
    int n = reference.length;
    int m = hypothesis.length;
    int[] top = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      top[j] = j * Alignment.INSERTION_COST;
    }
    int[] left = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      left[i] = i * Alignment.DELETION_COST;
    }
    path.solve(0, n, 0, m, top, left);
    return Arrays.copyOf(path.ops, path.length);
  }

  /** Appends the path from (r0, c0) to (r1, c1); {@code top[k] = d[r0][c0 + k]}, {@code left[k] = d[r0 + k][c0]}. */
  private void solve(int r0, int r1, int c0, int c1, int[] top, int[] left) {
    int height = r1 - r0;
    int width = c1 - c0;
    if (height == 0 || width == 0) {
      repeat(height == 0 ? INSERTION : DELETION, height + width);
    } else if (height == 1 || (long) (height + 1) * (width + 1) <= fullTableCells) {
      solveWithFullTable(r0, r1, c0, c1, top, left);
    } else {
      split(r0, r1, c0, c1, top, left);
    }
  }

  private void split(int r0, int r1, int c0, int c1, int[] top, int[] left) {
    int width = c1 - c0;
    int mid = (r0 + r1) >>> 1; // r0 < mid < r1: the rectangle has at least three rows here
    int[] previous = top.clone();
    int[] current = new int[width + 1];
    int[] midRow = null;
    // entry[j]: offset from c0 of the column where the back-pointer path of cell (i, c0 + j) enters row mid
    int[] entryAbove = null;
    int[] entry = new int[width + 1];
    for (int i = r0 + 1; i <= r1; i++) {
      current[0] = left[i - r0];
      boolean belowMid = i > mid;
      if (belowMid) {
        entry[0] = 0; // column c0 leads straight up to (mid, c0)
      }
      for (int j = 1; j <= width; j++) {
        int diagonal = previous[j - 1] + substitutionCost(i, c0 + j);
        int deletion = previous[j] + Alignment.DELETION_COST;
        int insertion = current[j - 1] + Alignment.INSERTION_COST;
        int cost = Math.min(diagonal, Math.min(deletion, insertion));
        current[j] = cost;
        if (belowMid) {
          entry[j] = cost == diagonal ? entryAbove[j - 1] : cost == deletion ? entryAbove[j] : entry[j - 1];
        }
      }
      if (i == mid) {
        midRow = current.clone();
        entryAbove = new int[width + 1];
        for (int j = 0; j <= width; j++) {
          entryAbove[j] = j;
        }
      } else if (belowMid) {
        int[] swap = entryAbove;
        entryAbove = entry;
        entry = swap;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    int cut = entryAbove[width]; // the final path enters row mid at column c0 + cut
    int[] bottomLeft = columnCosts(r0, mid, r1, c0, cut, midRow, left);
    solve(r0, mid, c0, c0 + cut, Arrays.copyOf(top, cut + 1), Arrays.copyOf(left, mid - r0 + 1));
    solve(mid, r1, c0 + cut, c1, Arrays.copyOfRange(midRow, cut, width + 1), bottomLeft);
  }

  /** The costs {@code d[mid..r1][c0 + cut]}: the left boundary of the bottom-right rectangle. */
  private int[] columnCosts(int r0, int mid, int r1, int c0, int cut, int[] midRow, int[] left) {
    int[] column = new int[r1 - mid + 1];
    column[0] = midRow[cut];
    if (cut == 0) {
      System.arraycopy(left, mid - r0, column, 0, column.length);
      return column;
    }
    int[] previous = Arrays.copyOf(midRow, cut + 1);
    int[] current = new int[cut + 1];
    for (int i = mid + 1; i <= r1; i++) {
      current[0] = left[i - r0];
      for (int j = 1; j <= cut; j++) {
        current[j] = Math.min(previous[j - 1] + substitutionCost(i, c0 + j),
            Math.min(previous[j] + Alignment.DELETION_COST, current[j - 1] + Alignment.INSERTION_COST));
      }
      column[i - mid] = current[cut];
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return column;
  }

  private void solveWithFullTable(int r0, int r1, int c0, int c1, int[] top, int[] left) {
    int height = r1 - r0;
    int width = c1 - c0;
    int[][] d = new int[height + 1][];
    d[0] = top;
    for (int i = 1; i <= height; i++) {
      int[] row = new int[width + 1];
      row[0] = left[i];
      for (int j = 1; j <= width; j++) {
        row[j] = Math.min(d[i - 1][j - 1] + substitutionCost(r0 + i, c0 + j),
            Math.min(d[i - 1][j] + Alignment.DELETION_COST, row[j - 1] + Alignment.INSERTION_COST));
      }
      d[i] = row;
    }
    byte[] reversed = new byte[height + width];
    int count = 0;
    int i = height;
    int j = width;
    while (i > 0 && j > 0) {
      int substitution = substitutionCost(r0 + i, c0 + j);
      if (d[i][j] == d[i - 1][j - 1] + substitution) {
        reversed[count++] = substitution == 0 ? CORRECT : SUBSTITUTION;
        i--;
        j--;
      } else if (d[i][j] == d[i - 1][j] + Alignment.DELETION_COST) {
        reversed[count++] = DELETION;
        i--;
      } else {
        reversed[count++] = INSERTION;
        j--;
      }
    }
    // the path of a rectangle runs through its top-left corner: what is left is straight along its edge
    for (; i > 0; i--) {
      reversed[count++] = DELETION;
    }
    for (; j > 0; j--) {
      reversed[count++] = INSERTION;
    }
    for (int k = count - 1; k >= 0; k--) {
      append(reversed[k]);
    }
  }

  /** Cost of aligning reference word i with hypothesis word j (both 1-based). */
  private int substitutionCost(int i, int j) {
    return reference[i - 1] == hypothesis[j - 1] ? 0 : Alignment.SUBSTITUTION_COST;
  }

  private void repeat(byte op, int times) {
    for (int k = 0; k < times; k++) {
      append(op);
    }
  }

  private void append(byte op) {
    if (length == ops.length) {
      ops = Arrays.copyOf(ops, 2 * length);
    }
    ops[length++] = op;
  }
}
