package org.glossa.holistic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe's SSD detectors (pose, face): the region is cut letterboxed into the model's square input, each anchor's
 * regressed box and keypoints are decoded (SsdAnchorsCalculator, TensorsToDetectionsCalculator), overlapping
 * detections are merged by weighted non-maximum suppression (NonMaxSuppressionCalculator, WEIGHTED), and the result
 * is mapped back to image coordinates (DetectionLetterboxRemoval, then the region's own placement).
 */
final class SsdDetector implements AutoCloseable {

  /** A detector's options as its MediaPipe graph sets them. */
  record Options(String model, int numLayers, double minScale, double maxScale, int[] strides,
      double interpolatedAspectRatio, int numKeypoints, float inputLow, float inputHigh, double scoreClip,
      double minScore, double minSuppression, String boxesOutput, String scoresOutput) {}

  /** pose_detection_cpu.pbtxt. */
  static final Options POSE = new Options(HolisticModels.POSE_DETECTION, 5, 0.1484375, 0.75,
      new int[] {8, 16, 32, 32, 32}, 1.0, 4, -1f, 1f, 100, 0.5, 0.3, "Identity", "Identity_1");
  /** face_detection_short_range (by ROI) as holistic runs it. */
  static final Options FACE = new Options(HolisticModels.FACE_DETECTION, 4, 0.1484375, 0.75,
      new int[] {8, 16, 16, 16}, 1.0, 6, -1f, 1f, 100, 0.5, 0.3, "regressors", "classificators");

  private final Options options;
  private final LandmarkModel model;
  private final double[] anchors; // x, y per anchor (fixed anchor size 1)
  private final ImageCrop crop = new ImageCrop();
  private final int size;

  SsdDetector(Options options, int threads) {
    this.options = options;
    this.model = new LandmarkModel(options.model(), threads);
    this.size = model.inputWidth;
    this.anchors = anchors(options, size);
    if (model.inputHeight != size) {
      throw new TfliteException(options.model() + ": expected a square input, got " + model.inputWidth + "x"
          + model.inputHeight);
    }
  }

  /**
   * SSD anchor centres, layer by layer (layers of one stride share a feature map), cell by cell, two anchors per
   * aspect ratio 1 (the ratio itself and the interpolated scale). Anchor sizes are fixed to 1 in these models.
   */
  static double[] anchors(Options o, int inputSize) {
    List<double[]> centres = new ArrayList<>();
    int layer = 0;
    while (layer < o.numLayers()) {
      int perCell = 0;
      int last = layer;
      while (last < o.numLayers() && o.strides()[last] == o.strides()[layer]) {
        perCell += o.interpolatedAspectRatio() > 0 ? 2 : 1;
        last++;
      }
      int stride = o.strides()[layer];
      int rows = (int) Math.ceil(inputSize / (double) stride);
      int cols = rows;
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          for (int a = 0; a < perCell; a++) {
            centres.add(new double[] {(x + 0.5) / cols, (y + 0.5) / rows});
          }
        }
      }
      layer = last;
    }
    double[] flat = new double[2 * centres.size()];
    for (int i = 0; i < centres.size(); i++) {
      flat[2 * i] = centres.get(i)[0];
      flat[2 * i + 1] = centres.get(i)[1];
    }
    return flat;
  }

  int numAnchors() {
    return anchors.length / 2;
  }

  /** Detections in {@code roi} of the frame (rotated or not), best first, in image-normalised coordinates. */
  List<Detection> detect(int width, int height, byte[] rgba, Roi roi) {
    float[] input = crop.crop(width, height, rgba, roi, size, size, options.inputLow(), options.inputHigh(), true,
        true);
    Map<String, float[]> out = model.run(input);
    float[] boxes = out.get(options.boxesOutput());
    float[] scores = out.get(options.scoresOutput());
    int values = boxes.length / numAnchors();
    List<Detection> candidates = new ArrayList<>();
    for (int a = 0; a < numAnchors(); a++) {
      double raw = Math.max(-options.scoreClip(), Math.min(options.scoreClip(), scores[a]));
      double score = 1 / (1 + Math.exp(-raw));
      if (score < options.minScore()) {
        continue;
      }
      int b = a * values;
      double ax = anchors[2 * a];
      double ay = anchors[2 * a + 1];
      double xc = boxes[b] / size + ax;
      double yc = boxes[b + 1] / size + ay;
      double w = boxes[b + 2] / size;
      double h = boxes[b + 3] / size;
      double[] keypoints = new double[2 * options.numKeypoints()];
      for (int k = 0; k < options.numKeypoints(); k++) {
        keypoints[2 * k] = boxes[b + 4 + 2 * k] / size + ax;
        keypoints[2 * k + 1] = boxes[b + 5 + 2 * k] / size + ay;
      }
      candidates.add(new Detection((float) score, xc - w / 2, yc - h / 2, w, h, keypoints));
    }
    List<Detection> merged = weightedNms(candidates, options.minSuppression());
    List<Detection> projected = new ArrayList<>(merged.size());
    for (Detection d : merged) {
      projected.add(toImage(d, crop.cut));
    }
    return projected;
  }

  /**
   * Weighted non-maximum suppression: the best remaining detection and all that overlap it by more than the
   * threshold (IoU) become one, with score-weighted mean box and keypoints and the best one's score.
   */
  static List<Detection> weightedNms(List<Detection> detections, double threshold) {
    List<Detection> remaining = new ArrayList<>(detections);
    remaining.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    while (!remaining.isEmpty()) {
      Detection best = remaining.get(0);
      List<Detection> cluster = new ArrayList<>();
      List<Detection> rest = new ArrayList<>();
      for (Detection d : remaining) {
        (best.iou(d) > threshold || d == best ? cluster : rest).add(d);
      }
      double total = 0;
      double xMin = 0;
      double yMin = 0;
      double xMax = 0;
      double yMax = 0;
      double[] keypoints = new double[best.keypoints().length];
      for (Detection d : cluster) {
        total += d.score();
        xMin += d.xMin() * d.score();
        yMin += d.yMin() * d.score();
        xMax += (d.xMin() + d.width()) * d.score();
        yMax += (d.yMin() + d.height()) * d.score();
        for (int k = 0; k < keypoints.length; k++) {
          keypoints[k] += d.keypoints()[k] * d.score();
        }
      }
      for (int k = 0; k < keypoints.length; k++) {
        keypoints[k] /= total;
      }
      kept.add(new Detection(best.score(), xMin / total, yMin / total, (xMax - xMin) / total, (yMax - yMin) / total,
          keypoints));
      remaining = rest;
    }
    return kept;
  }

  /**
   * From the letterboxed tensor's coordinates to the image's (DetectionProjectionCalculator). The tensor spans the
   * padded region, so removing the letterbox and placing the original region come down to placing the padded one:
   * keypoints are projected, the box becomes the axis-aligned box around its four projected corners.
   */
  static Detection toImage(Detection d, Roi cut) {
    float[] points = new float[3 * (d.keypoints().length / 2 + 4)];
    int n = 0;
    for (int k = 0; k < d.keypoints().length; k += 2) {
      points[3 * n] = (float) d.keypoints()[k];
      points[3 * n + 1] = (float) d.keypoints()[k + 1];
      n++;
    }
    double[][] corners = {{d.xMin(), d.yMin()}, {d.xMin() + d.width(), d.yMin()},
        {d.xMin(), d.yMin() + d.height()}, {d.xMin() + d.width(), d.yMin() + d.height()}};
    for (double[] corner : corners) {
      points[3 * n] = (float) corner[0];
      points[3 * n + 1] = (float) corner[1];
      n++;
    }
    RoiMath.project(points, 0, 3, n, cut);
    int numKeypoints = d.keypoints().length / 2;
    double[] keypoints = new double[d.keypoints().length];
    for (int k = 0; k < numKeypoints; k++) {
      keypoints[2 * k] = points[3 * k];
      keypoints[2 * k + 1] = points[3 * k + 1];
    }
    double xMin = Double.MAX_VALUE;
    double yMin = Double.MAX_VALUE;
    double xMax = -Double.MAX_VALUE;
    double yMax = -Double.MAX_VALUE;
    for (int c = numKeypoints; c < n; c++) {
      xMin = Math.min(xMin, points[3 * c]);
      yMin = Math.min(yMin, points[3 * c + 1]);
      xMax = Math.max(xMax, points[3 * c]);
      yMax = Math.max(yMax, points[3 * c + 1]);
    }
    return new Detection(d.score(), xMin, yMin, xMax - xMin, yMax - yMin, keypoints);
  }

  @Override
  public void close() {
    model.close();
  }
}
