package org.glossa.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The MediaPipe Holistic landmark layout: point names of each part and the face-mesh index groups that the
 * face subsets draw on. Names follow MediaPipe (and pose-format's holistic files): the person's LEFT side.
 */
public final class Holistic {

  /** The four landmark parts of a Holistic result, with their point counts and pose-format names. */
  public enum Part {
    POSE("POSE_LANDMARKS", 33),
    FACE("FACE_LANDMARKS", 468),
    LEFT_HAND("LEFT_HAND_LANDMARKS", 21),
    RIGHT_HAND("RIGHT_HAND_LANDMARKS", 21);

    public final String componentName;
    public final int numPoints;

    Part(String componentName, int numPoints) {
      this.componentName = componentName;
      this.numPoints = numPoints;
    }

    /** Point names as pose-format stores them (face points are named by their index). */
    public List<String> pointNames() {
      return switch (this) {
        case POSE -> POSE_NAMES;
        case FACE -> FACE_NAMES;
        case LEFT_HAND, RIGHT_HAND -> HAND_NAMES;
      };
    }
  }

  public static final List<String> POSE_NAMES = List.of(
      "NOSE", "LEFT_EYE_INNER", "LEFT_EYE", "LEFT_EYE_OUTER", "RIGHT_EYE_INNER", "RIGHT_EYE",
      "RIGHT_EYE_OUTER", "LEFT_EAR", "RIGHT_EAR", "MOUTH_LEFT", "MOUTH_RIGHT", "LEFT_SHOULDER",
      "RIGHT_SHOULDER", "LEFT_ELBOW", "RIGHT_ELBOW", "LEFT_WRIST", "RIGHT_WRIST", "LEFT_PINKY", "RIGHT_PINKY",
      "LEFT_INDEX", "RIGHT_INDEX", "LEFT_THUMB", "RIGHT_THUMB", "LEFT_HIP", "RIGHT_HIP", "LEFT_KNEE",
      "RIGHT_KNEE", "LEFT_ANKLE", "RIGHT_ANKLE", "LEFT_HEEL", "RIGHT_HEEL", "LEFT_FOOT_INDEX",
      "RIGHT_FOOT_INDEX");

  public static final List<String> HAND_NAMES = List.of(
      "WRIST", "THUMB_CMC", "THUMB_MCP", "THUMB_IP", "THUMB_TIP", "INDEX_FINGER_MCP", "INDEX_FINGER_PIP",
      "INDEX_FINGER_DIP", "INDEX_FINGER_TIP", "MIDDLE_FINGER_MCP", "MIDDLE_FINGER_PIP", "MIDDLE_FINGER_DIP",
      "MIDDLE_FINGER_TIP", "RING_FINGER_MCP", "RING_FINGER_PIP", "RING_FINGER_DIP", "RING_FINGER_TIP",
      "PINKY_MCP", "PINKY_PIP", "PINKY_DIP", "PINKY_TIP");

  public static final List<String> FACE_NAMES;

  static {
    List<String> names = new ArrayList<>(468);
    for (int i = 0; i < 468; i++) {
      names.add(Integer.toString(i));
    }
    FACE_NAMES = List.copyOf(names);
  }

  /** The four parts as pose-format components (format XYZC), in {@link Part} order. */
  public static List<PoseFile.Component> poseComponents() {
    List<PoseFile.Component> components = new ArrayList<>();
    for (Part part : Part.values()) {
      components.add(new PoseFile.Component(part.componentName, "XYZC", part.pointNames(), List.of(), List.of()));
    }
    return components;
  }

  /** Points of all four parts. */
  public static int totalPoints() {
    int total = 0;
    for (Part part : Part.values()) {
      total += part.numPoints;
    }
    return total;
  }

  public static final int NOSE = 0;
  public static final int LEFT_SHOULDER = 11;
  public static final int RIGHT_SHOULDER = 12;
  public static final int LEFT_WRIST = 15;
  public static final int RIGHT_WRIST = 16;

  /** Pose points used for features: the nose and the upper body (shoulders to hips); legs are rarely in view. */
  public static final int[] UPPER_BODY = {0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

  // Face-mesh contours, in drawing order (MediaPipe face_mesh_connections).
  public static final int[] LIPS_OUTER = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269,
      267, 0, 37, 39, 40, 185};
  public static final int[] LIPS_INNER = {78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311,
      312, 13, 82, 81, 80, 191};
  public static final int[] LEFT_EYE = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387,
      388, 466};
  public static final int[] RIGHT_EYE = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160,
      161, 246};
  public static final int[] LEFT_EYEBROW = {276, 283, 282, 295, 285, 300, 293, 334, 296, 336};
  public static final int[] RIGHT_EYEBROW = {46, 53, 52, 65, 55, 70, 63, 105, 66, 107};
  public static final int[] FACE_OVAL = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365,
      379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109};
  public static final int NOSE_TIP = 1;
  public static final int CHIN = 152;

  private Holistic() {}
}
