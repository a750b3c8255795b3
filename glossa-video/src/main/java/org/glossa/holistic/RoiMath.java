package org.glossa.holistic;

/**
 * The region arithmetic of MediaPipe's graphs, in normalised image coordinates with the image's size for the
 * steps that need square pixels: a region from two keypoints (AlignmentPointsRectsCalculator), scaling, squaring
 * and shifting it (RectTransformationCalculator), and landmarks from a region's own coordinates back to the
 * image's (LandmarkProjectionCalculator).
 */
final class RoiMath {

  private RoiMath() {}

  /**
   * A square region centred on point (x0, y0), twice as wide as its distance to (x1, y1), rotated so that the
   * direction from the first point to the second points at {@code targetAngle} (radians, counter-clockwise from the
   * x axis with y up).
   */
  static Roi fromTwoPoints(double x0, double y0, double x1, double y1, double targetAngle, int width, int height) {
    double cx = x0 * width;
    double cy = y0 * height;
    double ex = x1 * width;
    double ey = y1 * height;
    double size = 2 * Math.hypot(ex - cx, ey - cy);
    double rotation = rotationOf(ex - cx, ey - cy, targetAngle);
    return new Roi(x0, y0, Math.max(size, 1e-6) / width, Math.max(size, 1e-6) / height, rotation);
  }

  /** The rotation that turns the direction from (x0, y0) to (x1, y1) to {@code targetAngle} (pixels, y up). */
  static double rotation(double x0, double y0, double x1, double y1, double targetAngle, int width, int height) {
    return rotationOf((x1 - x0) * width, (y1 - y0) * height, targetAngle);
  }

  /** The rotation that turns the pixel direction (dx, dy), y down, to {@code targetAngle} (y up). */
  static double rotationOf(double dx, double dy, double targetAngle) {
    return Roi.normalizeRadians(targetAngle - Math.atan2(-dy, dx));
  }

  /**
   * DetectionsToRects on a box: the axis-aligned box around {@code count} points (x, y at {@code stride}),
   * rotated by {@code rotation} about its centre.
   */
  static Roi boundingBox(float[] points, int offset, int stride, int count, double rotation) {
    double xMin = Double.MAX_VALUE;
    double yMin = Double.MAX_VALUE;
    double xMax = -Double.MAX_VALUE;
    double yMax = -Double.MAX_VALUE;
    for (int p = 0; p < count; p++) {
      int i = offset + p * stride;
      xMin = Math.min(xMin, points[i]);
      xMax = Math.max(xMax, points[i]);
      yMin = Math.min(yMin, points[i + 1]);
      yMax = Math.max(yMax, points[i + 1]);
    }
    return new Roi((xMin + xMax) / 2, (yMin + yMax) / 2, Math.max(xMax - xMin, 1e-6), Math.max(yMax - yMin, 1e-6),
        rotation);
  }

  /**
   * RectTransformation: shift by a fraction of the region's size along its own (rotated) axes, square it on its
   * long side in pixels, then scale.
   */
  static Roi transform(Roi roi, double scaleX, double scaleY, double shiftX, double shiftY, boolean squareLong,
      int width, int height) {
    double w = roi.width();
    double h = roi.height();
    double r = roi.rotation();
    double x = roi.xCenter();
    double y = roi.yCenter();
    if (shiftX != 0 || shiftY != 0) {
      if (r == 0) {
        x += w * shiftX;
        y += h * shiftY;
      } else {
        x += (width * w * shiftX * Math.cos(r) - height * h * shiftY * Math.sin(r)) / width;
        y += (width * w * shiftX * Math.sin(r) + height * h * shiftY * Math.cos(r)) / height;
      }
    }
    if (squareLong) {
      double side = Math.max(w * width, h * height);
      w = side / width;
      h = side / height;
    }
    return new Roi(x, y, w * scaleX, h * scaleY, r);
  }

  /** Projects a point given in the region's own normalised coordinates onto the image's: x, y, and z like x. */
  static void project(float[] points, int offset, int stride, int count, Roi roi) {
    double cos = Math.cos(roi.rotation());
    double sin = Math.sin(roi.rotation());
    for (int p = 0; p < count; p++) {
      int i = offset + p * stride;
      double x = points[i] - 0.5;
      double y = points[i + 1] - 0.5;
      points[i] = (float) ((cos * x - sin * y) * roi.width() + roi.xCenter());
      points[i + 1] = (float) ((sin * x + cos * y) * roi.height() + roi.yCenter());
      points[i + 2] = (float) (points[i + 2] * roi.width());
    }
  }
}
