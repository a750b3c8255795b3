package org.glossa.data.synth;

import java.util.Random;
import org.glossa.data.Holistic;

/**
 * A neutral face in the MediaPipe face-mesh numbering, in head units (origin between the eyes and the mouth,
 * y down): the oval, lips, eyes and eyebrows on their contours in mesh order, every other mesh point at a
 * fixed place inside the oval. Regions mark the points that facial markers move.
 */
final class FaceTemplate {

  static final int OTHER = 0;
  static final int BROW = 1;
  static final int UPPER_LIP = 2;
  static final int LOWER_LIP = 3;
  static final int UPPER_LID = 4;
  static final float EYE_Y = -0.08f;

  static final float[] X = new float[468];
  static final float[] Y = new float[468];
  static final int[] REGION = new int[468];

  static {
    Random random = new Random(468);
    for (int p = 0; p < 468; p++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      double radius = Math.sqrt(random.nextDouble()) * 0.85;
      X[p] = (float) (0.28 * radius * Math.cos(angle));
      Y[p] = (float) (0.05 + 0.38 * radius * Math.sin(angle));
    }
    int[] oval = Holistic.FACE_OVAL;
    for (int k = 0; k < oval.length; k++) {
      double theta = -Math.PI / 2 + 2 * Math.PI * k / oval.length;
      X[oval[k]] = (float) (0.3 * Math.cos(theta));
      Y[oval[k]] = (float) (0.04 + 0.42 * Math.sin(theta));
    }
    lip(Holistic.LIPS_OUTER, 0.1f, 0.035f, 0.03f);
    lip(Holistic.LIPS_INNER, 0.07f, 0.008f, 0.008f);
    eye(Holistic.RIGHT_EYE, -0.11f);
    eye(Holistic.LEFT_EYE, 0.11f);
    brow(Holistic.RIGHT_EYEBROW, -1);
    brow(Holistic.LEFT_EYEBROW, 1);
    X[Holistic.NOSE_TIP] = 0;
    Y[Holistic.NOSE_TIP] = 0.06f;
  }

  /** A lip contour: 11 lower points corner to corner (image left to right), then 9 upper points back. */
  private static void lip(int[] contour, float halfWidth, float lower, float upper) {
    for (int k = 0; k <= 10; k++) {
      X[contour[k]] = -halfWidth + 2 * halfWidth * k / 10;
      Y[contour[k]] = (float) (0.2 + lower * Math.sin(Math.PI * k / 10));
      REGION[contour[k]] = LOWER_LIP;
    }
    for (int k = 1; k <= 9; k++) {
      int p = contour[10 + k];
      X[p] = halfWidth - 2 * halfWidth * k / 10;
      Y[p] = (float) (0.2 - upper * Math.sin(Math.PI * k / 10));
      REGION[p] = UPPER_LIP;
    }
  }

  /** An eye contour: corner, 7 lower-lid points, other corner, 7 upper-lid points back. */
  private static void eye(int[] contour, float centreX) {
    float outer = centreX < 0 ? -1 : 1;
    for (int k = 0; k <= 8; k++) {
      int p = contour[k];
      X[p] = centreX + outer * (0.055f - 0.11f * k / 8);
      Y[p] = (float) (EYE_Y + 0.02 * Math.sin(Math.PI * k / 8));
    }
    for (int k = 1; k <= 7; k++) {
      int p = contour[8 + k];
      X[p] = centreX + outer * (-0.055f + 0.11f * k / 8);
      Y[p] = (float) (EYE_Y - 0.025 * Math.sin(Math.PI * k / 8));
      REGION[p] = UPPER_LID;
    }
  }

  /** An eyebrow: 5 lower points then 5 upper points, each from the outer end inward. */
  private static void brow(int[] contour, int side) {
    for (int k = 0; k < 5; k++) {
      float x = side * (0.19f - 0.14f * k / 4);
      float arch = (float) (0.015 * Math.sin(Math.PI * k / 4));
      X[contour[k]] = x;
      Y[contour[k]] = -0.16f - arch;
      X[contour[5 + k]] = x;
      Y[contour[5 + k]] = -0.185f - arch;
      REGION[contour[k]] = BROW;
      REGION[contour[5 + k]] = BROW;
    }
  }

  private FaceTemplate() {}
}
