package org.glossa.data;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, for the PCA of {@link FeaturePipeline}: Householder
 * reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson-style shifts (Golub and Van Loan,
 * Matrix Computations, 8.3), eigenvectors accumulated on the way. O(n^3); about a second for n = 538.
 *
 * <p>Eigenvalues ascending; {@link #vector(int)} is the unit eigenvector of {@link #value(int)}.
 */
final class SymmetricEigen {

  private final int n;
  private final double[] values;
  private final double[][] vectors; // vectors[row][k]: column k is the k-th eigenvector

  /** Decomposes {@code matrix} [n][n] (symmetric; only read, not changed). */
  SymmetricEigen(double[][] matrix) {
    n = matrix.length;
    vectors = new double[n][];
    for (int i = 0; i < n; i++) {
      if (matrix[i].length != n) {
        throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " columns, expected " + n);
      }
      vectors[i] = matrix[i].clone();
    }
    values = new double[n];
    double[] offDiagonal = new double[n];
    if (n > 0) {
      tridiagonalise(offDiagonal);
      diagonalise(offDiagonal);
      sortAscending();
    }
  }

  int size() {
    return n;
  }

  double value(int k) {
    return values[k];
  }

  /** The unit eigenvector of {@code value(k)} (a copy). */
  double[] vector(int k) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = vectors[i][k];
    }
    return v;
  }

  /**
   * Householder reduction: leaves the tridiagonal's diagonal in {@code values}, its sub-diagonal in
   * {@code offDiagonal[1..n-1]}, and the orthogonal transform in {@code vectors}.
   */
  private void tridiagonalise(double[] offDiagonal) {
    double[][] v = vectors;
    double[] d = values;
    double[] e = offDiagonal;
    System.arraycopy(v[n - 1], 0, d, 0, n);
    for (int i = n - 1; i > 0; i--) {
      double scale = 0;
      double h = 0;
      for (int k = 0; k < i; k++) {
        scale += Math.abs(d[k]);
      }
      if (scale == 0) { // row already reduced
        e[i] = d[i - 1];
        for (int j = 0; j < i; j++) {
          d[j] = v[i - 1][j];
          v[i][j] = 0;
          v[j][i] = 0;
        }
      } else {
        for (int k = 0; k < i; k++) {
          d[k] /= scale; // scaled for a safe norm
          h += d[k] * d[k];
        }
        double f = d[i - 1];
        double g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        d[i - 1] = f - g;
        java.util.Arrays.fill(e, 0, i, 0);
        // p = A u / h, accumulated in e, with A's lower triangle
        for (int j = 0; j < i; j++) {
          f = d[j];
          v[j][i] = f;
          g = e[j] + v[j][j] * f;
          for (int k = j + 1; k < i; k++) {
            g += v[k][j] * d[k];
            e[k] += v[k][j] * f;
          }
          e[j] = g;
        }
        f = 0;
        for (int j = 0; j < i; j++) {
          e[j] /= h;
          f += e[j] * d[j];
        }
        double hh = f / (h + h);
        for (int j = 0; j < i; j++) {
          e[j] -= hh * d[j];
        }
        // A := A - u q' - q u'
        for (int j = 0; j < i; j++) {
          f = d[j];
          g = e[j];
          for (int k = j; k < i; k++) {
            v[k][j] -= f * e[k] + g * d[k];
          }
          d[j] = v[i - 1][j];
          v[i][j] = 0;
        }
      }
      d[i] = h;
    }
    // the product of the Householder reflections
    for (int i = 0; i < n - 1; i++) {
      v[n - 1][i] = v[i][i];
      v[i][i] = 1;
      double h = d[i + 1];
      if (h != 0) {
        for (int k = 0; k <= i; k++) {
          d[k] = v[k][i + 1] / h;
        }
        for (int j = 0; j <= i; j++) {
          double g = 0;
          for (int k = 0; k <= i; k++) {
            g += v[k][i + 1] * v[k][j];
          }
          for (int k = 0; k <= i; k++) {
            v[k][j] -= g * d[k];
          }
        }
      }
      for (int k = 0; k <= i; k++) {
        v[k][i + 1] = 0;
      }
    }
    for (int j = 0; j < n; j++) {
      d[j] = v[n - 1][j];
      v[n - 1][j] = 0;
    }
    v[n - 1][n - 1] = 1;
    e[0] = 0;
  }

  /** Implicit QL on the tridiagonal, rotating {@code vectors} along. */
  private void diagonalise(double[] offDiagonal) {
    double[][] v = vectors;
    double[] d = values;
    double[] e = offDiagonal;
    System.arraycopy(e, 1, e, 0, n - 1);
    e[n - 1] = 0;
    double shiftSum = 0;
    double norm = 0;
    double eps = Math.ulp(1.0);
    for (int l = 0; l < n; l++) {
      norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
      int m = l;
      while (m < n - 1 && Math.abs(e[m]) > eps * norm) {
        m++; // the first negligible sub-diagonal element splits the matrix
      }
      if (m > l) {
        int iterations = 0;
        do {
          if (++iterations > 60) {
            throw new IllegalStateException("eigenvalues did not converge (n = " + n + ")");
          }
          double g = d[l];
          double p = (d[l + 1] - g) / (2 * e[l]);
          double r = Math.hypot(p, 1);
          if (p < 0) {
            r = -r;
          }
          d[l] = e[l] / (p + r);
          d[l + 1] = e[l] * (p + r);
          double next = d[l + 1];
          double h = g - d[l];
          for (int i = l + 2; i < n; i++) {
            d[i] -= h;
          }
          shiftSum += h;
          p = d[m];
          double c = 1;
          double c2 = c;
          double c3 = c;
          double firstOff = e[l + 1];
          double s = 0;
          double s2 = 0;
          for (int i = m - 1; i >= l; i--) {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = Math.hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            for (int k = 0; k < n; k++) {
              double[] row = v[k];
              h = row[i + 1];
              row[i + 1] = s * row[i] + c * h;
              row[i] = c * row[i] - s * h;
            }
          }
          p = -s * s2 * c3 * firstOff * e[l] / next;
          e[l] = s * p;
          d[l] = c * p;
        } while (Math.abs(e[l]) > eps * norm);
      }
      d[l] += shiftSum;
      e[l] = 0;
    }
  }

  private void sortAscending() {
    for (int i = 0; i < n - 1; i++) {
      int smallest = i;
      for (int j = i + 1; j < n; j++) {
        if (values[j] < values[smallest]) {
          smallest = j;
        }
      }
      if (smallest != i) {
        double t = values[i];
        values[i] = values[smallest];
        values[smallest] = t;
        for (double[] row : vectors) {
          t = row[i];
          row[i] = row[smallest];
          row[smallest] = t;
        }
      }
    }
  }
}
