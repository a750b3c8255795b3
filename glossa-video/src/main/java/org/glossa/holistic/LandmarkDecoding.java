package org.glossa.holistic;

/**
 * Landmark tensors to points (TensorsToLandmarksCalculator) and the pose model's heatmap refinement
 * (RefineLandmarksFromHeatmapCalculator). Points are {@code stride} floats each: x, y, z in the crop's normalised
 * coordinates (z on the x scale), then visibility and presence where the model gives them.
 */
final class LandmarkDecoding {

  private LandmarkDecoding() {}

  static float sigmoid(double x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  /**
   * {@code raw} holds {@code valuesPerPoint} floats per point in pixels of the {@code inputSize} crop; returns
   * x/size, y/size, z/size/normaliseZ (0 when the model gives no z) and, with 5 values, sigmoid(visibility),
   * sigmoid(presence).
   */
  static float[] decode(float[] raw, int numPoints, int valuesPerPoint, int inputSize, double normaliseZ) {
    int stride = valuesPerPoint >= 5 ? 5 : 3;
    float[] points = new float[numPoints * stride];
    for (int p = 0; p < numPoints; p++) {
      int r = p * valuesPerPoint;
      points[p * stride] = raw[r] / inputSize;
      points[p * stride + 1] = raw[r + 1] / inputSize;
      if (valuesPerPoint > 2) {
        points[p * stride + 2] = (float) (raw[r + 2] / inputSize / normaliseZ);
      }
      if (stride == 5) {
        points[p * stride + 3] = sigmoid(raw[r + 3]);
        points[p * stride + 4] = sigmoid(raw[r + 4]);
      }
    }
    return points;
  }

  /**
   * Moves each point to the confidence-weighted mean cell of its heatmap channel around it ({@code kernel} cells
   * square, cut at the edges), where the channel's highest confidence there reaches {@code minConfidence}.
   * heatmap: [height, width, channels] raw logits, one channel per point.
   */
  static void refine(float[] points, int stride, float[] heatmap, int height, int width, int channels, int kernel,
      double minConfidence) {
    int offset = (kernel - 1) / 2;
    for (int p = 0; p < channels; p++) {
      int col = (int) (points[p * stride] * width);
      int row = (int) (points[p * stride + 1] * height);
      if (col < 0 || col >= width || row < 0 || row >= height) {
        continue;
      }
      double sum = 0;
      double weightedCol = 0;
      double weightedRow = 0;
      double max = 0;
      for (int y = Math.max(0, row - offset); y < Math.min(height, row + offset + 1); y++) {
        for (int x = Math.max(0, col - offset); x < Math.min(width, col + offset + 1); x++) {
          float confidence = sigmoid(heatmap[(y * width + x) * channels + p]);
          sum += confidence;
          max = Math.max(max, confidence);
          weightedCol += x * confidence;
          weightedRow += y * confidence;
        }
      }
      if (max >= minConfidence && sum > 0) {
        points[p * stride] = (float) (weightedCol / width / sum);
        points[p * stride + 1] = (float) (weightedRow / height / sum);
      }
    }
  }
}
