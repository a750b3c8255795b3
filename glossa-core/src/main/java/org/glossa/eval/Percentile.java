package org.glossa.eval;

/** Nearest-rank percentiles of measurements (latencies). */
public final class Percentile {

  private Percentile() {}

  /** The {@code percentile} (0–100) of ascending {@code sorted} values by nearest rank; NaN if there are none. */
  public static double of(double[] sorted, double percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
