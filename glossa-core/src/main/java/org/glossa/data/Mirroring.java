package org.glossa.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Mirrors enhanced Holistic features left for right, as a left-handed signer's signs look to a model trained on
 * right-handed ones: the hand blocks change places, every x (position, velocity, acceleration; relative to the
 * shoulder midpoint, so negating is mirroring) changes sign, and the pose's left and right points change places
 * (the nose stays). The face block is left as it is: a face is not handed, and MediaPipe's mesh has no
 * left/right map in our subsets.
 *
 * <p>A mirrored frame is {@code mirrored[c] = sign[c] * frame[source[c]]}. Works on raw (untransformed)
 * features of the {@link EnhancedFeatures} layout, recognised by its modality names and sizes.
 */
public final class Mirroring {

  private final int[] source;
  private final float[] sign;

  private Mirroring(int[] source, float[] sign) {
    this.source = source;
    this.sign = sign;
  }

  /**
   * The mirroring of {@code layout}, or empty when the layout is not one of enhanced Holistic features (no pose
   * block of the upper body's 15 points, or no left and right hand blocks of 21 points each).
   */
  public static Optional<Mirroring> of(FeatureLayout layout) {
    ModalityBlock pose = find(layout, "pose");
    ModalityBlock left = find(layout, "left_hand");
    ModalityBlock right = find(layout, "right_hand");
    int[] upperBody = Holistic.UPPER_BODY;
    if (pose == null || left == null || right == null || pose.dim() != blockDim(upperBody.length)
        || left.dim() != blockDim(21) || right.dim() != blockDim(21)) {
      return Optional.empty();
    }
    int dim = layout.featureDim();
    int[] source = new int[dim];
    float[] sign = new float[dim];
    for (int c = 0; c < dim; c++) {
      source[c] = c;
      sign[c] = 1f;
    }
    int[] posePartner = new int[upperBody.length];
    for (int i = 0; i < upperBody.length; i++) {
      String name = Holistic.POSE_NAMES.get(upperBody[i]);
      String other = name.startsWith("LEFT_") ? "RIGHT_" + name.substring(5)
          : name.startsWith("RIGHT_") ? "LEFT_" + name.substring(6) : name;
      int partner = indexOf(upperBody, Holistic.POSE_NAMES.indexOf(other));
      if (partner < 0) {
        return Optional.empty(); // a point without its mirror image in the subset
      }
      posePartner[i] = partner;
    }
    mapBlock(pose, pose, posePartner, source, sign);
    int[] samePoint = new int[21];
    Arrays.setAll(samePoint, i -> i);
    mapBlock(left, right, samePoint, source, sign);
    mapBlock(right, left, samePoint, source, sign);
    return Optional.of(new Mirroring(source, sign));
  }

  /** A mirrored copy of {@code frames} [T, F]. */
  public float[][] apply(float[][] frames) {
    float[][] out = new float[frames.length][];
    for (int t = 0; t < frames.length; t++) {
      float[] frame = frames[t];
      if (frame.length != source.length) {
        throw new IllegalArgumentException("frame " + t + " has " + frame.length + " columns, the mirroring "
            + source.length);
      }
      float[] mirrored = new float[frame.length];
      for (int c = 0; c < frame.length; c++) {
        mirrored[c] = sign[c] * frame[source[c]];
      }
      out[t] = mirrored;
    }
    return out;
  }

  /** Columns of a modality block of {@code points} points: positions, velocities, accelerations, presence. */
  private static int blockDim(int points) {
    return 6 * points + 1;
  }

  /**
   * Fills {@code target}'s columns from {@code from}'s: point i of the target takes point {@code partner[i]} of
   * the source, x negated in each of the three sections; the presence column is copied.
   */
  private static void mapBlock(ModalityBlock target, ModalityBlock from, int[] partner, int[] source, float[] sign) {
    int coords = 2 * partner.length;
    for (int section = 0; section < 3; section++) {
      for (int i = 0; i < partner.length; i++) {
        for (int axis = 0; axis < 2; axis++) {
          int c = target.offset() + section * coords + 2 * i + axis;
          source[c] = from.offset() + section * coords + 2 * partner[i] + axis;
          sign[c] = axis == 0 ? -1f : 1f;
        }
      }
    }
    source[target.offset() + 3 * coords] = from.offset() + 3 * coords;
  }

  private static ModalityBlock find(FeatureLayout layout, String name) {
    List<ModalityBlock> blocks = layout.modalities();
    return blocks.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
