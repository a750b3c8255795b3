package org.glossa.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns Holistic landmarks into the "enhanced" per-frame features the models train on.
 *
 * <p>For each modality (pose upper body, left hand, right hand, face subset) the block holds, in order:
 * normalised positions [2n] (x, y per point), velocities [2n], accelerations [2n] and one presence flag, so
 * {@code dim = 6n + 1}. Positions are centred on the shoulder midpoint of the frame and divided by the
 * signer's shoulder width (the median over the frames where both shoulders are seen), which removes camera
 * distance and framing. Velocity and acceleration (per second and per second squared) come from a
 * Savitzky–Golay fit (quadratic, 5-frame window) over the frames where the modality was detected, so a missed
 * detection neither creates a spike nor smears zeros into its neighbours. A modality that is not detected in
 * a frame, or a point that is missing, is zero-filled, and the presence flag says which frames had it.
 *
 * <p>Output shape: [numFrames, layout(faceSubset).featureDim()].
 */
public final class EnhancedFeatures {

  /** Savitzky–Golay half-window: 2 frames each side. */
  static final int HALF_WINDOW = 2;

  private EnhancedFeatures() {}

  /** The modality blocks produced for a face subset. */
  public static FeatureLayout layout(FaceSubset faceSubset) {
    List<ModalityBlock> blocks = new ArrayList<>();
    int offset = 0;
    for (Modality modality : modalities(faceSubset)) {
      int dim = 6 * modality.points.length + 1;
      blocks.add(new ModalityBlock(modality.name, offset, dim, offset + dim - 1));
      offset += dim;
    }
    return new FeatureLayout(blocks);
  }

  private record Modality(String name, Holistic.Part part, int[] points) {}

  private static List<Modality> modalities(FaceSubset faceSubset) {
    List<Modality> list = new ArrayList<>();
    list.add(new Modality("pose", Holistic.Part.POSE, Holistic.UPPER_BODY));
    int[] hand = java.util.stream.IntStream.range(0, 21).toArray();
    list.add(new Modality("left_hand", Holistic.Part.LEFT_HAND, hand));
    list.add(new Modality("right_hand", Holistic.Part.RIGHT_HAND, hand));
    if (faceSubset != FaceSubset.NONE) {
      list.add(new Modality("face", Holistic.Part.FACE, faceSubset.indices()));
    }
    return list;
  }

  /** The face subset whose features have {@code featureDim} columns, if any. */
  public static java.util.Optional<FaceSubset> faceSubsetFor(int featureDim) {
    for (FaceSubset subset : FaceSubset.values()) {
      if (layout(subset).featureDim() == featureDim) {
        return java.util.Optional.of(subset);
      }
    }
    return java.util.Optional.empty();
  }

  /** Computes the enhanced features [numFrames, featureDim] of a landmark sequence. */
  public static float[][] compute(LandmarkSequence sequence, FaceSubset faceSubset) {
    return compute(sequence, faceSubset, Float.NaN);
  }

  /**
   * As {@link #compute(LandmarkSequence, FaceSubset)} with a given body scale (shoulder width) instead of the
   * sequence's median, or NaN for the median: a stream knows only the frames so far.
   */
  static float[][] compute(LandmarkSequence sequence, FaceSubset faceSubset, float scale) {
    int numFrames = sequence.numFrames();
    FeatureLayout layout = layout(faceSubset);
    float[][] features = new float[numFrames][layout.featureDim()];
    if (numFrames == 0) {
      return features;
    }
    Normalisation norm = Normalisation.of(sequence);
    if (!Float.isNaN(scale)) {
      norm = new Normalisation(norm.centreX, norm.centreY, scale);
    }
    List<Modality> modalities = modalities(faceSubset);
    for (int m = 0; m < modalities.size(); m++) {
      Modality modality = modalities.get(m);
      int offset = layout.modalities().get(m).offset();
      int numCoords = 2 * modality.points.length;
      // [frame][2n] normalised positions, NaN where missing
      float[][] positions = new float[numFrames][numCoords];
      boolean[] present = new boolean[numFrames];
      for (int f = 0; f < numFrames; f++) {
        present[f] = sequence.detected(modality.part, f);
        for (int i = 0; i < modality.points.length; i++) {
          float x = present[f] ? sequence.x(modality.part, f, modality.points[i]) : Float.NaN;
          float y = present[f] ? sequence.y(modality.part, f, modality.points[i]) : Float.NaN;
          positions[f][2 * i] = (x - norm.centreX[f]) / norm.scale;
          positions[f][2 * i + 1] = (y - norm.centreY[f]) / norm.scale;
        }
      }
      float fps = sequence.fps();
      double[] velocityWeights = new double[2 * HALF_WINDOW + 1];
      double[] accelerationWeights = new double[2 * HALF_WINDOW + 1];
      for (int f = 0; f < numFrames; f++) {
        if (!present[f]) {
          continue; // zero-filled, presence 0
        }
        float[] row = features[f];
        boolean fitted = savitzkyGolayWeights(present, f, velocityWeights, accelerationWeights);
        for (int c = 0; c < numCoords; c++) {
          float position = positions[f][c];
          if (Float.isNaN(position)) {
            continue;
          }
          row[offset + c] = position;
          if (!fitted) {
            continue;
          }
          double velocity = 0;
          double acceleration = 0;
          boolean complete = true;
          for (int k = -HALF_WINDOW; k <= HALF_WINDOW && complete; k++) {
            double wv = velocityWeights[k + HALF_WINDOW];
            double wa = accelerationWeights[k + HALF_WINDOW];
            if (wv == 0 && wa == 0) {
              continue;
            }
            float neighbour = positions[f + k][c];
            complete = !Float.isNaN(neighbour);
            velocity += wv * neighbour;
            acceleration += wa * neighbour;
          }
          if (complete) {
            row[offset + numCoords + c] = (float) (velocity * fps);
            row[offset + 2 * numCoords + c] = (float) (acceleration * fps * fps);
          }
        }
        row[offset + 3 * numCoords] = 1f;
      }
    }
    return features;
  }

  /**
   * Least-squares derivative weights at frame {@code t}: fits a polynomial of order 2 (order 1 with only two
   * usable frames) to the present frames of the window [t-2, t+2] and returns the weights w such that
   * velocity = Σ w_k p(t+k) (per frame) and acceleration = Σ a_k p(t+k) (per frame²). With all 5 frames
   * present these are the classic Savitzky–Golay coefficients (-2,-1,0,1,2)/10 and (2,-1,-2,-1,2)/7.
   *
   * @return false if fewer than two frames are usable (derivatives stay zero)
   */
  static boolean savitzkyGolayWeights(boolean[] present, int t, double[] velocity, double[] acceleration) {
    Arrays.fill(velocity, 0);
    Arrays.fill(acceleration, 0);
    int count = 0;
    for (int k = -HALF_WINDOW; k <= HALF_WINDOW; k++) {
      int f = t + k;
      if (f >= 0 && f < present.length && present[f]) {
        count++;
      }
    }
    if (count < 2) {
      return false;
    }
    int order = count >= 3 ? 2 : 1;
    int size = order + 1;
    double[][] normal = new double[size][size]; // X^T X with X = [1, k, k^2]
    for (int k = -HALF_WINDOW; k <= HALF_WINDOW; k++) {
      if (!usable(present, t + k)) {
        continue;
      }
      double[] basis = {1, k, (double) k * k};
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          normal[i][j] += basis[i] * basis[j];
        }
      }
    }
    double[][] inverse = invert(normal);
    for (int k = -HALF_WINDOW; k <= HALF_WINDOW; k++) {
      if (!usable(present, t + k)) {
        continue;
      }
      double[] basis = {1, k, (double) k * k};
      double a1 = 0;
      double a2 = 0;
      for (int j = 0; j < size; j++) {
        a1 += inverse[1][j] * basis[j];
        if (order == 2) {
          a2 += inverse[2][j] * basis[j];
        }
      }
      velocity[k + HALF_WINDOW] = a1;
      acceleration[k + HALF_WINDOW] = 2 * a2; // p(k) = a0 + a1 k + a2 k^2, so p'' = 2 a2
    }
    return true;
  }

  private static boolean usable(boolean[] present, int f) {
    return f >= 0 && f < present.length && present[f];
  }

  /** Gauss–Jordan inverse of a small symmetric positive definite matrix. */
  private static double[][] invert(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      double p = m[col][col];
      for (int j = 0; j < 2 * n; j++) {
        m[col][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double factor = m[r][col];
          for (int j = 0; j < 2 * n; j++) {
            m[r][j] -= factor * m[col][j];
          }
        }
      }
    }
    double[][] inverse = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, inverse[i], 0, n);
    }
    return inverse;
  }

  /**
   * The distance between the shoulders, or NaN where it cannot normalise a frame: a shoulder missing, both at
   * one place, or coordinates so extreme that the width or the midpoint is not a finite float (a frame the
   * normalisation skips, as a missed detection, instead of spreading infinities or leaving no centre).
   */
  static float shoulderWidth(float lx, float ly, float rx, float ry) {
    float width = (float) Math.hypot(lx - rx, ly - ry);
    boolean usable = Float.isFinite(width) && width > 0 && Float.isFinite((lx + rx) / 2)
        && Float.isFinite((ly + ry) / 2);
    return usable ? width : Float.NaN;
  }

  /** Per-frame centre (shoulder midpoint) and the sequence's scale (median shoulder width). */
  static final class Normalisation {
    final float[] centreX;
    final float[] centreY;
    final float scale;

    private Normalisation(float[] centreX, float[] centreY, float scale) {
      this.centreX = centreX;
      this.centreY = centreY;
      this.scale = scale;
    }

    static Normalisation of(LandmarkSequence sequence) {
      int numFrames = sequence.numFrames();
      float[] cx = new float[numFrames];
      float[] cy = new float[numFrames];
      Arrays.fill(cx, Float.NaN);
      Arrays.fill(cy, Float.NaN);
      List<Float> widths = new ArrayList<>();
      for (int f = 0; f < numFrames; f++) {
        if (!sequence.detected(Holistic.Part.POSE, f)) {
          continue;
        }
        float lx = sequence.x(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER);
        float ly = sequence.y(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER);
        float rx = sequence.x(Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER);
        float ry = sequence.y(Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER);
        float width = shoulderWidth(lx, ly, rx, ry);
        if (Float.isNaN(width)) {
          continue;
        }
        cx[f] = (lx + rx) / 2;
        cy[f] = (ly + ry) / 2;
        widths.add(width);
      }
      if (widths.isEmpty()) {
        throw new DataException("no frame shows both shoulders (pose points LEFT_SHOULDER and RIGHT_SHOULDER), "
            + "so the landmarks cannot be normalised");
      }
      // Frames without shoulders take the centre of the nearest frame that has them.
      int last = -1;
      for (int f = 0; f < numFrames; f++) {
        if (!Float.isNaN(cx[f])) {
          for (int g = last + 1; g < f; g++) {
            int source = last < 0 || f - g < g - last ? f : last;
            cx[g] = cx[source];
            cy[g] = cy[source];
          }
          last = f;
        }
      }
      for (int g = last + 1; g < numFrames; g++) {
        cx[g] = cx[last];
        cy[g] = cy[last];
      }
      widths.sort(null);
      float median = widths.get(widths.size() / 2);
      return new Normalisation(cx, cy, median);
    }
  }
}
