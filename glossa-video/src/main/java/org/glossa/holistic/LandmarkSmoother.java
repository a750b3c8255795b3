package org.glossa.holistic;

/**
 * MediaPipe's landmark smoothing for one set of points (LandmarksSmoothingCalculator with a 1-euro filter per
 * coordinate, VisibilitySmoothingCalculator's low-pass on visibility): coordinates are filtered in pixels (z on the
 * x scale) with speeds relative to the object's size, {@code (roi width + roi height) / 2} in pixels. A frame
 * without points resets it.
 */
final class LandmarkSmoother {

  private static final double FREQUENCY = 30; // MediaPipe's default until two timestamps give the real rate

  private final double minCutoff;
  private final double beta;
  private final double derivativeCutoff;
  private final double visibilityAlpha;
  private OneEuroFilter[] filters;
  private float[] visibility;

  /** @param visibilityAlpha the visibility low-pass's weight of a new value, or 0 to leave visibility alone */
  LandmarkSmoother(double minCutoff, double beta, double derivativeCutoff, double visibilityAlpha) {
    this.minCutoff = minCutoff;
    this.beta = beta;
    this.derivativeCutoff = derivativeCutoff;
    this.visibilityAlpha = visibilityAlpha;
  }

  void reset() {
    filters = null;
    visibility = null;
  }

  /**
   * Smooths {@code points} in place: {@code count} points of {@code stride} floats (x, y, z normalised, then
   * visibility at offset 3 when {@code stride > 3}).
   */
  void apply(float[] points, int stride, int count, long timeMicros, Roi scaleRoi, int width, int height) {
    if (visibilityAlpha > 0 && stride > 3) {
      if (visibility == null) {
        visibility = new float[count];
        for (int p = 0; p < count; p++) {
          visibility[p] = points[p * stride + 3];
        }
      } else {
        for (int p = 0; p < count; p++) {
          visibility[p] = (float) (visibilityAlpha * points[p * stride + 3] + (1 - visibilityAlpha) * visibility[p]);
          points[p * stride + 3] = visibility[p];
        }
      }
    }
    double objectScale = (scaleRoi.width() * width + scaleRoi.height() * height) / 2;
    if (objectScale < 1e-6) {
      return;
    }
    double valueScale = 1 / objectScale;
    if (filters == null) {
      filters = new OneEuroFilter[3 * count];
      for (int i = 0; i < filters.length; i++) {
        filters[i] = new OneEuroFilter(FREQUENCY, minCutoff, beta, derivativeCutoff);
      }
    }
    for (int p = 0; p < count; p++) {
      int i = p * stride;
      points[i] = (float) (filters[3 * p].apply(timeMicros, valueScale, points[i] * width) / width);
      points[i + 1] = (float) (filters[3 * p + 1].apply(timeMicros, valueScale, points[i + 1] * height) / height);
      points[i + 2] = (float) (filters[3 * p + 2].apply(timeMicros, valueScale, points[i + 2] * width) / width);
    }
  }
}
