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
    int[][][] mappings = holisticPoints(pose, source);
    LandmarkSequence sequence = empty(pose.numFrames(), pose.fps() > 0 ? pose.fps() : 25f);
    for (Holistic.Part part : Holistic.Part.values()) {
      int[][] mapping = mappings[part.ordinal()];
      if (mapping == null) {
        continue;
      }
      float[] xy = new float[2 * part.numPoints];
      for (int f = 0; f < pose.numFrames(); f++) {
        if (!readPart(pose, mapping, f, xy)) {
          continue;
        }
        for (int p = 0; p < part.numPoints; p++) {
          if (!Float.isNaN(xy[2 * p])) {
            sequence.set(part, f, p, xy[2 * p], xy[2 * p + 1]);
          }
        }
      }
    }
    return sequence;
  }

  /**
   * Where a pose-format file keeps each Holistic part's points: per part (by ordinal), {file point, Holistic point}
   * pairs, matched by component and point name; null where the file has no such component.
   *
   * @throws DataException naming {@code source} when the file has no frames or no Holistic component
   */
  public static int[][][] holisticPoints(PoseFile pose, Path source) {
    if (pose.numFrames() == 0) {
      throw DataException.inFile(source, "the .pose file has no frames");
    }
    Holistic.Part[] parts = Holistic.Part.values();
    int[][][] mappings = new int[parts.length][][];
    boolean anyPart = false;
    for (Holistic.Part part : parts) {
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
      List<int[]> mapping = new ArrayList<>();
      for (int p = 0; p < component.points().size(); p++) {
        Integer target = index.get(component.points().get(p));
        if (target != null) {
          mapping.add(new int[] {offset + p, target});
        }
      }
      mappings[part.ordinal()] = mapping.toArray(new int[0][]);
    }
    if (!anyPart) {
      throw DataException.inFile(source, "no MediaPipe Holistic components (POSE_LANDMARKS, FACE_LANDMARKS, "
          + "LEFT_HAND_LANDMARKS, RIGHT_HAND_LANDMARKS) in the .pose file");
    }
    return mappings;
  }

  /**
   * Reads one part of the first person in frame {@code frame} into {@code xy} [2·points] (NaN where a point is not
   * placed: confidence zero or coordinates not finite), through a mapping from {@link #holisticPoints}; returns
   * whether any point was placed.
   */
  public static boolean readPart(PoseFile pose, int[][] mapping, int frame, float[] xy) {
    float[] data = pose.data();
    float[] confidence = pose.confidence();
    int numDims = pose.numDims();
    long first = (long) frame * pose.numPeople() * pose.numPoints(); // person 0 of the frame
    Arrays.fill(xy, Float.NaN);
    boolean placed = false;
    for (int[] m : mapping) {
      int point = (int) (first + m[0]);
      float x = data[point * numDims];
      float y = data[point * numDims + 1];
      if (confidence[point] > 0 && Float.isFinite(x) && Float.isFinite(y)) {
        xy[2 * m[1]] = x;
        xy[2 * m[1] + 1] = y;
        placed = true;
      }
    }
    return placed;
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
