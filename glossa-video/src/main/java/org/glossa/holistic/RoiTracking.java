package org.glossa.holistic;

/**
 * Holistic's choice between the region the previous frame's landmarks give and the freshly re-cropped one
 * (RoiTrackingCalculator): tracking holds while the two regions differ by at most {@code rotationDegrees},
 * {@code translation} and {@code scale} (fractions of the re-cropped region's size, measured in its own rotated
 * frame) and every previous landmark lies inside the re-cropped region shrunk by {@code margin}.
 */
record RoiTracking(double rotationDegrees, double translation, double scale, double margin) {

  /** hand_tracking.pbtxt. */
  static final RoiTracking HAND = new RoiTracking(40, 0.2, 0.4, -0.1);
  /** face_tracking.pbtxt. */
  static final RoiTracking FACE = new RoiTracking(15, 0.1, 0.3, -0.2);

  /** The region to use: {@code previous} when tracking holds, else {@code recrop}. */
  Roi choose(Roi previous, float[] previousPoints, int stride, int count, Roi recrop, int width, int height) {
    if (previous == null) {
      return recrop;
    }
    return rectsAgree(previous, recrop, width, height) && pointsInside(previousPoints, stride, count, recrop, width,
        height) ? previous : recrop;
  }

  private boolean rectsAgree(Roi previous, Roi recrop, int width, int height) {
    double angle = -recrop.rotation();
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double px = previous.xCenter() * width * cos - previous.yCenter() * height * sin;
    double py = previous.xCenter() * width * sin + previous.yCenter() * height * cos;
    double rx = recrop.xCenter() * width * cos - recrop.yCenter() * height * sin;
    double ry = recrop.xCenter() * width * sin + recrop.yCenter() * height * cos;
    double rotationDiff = Math.toDegrees(previous.rotation()) - Math.toDegrees(recrop.rotation());
    if (rotationDiff > 180) {
      rotationDiff -= 360;
    }
    if (rotationDiff < -180) {
      rotationDiff += 360;
    }
    double recropWidth = recrop.width() * width;
    double recropHeight = recrop.height() * height;
    return Math.abs(rotationDiff) <= rotationDegrees
        && Math.abs(px - rx) <= recropWidth * translation
        && Math.abs(py - ry) <= recropHeight * translation
        && Math.abs(previous.width() * width - recropWidth) <= recropWidth * scale
        && Math.abs(previous.height() * height - recropHeight) <= recropHeight * scale;
  }

  private boolean pointsInside(float[] points, int stride, int count, Roi recrop, int width, int height) {
    double angle = -recrop.rotation();
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double x = recrop.xCenter() * width * cos - recrop.yCenter() * height * sin;
    double y = recrop.xCenter() * width * sin + recrop.yCenter() * height * cos;
    double halfWidth = recrop.width() * width * (1 + margin) / 2;
    double halfHeight = recrop.height() * height * (1 + margin) / 2;
    for (int p = 0; p < count; p++) {
      double px = points[p * stride] * width * cos - points[p * stride + 1] * height * sin;
      double py = points[p * stride] * width * sin + points[p * stride + 1] * height * cos;
      if (!(x - halfWidth < px && px < x + halfWidth && y - halfHeight < py && py < y + halfHeight)) {
        return false;
      }
    }
    return true;
  }
}
