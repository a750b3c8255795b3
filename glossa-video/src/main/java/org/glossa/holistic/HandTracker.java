package org.glossa.holistic;

import java.util.Map;

/**
 * One hand as Holistic finds it from the body (hand_landmarks_from_pose_cpu.pbtxt): only while the body's wrist
 * is visible (over 0.1), a region from the body's wrist, index and pinky points (2.7 times the wrist-to-knuckles
 * span), refined by the re-crop model's two points; the previous frame's hand region is kept instead while the two
 * agree ({@link RoiTracking#HAND}); then the 21 hand points, kept when the model's presence exceeds 0.5.
 *
 * <p>The models are shared by both hands' trackers (they run one after the other).
 */
final class HandTracker {

  static final int POINTS = 21;
  /** The region from previous hand points uses these (wrist, thumb base, finger bases and middles). */
  private static final int[] PALM = {0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18};

  private final LandmarkModel recrop;
  private final LandmarkModel landmarks;
  private final int wrist;
  private final int pinky;
  private final int index;
  private final ImageCrop crop = new ImageCrop();
  private float[] previous;

  /** @param wrist the body's wrist point of this hand (15 left, 16 right; pinky and index follow at +2, +4) */
  HandTracker(LandmarkModel recrop, LandmarkModel landmarks, int wrist) {
    this.recrop = recrop;
    this.landmarks = landmarks;
    this.wrist = wrist;
    this.pinky = wrist + 2;
    this.index = wrist + 4;
  }

  void reset() {
    previous = null;
  }

  /** 21 points (x, y, z) in image-normalised coordinates, or null. {@code pose}: 33 points of {@code stride}. */
  float[] process(int width, int height, byte[] rgba, float[] pose, int stride) {
    if (pose == null || pose[wrist * stride + 3] <= 0.1f) {
      previous = null;
      return null;
    }
    Roi fromPose = RoiMath.transform(fromBody(pose, stride, width, height), 2.7, 2.7, 0, -0.1, true, width, height);
    Roi recropped = recrop(width, height, rgba, fromPose);
    Roi roi = previous == null ? recropped
        : RoiTracking.HAND.choose(fromPoints(previous, width, height), previous, 3, POINTS, recropped, width,
            height);
    float[] input = crop.crop(width, height, rgba, roi, landmarks.inputWidth, landmarks.inputHeight, 0f, 1f, false,
        true);
    Map<String, float[]> out = landmarks.run(input, java.util.Set.of("Identity", "Identity_1"));
    if (out.get("Identity_1")[0] <= 0.5f) {
      previous = null;
      return null;
    }
    float[] points = LandmarkDecoding.decode(out.get("Identity"), POINTS, 3, landmarks.inputWidth, 0.4);
    RoiMath.project(points, 0, 3, POINTS, crop.cut);
    previous = points;
    return points;
  }

  /** HandDetectionsFromPoseToRects: centred on the knuckles (2/3 index, 1/3 pinky), twice their wrist distance. */
  private Roi fromBody(float[] pose, int stride, int width, int height) {
    double wx = pose[wrist * stride] * width;
    double wy = pose[wrist * stride + 1] * height;
    double mx = (2 * pose[index * stride] + pose[pinky * stride]) / 3 * width;
    double my = (2 * pose[index * stride + 1] + pose[pinky * stride + 1]) / 3 * height;
    double size = Math.max(2 * Math.hypot(mx - wx, my - wy), 1e-3);
    double rotation = RoiMath.rotationOf(mx - wx, my - wy, Math.PI / 2);
    return new Roi(mx / width, my / height, size / width, size / height, rotation);
  }

  /** hand_recrop_by_roi_cpu: the re-crop model's two points span the hand's region (pointing down the hand). */
  private Roi recrop(int width, int height, byte[] rgba, Roi fromPose) {
    float[] input = crop.crop(width, height, rgba, fromPose, recrop.inputWidth, recrop.inputHeight, 0f, 1f, false,
        true);
    float[] points = LandmarkDecoding.decode(recrop.run(input).get("output_crop"), 2, 2, recrop.inputWidth, 1);
    RoiMath.project(points, 0, 3, 2, crop.cut);
    Roi aligned = RoiMath.fromTwoPoints(points[0], points[1], points[3], points[4], -Math.PI / 2, width, height);
    return RoiMath.transform(aligned, 1, 1, 0, -0.1, true, width, height);
  }

  /** HandLandmarksToRect and its transformation: the palm points' rotated box, doubled, shifted towards the fingers. */
  static Roi fromPoints(float[] points, int width, int height) {
    double x0 = points[0] * width;
    double y0 = points[1] * height;
    double x1 = ((points[3 * 5] + points[3 * 13]) / 2 + points[3 * 9]) / 2 * width;
    double y1 = ((points[3 * 5 + 1] + points[3 * 13 + 1]) / 2 + points[3 * 9 + 1]) / 2 * height;
    double rotation = RoiMath.rotationOf(x1 - x0, y1 - y0, Math.PI / 2);
    double reverse = Roi.normalizeRadians(-rotation);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int p : PALM) {
      minX = Math.min(minX, points[3 * p]);
      maxX = Math.max(maxX, points[3 * p]);
      minY = Math.min(minY, points[3 * p + 1]);
      maxY = Math.max(maxY, points[3 * p + 1]);
    }
    double centerX = (minX + maxX) / 2;
    double centerY = (minY + maxY) / 2;
    double pMinX = Double.MAX_VALUE;
    double pMaxX = -Double.MAX_VALUE;
    double pMinY = Double.MAX_VALUE;
    double pMaxY = -Double.MAX_VALUE;
    double cos = Math.cos(reverse);
    double sin = Math.sin(reverse);
    for (int p : PALM) {
      double x = (points[3 * p] - centerX) * width;
      double y = (points[3 * p + 1] - centerY) * height;
      double px = x * cos - y * sin;
      double py = x * sin + y * cos;
      pMinX = Math.min(pMinX, px);
      pMaxX = Math.max(pMaxX, px);
      pMinY = Math.min(pMinY, py);
      pMaxY = Math.max(pMaxY, py);
    }
    double projectedX = (pMinX + pMaxX) / 2;
    double projectedY = (pMinY + pMaxY) / 2;
    double x = projectedX * Math.cos(rotation) - projectedY * Math.sin(rotation) + width * centerX;
    double y = projectedX * Math.sin(rotation) + projectedY * Math.cos(rotation) + height * centerY;
    Roi tight = new Roi(x / width, y / height, Math.max(pMaxX - pMinX, 1e-3) / width,
        Math.max(pMaxY - pMinY, 1e-3) / height, rotation);
    return RoiMath.transform(tight, 2, 2, 0, -0.1, true, width, height);
  }
}
