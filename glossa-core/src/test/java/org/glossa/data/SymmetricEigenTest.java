package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  /** A random covariance-like matrix X'X / rows of rank at most {@code rank}, size n. */
  private static double[][] covariance(int n, int rows, int rank, long seed) {
    Random random = new Random(seed);
    double[][] mixing = new double[rank][n];
    for (double[] row : mixing) {
      for (int c = 0; c < n; c++) {
        row[c] = random.nextGaussian();
      }
    }
    double[][] a = new double[n][n];
    for (int r = 0; r < rows; r++) {
      double[] x = new double[n];
      for (double[] row : mixing) {
        double factor = random.nextGaussian();
        for (int c = 0; c < n; c++) {
          x[c] += factor * row[c];
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += x[i] * x[j] / rows;
        }
      }
    }
    return a;
  }

  private static double[] multiply(double[][] a, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += a[i][j] * v[j];
      }
    }
    return out;
  }

  @Test
  void eigenpairsSatisfyTheDefinitionAndAreOrthonormal() {
    for (int n : new int[] {1, 2, 3, 17, 60}) {
      double[][] a = covariance(n, 3 * n + 5, Math.max(1, n / 2), n);
      SymmetricEigen eigen = new SymmetricEigen(a);
      for (int k = 0; k < n; k++) {
        double[] v = eigen.vector(k);
        double[] av = multiply(a, v);
        for (int i = 0; i < n; i++) {
          assertEquals(eigen.value(k) * v[i], av[i], 1e-9, "n=" + n + " A v = lambda v, pair " + k);
        }
        for (int j = 0; j <= k; j++) {
          double dot = 0;
          double[] u = eigen.vector(j);
          for (int i = 0; i < n; i++) {
            dot += u[i] * v[i];
          }
          assertEquals(j == k ? 1 : 0, dot, 1e-9, "n=" + n + " vectors " + j + " and " + k);
        }
        if (k > 0) {
          assertTrue(eigen.value(k) >= eigen.value(k - 1), "ascending");
        }
      }
    }
  }

  @Test
  void agreesWithEjmlOnTheSpectrum() {
    int n = 80;
    double[][] a = covariance(n, 400, 50, 7); // 30 zero eigenvalues: a repeated one
    SymmetricEigen ours = new SymmetricEigen(a);
    DMatrixRMaj matrix = new DMatrixRMaj(a);
    EigenDecomposition_F64<DMatrixRMaj> reference = DecompositionFactory_DDRM.eig(n, false, true);
    assertTrue(reference.decompose(matrix));
    double[] theirs = new double[n];
    for (int i = 0; i < n; i++) {
      theirs[i] = reference.getEigenvalue(i).getReal();
    }
    Arrays.sort(theirs);
    for (int i = 0; i < n; i++) {
      assertEquals(theirs[i], ours.value(i), 1e-9 * Math.max(1, Math.abs(theirs[n - 1])), "eigenvalue " + i);
    }
  }

  @Test
  void diagonalAndZeroMatricesNeedNoRotation() {
    SymmetricEigen diagonal = new SymmetricEigen(new double[][] {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}});
    assertEquals(-1, diagonal.value(0), 1e-15);
    assertEquals(2, diagonal.value(1), 1e-15);
    assertEquals(3, diagonal.value(2), 1e-15);
    assertEquals(1, Math.abs(diagonal.vector(2)[0]), 1e-15);
    SymmetricEigen zero = new SymmetricEigen(new double[4][4]);
    for (int k = 0; k < 4; k++) {
      assertEquals(0, zero.value(k));
    }
  }
}
