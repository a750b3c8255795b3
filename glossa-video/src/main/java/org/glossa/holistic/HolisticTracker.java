package org.glossa.holistic;

/**
 * MediaPipe Holistic in the JVM, frame by frame, as the legacy solution runs it (holistic_landmark_cpu.pbtxt) with
 * Glossa's options: smoothing on, 468 face points, detection and tracking confidence 0.5. Pose first; the hands and
 * the face are then looked for in regions the body's points give, and tracked from their own points while they
 * hold. One tracker per video stream; {@link #reset()} between videos. Not thread-safe, except that {@link #body}
 * and {@link #parts}, the two halves of {@link #process}, may run on two threads at once (a pipeline).
 *
 * <p>Output per frame, per part (pose, face, left hand, right hand; null where not found): normalised x, y and z
 * per point, plus visibility for the body's points ({@code [33 * 4]}, {@code [468 * 3]}, {@code [21 * 3]}).
 */
public final class HolisticTracker implements AutoCloseable {

  private final PoseTracker pose;
  private final LandmarkModel handRecrop;
  private final LandmarkModel handLandmarks;
  private final HandTracker leftHand;
  private final HandTracker rightHand;
  private final FaceTracker face;

  /**
   * @param complexity pose landmark model: 0 lite, 1 full
   * @param threads ONNX Runtime threads per model (models run one after another)
   */
  public HolisticTracker(int complexity, int threads) {
    if (complexity != 0 && complexity != 1) {
      throw new IllegalArgumentException("complexity must be 0 (lite) or 1 (full), got " + complexity);
    }
    this.pose = new PoseTracker(complexity, true, threads);
    this.handRecrop = new LandmarkModel(HolisticModels.HAND_RECROP, threads);
    this.handLandmarks = new LandmarkModel(HolisticModels.HAND_LANDMARK, threads);
    // the person's own left hand (body points 15, 17, 19), as MediaPipe names it
    this.leftHand = new HandTracker(handRecrop, handLandmarks, 15);
    this.rightHand = new HandTracker(handRecrop, handLandmarks, 16);
    this.face = new FaceTracker(threads);
  }

  /** Forgets the tracked regions and the smoothing state: the next frame starts afresh. */
  public void reset() {
    pose.reset();
    leftHand.reset();
    rightHand.reset();
    face.reset();
  }

  /**
   * Landmarks of one RGBA frame; {@code timeMicros} must increase from frame to frame (smoothing uses the rate).
   */
  public float[][] process(int width, int height, byte[] rgba, long timeMicros) {
    return parts(width, height, rgba, body(width, height, rgba, timeMicros));
  }

  /**
   * The first half of {@link #process}: the body's points of a frame (null when nobody is found), which {@link
   * #parts} then completes. The halves keep separate state, so the body of the next frame may be found on one
   * thread while {@link #parts} works on this frame on another; each half on its own in frame order.
   */
  public Body body(int width, int height, byte[] rgba, long timeMicros) {
    checkSize(width, height, rgba);
    return new Body(pose.process(width, height, rgba, timeMicros));
  }

  /** The second half of {@link #process}: face and hands from the body's regions, then all four parts. */
  public float[][] parts(int width, int height, byte[] rgba, Body found) {
    checkSize(width, height, rgba);
    float[] body = found.points;
    float[][] parts = new float[4][];
    parts[1] = face.process(width, height, rgba, body, PoseTracker.STRIDE);
    parts[2] = leftHand.process(width, height, rgba, body, PoseTracker.STRIDE);
    parts[3] = rightHand.process(width, height, rgba, body, PoseTracker.STRIDE);
    if (body != null) {
      parts[0] = new float[PoseTracker.POINTS * 4];
      for (int p = 0; p < PoseTracker.POINTS; p++) {
        System.arraycopy(body, p * PoseTracker.STRIDE, parts[0], p * 4, 4);
      }
    }
    return parts;
  }

  private static void checkSize(int width, int height, byte[] rgba) {
    if (rgba.length != 4 * width * height) {
      throw new IllegalArgumentException("a " + width + "x" + height + " RGBA frame has " + 4 * width * height
          + " bytes, got " + rgba.length);
    }
  }

  /** A frame's body points as {@link #body} found them, for {@link #parts}; opaque to callers. */
  public static final class Body {
    private final float[] points;

    private Body(float[] points) {
      this.points = points;
    }
  }

  @Override
  public void close() {
    pose.close();
    face.close();
    handRecrop.close();
    handLandmarks.close();
  }
}
