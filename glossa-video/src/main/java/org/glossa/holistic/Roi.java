package org.glossa.holistic;

/**
 * A rotated rectangle in an image, in MediaPipe's normalised units: centre and size as fractions of the image's
 * width and height, rotation in radians (clockwise in image coordinates, y pointing down).
 */
record Roi(double xCenter, double yCenter, double width, double height, double rotation) {

  Roi {
    if (!(width > 0 && height > 0) || !Double.isFinite(xCenter + yCenter + rotation)) {
      throw new IllegalArgumentException("not a region: " + xCenter + "," + yCenter + " " + width + "x" + height);
    }
  }

  /** The whole image. */
  static Roi whole() {
    return new Roi(0.5, 0.5, 1, 1, 0);
  }

  /** An angle in [-pi, pi). */
  static double normalizeRadians(double angle) {
    return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
  }
}
