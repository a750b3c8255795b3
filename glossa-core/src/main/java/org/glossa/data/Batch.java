package org.glossa.data;

/**
 * A padded mini-batch of sequences.
 *
 * @param ids        sample ids, [B]
 * @param features   [B, maxFrames, featureDim], row-major, zero after each sequence's length
 * @param lengths    valid frames per sequence, [B]
 * @param labels     gloss ids per sequence (no blanks), [B][L_b]
 * @param maxFrames  padded time length
 * @param featureDim columns per frame
 * @param teacherView the same sequences through a distillation teacher's feature pipeline (same frames, no
 *                    value augmentation), or null
 */
public record Batch(String[] ids, float[] features, int[] lengths, int[][] labels, int maxFrames, int featureDim,
    Batch teacherView) {

  public Batch(String[] ids, float[] features, int[] lengths, int[][] labels, int maxFrames, int featureDim) {
    this(ids, features, lengths, labels, maxFrames, featureDim, null);
  }

  public Batch {
    if (teacherView != null && !java.util.Arrays.equals(teacherView.lengths(), lengths)) {
      throw new IllegalArgumentException("the teacher view must have the same frames as the batch");
    }
    int size = ids.length;
    if (lengths.length != size || labels.length != size) {
      throw new IllegalArgumentException("ids, lengths and labels must have one entry per sequence");
    }
    if (features.length != size * maxFrames * featureDim) {
      throw new IllegalArgumentException("features must hold " + size + " x " + maxFrames + " x " + featureDim
          + " values, got " + features.length);
    }
    for (int length : lengths) {
      if (length < 1 || length > maxFrames) {
        throw new IllegalArgumentException("length " + length + " outside 1.." + maxFrames);
      }
    }
  }

  /** Pads sequences [T_b][featureDim] into a batch; {@code labels} may be null (no labels). */
  public static Batch pad(String[] ids, float[][][] sequences, int[][] labels) {
    int maxFrames = 0;
    int dim = -1;
    for (float[][] s : sequences) {
      maxFrames = Math.max(maxFrames, s.length);
      if (s.length > 0) {
        dim = s[0].length;
      }
    }
    if (dim < 0) {
      throw new IllegalArgumentException("a batch needs at least one frame");
    }
    float[] flat = new float[sequences.length * maxFrames * dim];
    int[] lengths = new int[sequences.length];
    for (int b = 0; b < sequences.length; b++) {
      for (int t = 0; t < sequences[b].length; t++) {
        System.arraycopy(sequences[b][t], 0, flat, (b * maxFrames + t) * dim, dim);
      }
      lengths[b] = sequences[b].length;
    }
    int[][] batchLabels = labels != null ? labels : new int[sequences.length][0];
    return new Batch(ids, flat, lengths, batchLabels, maxFrames, dim);
  }

  public int size() {
    return ids.length;
  }

  /** True where frame {@code t} of sequence {@code b} is real, false where it is padding. */
  public boolean mask(int b, int t) {
    return t < lengths[b];
  }

  /** Total valid frames in the batch. */
  public long numFrames() {
    long total = 0;
    for (int length : lengths) {
      total += length;
    }
    return total;
  }
}
