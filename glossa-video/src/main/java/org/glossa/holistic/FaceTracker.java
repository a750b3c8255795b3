package org.glossa.holistic;

import java.util.List;
import java.util.Map;

/**
 * The face as Holistic finds it from the body (face_landmarks_from_pose_cpu.pbtxt): the box around the body's 11
 * face points, levelled on its eyes and tripled, is searched by the short-range face detector; the first detection's
 * keypoints, levelled on the eyes, doubled and raised a little, give the face region, or the previous frame's
 * region from its own points while the two agree ({@link RoiTracking#FACE}); then the face mesh's 468 points,
 * kept when its face flag exceeds 0.5.
 */
final class FaceTracker implements AutoCloseable {

  static final int POINTS = 468;

  private final SsdDetector detector;
  private final LandmarkModel mesh;
  private final ImageCrop crop = new ImageCrop();
  private float[] previous;

  FaceTracker(int threads) {
    this.detector = new SsdDetector(SsdDetector.FACE, threads);
    this.mesh = new LandmarkModel(HolisticModels.FACE_LANDMARK, threads);
  }

  void reset() {
    previous = null;
  }

  /** 468 points (x, y, z) in image-normalised coordinates, or null. {@code pose}: 33 points of {@code stride}. */
  float[] process(int width, int height, byte[] rgba, float[] pose, int stride) {
    if (pose == null) {
      previous = null;
      return null;
    }
    // pose points 0-10: nose, eyes, ears, mouth; rotation from the right eye (5) to the left eye (2)
    double rotation = RoiMath.rotation(pose[5 * stride], pose[5 * stride + 1], pose[2 * stride],
        pose[2 * stride + 1], 0, width, height);
    Roi fromPose = RoiMath.transform(RoiMath.boundingBox(pose, 0, stride, 11, rotation), 3, 3, 0, 0, true, width,
        height);
    List<Detection> faces = detector.detect(width, height, rgba, fromPose);
    if (faces.isEmpty()) {
      previous = null;
      return null;
    }
    Detection face = faces.get(0);
    float[] keypoints = new float[face.keypoints().length];
    for (int k = 0; k < keypoints.length; k++) {
      keypoints[k] = (float) face.keypoints()[k];
    }
    // keypoints: 0 right eye, 1 left eye, 2 nose tip, 3 mouth, 4 right ear, 5 left ear
    double faceRotation = RoiMath.rotation(keypoints[0], keypoints[1], keypoints[2], keypoints[3], 0, width, height);
    Roi recrop = RoiMath.transform(RoiMath.boundingBox(keypoints, 0, 2, keypoints.length / 2, faceRotation), 2, 2, 0,
        -0.1, true, width, height);
    Roi roi = previous == null ? recrop
        : RoiTracking.FACE.choose(fromPoints(previous, width, height), previous, 3, POINTS, recrop, width, height);
    float[] input = crop.crop(width, height, rgba, roi, mesh.inputWidth, mesh.inputHeight, 0f, 1f, false, false);
    Map<String, float[]> out = mesh.run(input);
    if (LandmarkDecoding.sigmoid(out.get("conv2d_31")[0]) <= 0.5f) {
      previous = null;
      return null;
    }
    float[] points = LandmarkDecoding.decode(out.get("conv2d_21"), POINTS, 3, mesh.inputWidth, 1);
    RoiMath.project(points, 0, 3, POINTS, crop.cut);
    previous = points;
    return points;
  }

  /** face_landmarks_to_roi: the box around all points, levelled on the eye corners 33 and 263, times 1.5. */
  static Roi fromPoints(float[] points, int width, int height) {
    double rotation = RoiMath.rotation(points[3 * 33], points[3 * 33 + 1], points[3 * 263], points[3 * 263 + 1], 0,
        width, height);
    return RoiMath.transform(RoiMath.boundingBox(points, 0, 3, POINTS, rotation), 1.5, 1.5, 0, 0, true, width,
        height);
  }

  @Override
  public void close() {
    detector.close();
    mesh.close();
  }
}
