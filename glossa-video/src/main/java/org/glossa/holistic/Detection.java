package org.glossa.holistic;

/**
 * One detection of an SSD detector: score, box (xmin, ymin, width, height) and keypoints (x0, y0, x1, y1, ...), all
 * in the normalised coordinates of the region the detector looked at, or of the image after projection.
 */
record Detection(float score, double xMin, double yMin, double width, double height, double[] keypoints) {

  double keypointX(int k) {
    return keypoints[2 * k];
  }

  double keypointY(int k) {
    return keypoints[2 * k + 1];
  }

  /** Intersection over union of the two boxes (0 when either is empty). */
  double iou(Detection other) {
    double x1 = Math.max(xMin, other.xMin);
    double y1 = Math.max(yMin, other.yMin);
    double x2 = Math.min(xMin + width, other.xMin + other.width);
    double y2 = Math.min(yMin + height, other.yMin + other.height);
    if (x2 <= x1 || y2 <= y1) {
      return 0;
    }
    double intersection = (x2 - x1) * (y2 - y1);
    double union = width * height + other.width * other.height - intersection;
    return union <= 0 ? 0 : intersection / union;
  }
}
