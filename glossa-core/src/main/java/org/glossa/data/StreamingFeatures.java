package org.glossa.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Enhanced features computed as landmark frames arrive, for live recognition. A frame's features need its two
 * neighbours on each side (the Savitzky–Golay derivatives), so they come out two frames late; they are computed
 * by the very code of {@link EnhancedFeatures} on the five frames around it. The one difference from a whole
 * recording is the body scale: offline it is the median shoulder width of the whole sequence, here the median of
 * the frames so far (it settles within the first second). Frames without shoulders take the centre of the
 * nearest frame within two that has them; if none has, their features are zero (as a missed detection).
 *
 * <p>Landmarks per frame: one array per {@link Holistic.Part} of 2·points coordinates (x, y; NaN where
 * missing), or null where the part was not detected.
 */
public final class StreamingFeatures {

  private final FaceSubset faceSubset;
  private final float fps;
  private final float fixedScale;
  private final Deque<float[][]> window = new ArrayDeque<>(); // the last 2·HALF_WINDOW + 1 frames
  private final List<Float> widths = new ArrayList<>();
  private long received;
  private long emitted;

  public StreamingFeatures(FaceSubset faceSubset, float fps) {
    this(faceSubset, fps, Float.NaN);
  }

  /** With a fixed body scale instead of the running median (to compare with offline features). */
  StreamingFeatures(FaceSubset faceSubset, float fps, float fixedScale) {
    this.faceSubset = faceSubset;
    this.fps = fps;
    this.fixedScale = fixedScale;
  }

  public FeatureLayout layout() {
    return EnhancedFeatures.layout(faceSubset);
  }

  /** Adds one frame; returns the features of the frame two before it, or nothing during the first two. */
  public List<float[]> accept(float[][] landmarksByPart) {
    if (landmarksByPart.length != Holistic.Part.values().length) {
      throw new IllegalArgumentException("need landmarks for " + Holistic.Part.values().length + " parts, got "
          + landmarksByPart.length);
    }
    window.addLast(landmarksByPart);
    if (window.size() > 2 * EnhancedFeatures.HALF_WINDOW + 1) {
      window.removeFirst();
    }
    received++;
    recordShoulderWidth(landmarksByPart);
    if (received <= EnhancedFeatures.HALF_WINDOW) {
      return List.of();
    }
    return List.of(featuresOf(emitted++));
  }

  /** Ends the stream: the features of the last frames, computed without right neighbours as at a file's end. */
  public List<float[]> finish() {
    List<float[]> rest = new ArrayList<>();
    while (emitted < received) {
      rest.add(featuresOf(emitted++));
    }
    return rest;
  }

  /** Features of input frame {@code frame}, which is in the window. */
  private float[] featuresOf(long frame) {
    long first = received - window.size();
    List<float[][]> frames = new ArrayList<>(window);
    // Neighbours that do not exist yet (at the stream's end) are left out, as at the end of a recording.
    LandmarkSequence sequence = LandmarkSequence.empty(frames.size(), fps);
    boolean shoulders = false;
    for (int f = 0; f < frames.size(); f++) {
      for (Holistic.Part part : Holistic.Part.values()) {
        float[] coordinates = frames.get(f)[part.ordinal()];
        if (coordinates == null) {
          continue;
        }
        for (int p = 0; p < part.numPoints; p++) {
          sequence.set(part, f, p, coordinates[2 * p], coordinates[2 * p + 1]);
        }
      }
      shoulders |= shoulderWidth(frames.get(f)) > 0;
    }
    if (!shoulders || widths.isEmpty()) {
      return new float[layout().featureDim()];
    }
    float scale = Float.isNaN(fixedScale) ? median() : fixedScale;
    return EnhancedFeatures.compute(sequence, faceSubset, scale)[(int) (frame - first)];
  }

  private void recordShoulderWidth(float[][] landmarks) {
    float width = shoulderWidth(landmarks);
    if (width > 0) {
      widths.add(width);
    }
  }

  private static float shoulderWidth(float[][] landmarks) {
    float[] pose = landmarks[Holistic.Part.POSE.ordinal()];
    if (pose == null) {
      return Float.NaN;
    }
    float lx = pose[2 * Holistic.LEFT_SHOULDER];
    float ly = pose[2 * Holistic.LEFT_SHOULDER + 1];
    float rx = pose[2 * Holistic.RIGHT_SHOULDER];
    float ry = pose[2 * Holistic.RIGHT_SHOULDER + 1];
    return EnhancedFeatures.shoulderWidth(lx, ly, rx, ry);
  }

  /** Median shoulder width so far (upper median, as offline). */
  private float median() {
    float[] sorted = new float[widths.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = widths.get(i);
    }
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
