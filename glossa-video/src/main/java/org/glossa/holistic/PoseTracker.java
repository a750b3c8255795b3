package org.glossa.holistic;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MediaPipe's pose landmarks on CPU (pose_landmark_cpu.pbtxt and its subgraphs): the person detector runs only
 * when no region is being tracked; the landmark model runs on a rotated square region (from the detection's hip
 * centre and body-circle keypoints, or from the previous frame's two auxiliary landmarks), its 39 points are
 * refined on its heatmap and projected back onto the image; a presence flag under 0.5 drops the person and the
 * next frame detects again. With smoothing on, points, visibility and the auxiliary points are filtered as in
 * pose_landmark_filtering.pbtxt, and the next region comes from the filtered auxiliary points.
 */
final class PoseTracker implements AutoCloseable {

  static final int POINTS = 33;
  /** Points of the model: 33 body points, 2 auxiliary (region centre and scale), 4 unused. */
  private static final int MODEL_POINTS = 39;
  /** Per point: x, y, z, visibility, presence. */
  static final int STRIDE = 5;

  private final SsdDetector detector;
  private final LandmarkModel model;
  private final ImageCrop crop = new ImageCrop();
  private final boolean smooth;
  private final LandmarkSmoother landmarkFilter = new LandmarkSmoother(0.05, 80, 1, 0.1);
  private final LandmarkSmoother auxiliaryFilter = new LandmarkSmoother(0.01, 10, 1, 0.1);
  private final Set<String> outputs = Set.of("Identity", "Identity_1", "Identity_3");
  private Roi tracked;

  PoseTracker(int complexity, boolean smooth, int threads) {
    this.detector = new SsdDetector(SsdDetector.POSE, threads);
    this.model = new LandmarkModel(complexity == 0 ? HolisticModels.POSE_LANDMARK_LITE
        : HolisticModels.POSE_LANDMARK_FULL, threads);
    this.smooth = smooth;
  }

  void reset() {
    tracked = null;
    landmarkFilter.reset();
    auxiliaryFilter.reset();
  }

  /** The region the next frame's landmarks will be looked for in, or null when the detector must run. */
  Roi tracked() {
    return tracked;
  }

  /** 33 points of {@link #STRIDE} floats in image-normalised coordinates, or null when nobody is found. */
  float[] process(int width, int height, byte[] rgba, long timeMicros) {
    Roi roi = tracked;
    if (roi == null) {
      List<Detection> detections = detector.detect(width, height, rgba, Roi.whole());
      if (detections.isEmpty()) {
        reset();
        return null;
      }
      Detection d = detections.get(0);
      roi = RoiMath.transform(RoiMath.fromTwoPoints(d.keypointX(0), d.keypointY(0), d.keypointX(1), d.keypointY(1),
          Math.PI / 2, width, height), 1.25, 1.25, 0, 0, true, width, height);
    }
    // ImageToTensor's default border: the edge pixels repeated
    float[] input = crop.crop(width, height, rgba, roi, model.inputWidth, model.inputHeight, 0f, 1f, false, true);
    Map<String, float[]> out = model.run(input, outputs);
    if (out.get("Identity_1")[0] <= 0.5f) {
      reset();
      return null;
    }
    float[] points = LandmarkDecoding.decode(out.get("Identity"), MODEL_POINTS, 5, model.inputWidth, 1);
    LandmarkDecoding.refine(points, STRIDE, out.get("Identity_3"), 64, 64, MODEL_POINTS, 7, 0.5);
    RoiMath.project(points, 0, STRIDE, MODEL_POINTS, crop.cut);
    float[] body = java.util.Arrays.copyOf(points, POINTS * STRIDE);
    float[] auxiliary = java.util.Arrays.copyOfRange(points, POINTS * STRIDE, (POINTS + 2) * STRIDE);
    if (smooth) {
      Roi scale = auxiliaryRegion(auxiliary, width, height);
      landmarkFilter.apply(body, STRIDE, POINTS, timeMicros, scale, width, height);
      auxiliaryFilter.apply(auxiliary, STRIDE, 2, timeMicros, scale, width, height);
    }
    tracked = RoiMath.transform(auxiliaryRegion(auxiliary, width, height), 1.25, 1.25, 0, 0, true, width, height);
    return body;
  }

  /** The region the two auxiliary points span (centre, then a point on the body's circle), rotated upright. */
  private static Roi auxiliaryRegion(float[] auxiliary, int width, int height) {
    return RoiMath.fromTwoPoints(auxiliary[0], auxiliary[1], auxiliary[STRIDE], auxiliary[STRIDE + 1], Math.PI / 2,
        width, height);
  }

  @Override
  public void close() {
    detector.close();
    model.close();
  }
}
