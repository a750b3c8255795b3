package org.glossa.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The landmarks of one signer over time, in the MediaPipe Holistic layout: for every part (pose, face, left
 * and right hand) and frame, x/y image coordinates of each point (pixels, y pointing down) and whether the
 * part was detected. Points a part lacks (a file with a subset of the points) are NaN.
 *
 * <p>Shapes: {@code coordinates[part][frame]} is [2 * numPoints(part)], interleaved x, y.
 */
public final class LandmarkSequence {

  private final int numFrames;
  private final float fps;
  private final float[][][] coordinates;
  private final boolean[][] detected;

  public LandmarkSequence(int numFrames, float fps, float[][][] coordinates, boolean[][] detected) {
    if (numFrames < 0 || !(fps > 0)) {
      throw new IllegalArgumentException("need numFrames >= 0 and fps > 0, got " + numFrames + ", " + fps);
    }
    Holistic.Part[] parts = Holistic.Part.values();
    if (coordinates.length != parts.length || detected.length != parts.length) {
      throw new IllegalArgumentException("need one array per Holistic part");
    }
    for (Holistic.Part part : parts) {
      if (coordinates[part.ordinal()].length != numFrames || detected[part.ordinal()].length != numFrames) {
        throw new IllegalArgumentException(part + ": need " + numFrames + " frames");
      }
      for (float[] frame : coordinates[part.ordinal()]) {
        if (frame.length != 2 * part.numPoints) {
          throw new IllegalArgumentException(part + ": need " + 2 * part.numPoints + " coordinates per frame");
        }
      }
    }
    this.numFrames = numFrames;
    this.fps = fps;
    this.coordinates = coordinates;
    this.detected = detected;
  }

  /** An empty sequence (nothing detected) to be filled with {@link #set}. */
  public static LandmarkSequence empty(int numFrames, float fps) {
    Holistic.Part[] parts = Holistic.Part.values();
    float[][][] coordinates = new float[parts.length][][];
    boolean[][] detected = new boolean[parts.length][numFrames];
    for (Holistic.Part part : parts) {
      coordinates[part.ordinal()] = new float[numFrames][2 * part.numPoints];
      for (float[] frame : coordinates[part.ordinal()]) {
        Arrays.fill(frame, Float.NaN);
      }
    }
    return new LandmarkSequence(numFrames, fps, coordinates, detected);
  }

  public int numFrames() {
    return numFrames;
  }

  public float fps() {
    return fps;
  }

  public boolean detected(Holistic.Part part, int frame) {
    return detected[part.ordinal()][frame];
  }

  /** x of a point, NaN if missing. */
  public float x(Holistic.Part part, int frame, int point) {
    return coordinates[part.ordinal()][frame][2 * point];
  }

  /** y of a point, NaN if missing. */
  public float y(Holistic.Part part, int frame, int point) {
    return coordinates[part.ordinal()][frame][2 * point + 1];
  }

  /** Sets one point and marks the part as detected in that frame. */
  public void set(Holistic.Part part, int frame, int point, float x, float y) {
    coordinates[part.ordinal()][frame][2 * point] = x;
    coordinates[part.ordinal()][frame][2 * point + 1] = y;
    detected[part.ordinal()][frame] = true;
  }

  /** Marks a part as not detected in a frame, clearing its points. */
  public void drop(Holistic.Part part, int frame) {
    Arrays.fill(coordinates[part.ordinal()][frame], Float.NaN);
    detected[part.ordinal()][frame] = false;
  }

  /** Share of frames in which the part was detected. */
  public double detectionRate(Holistic.Part part) {
    int count = 0;
    for (boolean d : detected[part.ordinal()]) {
      count += d ? 1 : 0;
    }
    return numFrames == 0 ? 0 : (double) count / numFrames;
  }

  /**
   * Takes the first person of a pose-format file. Parts are found by component name, points by name, so
   * files holding a subset of the Holistic points (or extra components such as POSE_WORLD_LANDMARKS) load;
   * missing parts count as never detected, missing points as NaN. A point counts only if its confidence is
   * above zero.
   */
  public static LandmarkSequence fromPose(PoseFile pose, Path source) {
    if (pose.numFrames() == 0) {
      throw DataException.inFile(source, "the .pose file has no frames");
    }
    LandmarkSequence sequence = empty(pose.numFrames(), pose.fps() > 0 ? pose.fps() : 25f);
    boolean anyPart = false;
    for (Holistic.Part part : Holistic.Part.values()) {
      PoseFile.Component component = pose.component(part.componentName);
      if (component == null) {
        continue;
      }
      anyPart = true;
      int offset = pose.componentOffset(part.componentName);
      Map<String, Integer> index = new HashMap<>();
      List<String> names = part.pointNames();
      for (int i = 0; i < names.size(); i++) {
        index.put(names.get(i), i);
      }
      List<int[]> mapping = new ArrayList<>(); // {file point, holistic point}
      for (int p = 0; p < component.points().size(); p++) {
        Integer target = index.get(component.points().get(p));
        if (target != null) {
          mapping.add(new int[] {offset + p, target});
        }
      }
      for (int f = 0; f < pose.numFrames(); f++) {
        for (int[] m : mapping) {
          float x = pose.coordinate(f, 0, m[0], 0);
          float y = pose.coordinate(f, 0, m[0], 1);
          if (pose.confidence(f, 0, m[0]) > 0 && Float.isFinite(x) && Float.isFinite(y)) {
            sequence.set(part, f, m[1], x, y);
          }
        }
      }
    }
    if (!anyPart) {
      throw DataException.inFile(source, "no MediaPipe Holistic components (POSE_LANDMARKS, FACE_LANDMARKS, "
          + "LEFT_HAND_LANDMARKS, RIGHT_HAND_LANDMARKS) in the .pose file");
    }
    return sequence;
  }

  /** This sequence as a pose-format file (v0.2, format XYZC, z = 0, confidence 1 where detected). */
  public PoseFile toPose(int width, int height) {
    Holistic.Part[] parts = Holistic.Part.values();
    List<PoseFile.Component> components = Holistic.poseComponents();
    int numPoints = Holistic.totalPoints();
    float[] data = new float[numFrames * numPoints * 3];
    float[] confidence = new float[numFrames * numPoints];
    for (int f = 0; f < numFrames; f++) {
      int point = f * numPoints;
      for (Holistic.Part part : parts) {
        for (int p = 0; p < part.numPoints; p++, point++) {
          float x = x(part, f, p);
          float y = y(part, f, p);
          if (detected(part, f) && !Float.isNaN(x)) {
            data[3 * point] = x;
            data[3 * point + 1] = y;
            confidence[point] = 1f;
          }
        }
      }
    }
    return new PoseFile(0.2f, width, height, 0, components, fps, numFrames, 1, 3, data, confidence);
  }
}
