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
 */
public record Batch(String[] ids, float[] features, int[] lengths, int[][] labels, int maxFrames, int featureDim) {

  public Batch {
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
