package org.glossa.stream;

import org.glossa.model.ModelConfig;

/**
 * The sliding window of streaming recognition, checked where it is made: a server or a stream refuses a bad
 * window before it opens a model or a port, not at its first frame.
 *
 * @param window frames the model sees at once; a multiple of the time stride, at least two output frames
 * @param hop    frames between windows; a multiple of the time stride, at most the window
 */
public record StreamOptions(int window, int hop) {

  /** 96-frame windows every 24 frames: about 4 s of context and a new result every second at 25 fps. */
  public static final StreamOptions DEFAULT = new StreamOptions(96, 24);

  public StreamOptions {
    if (hop < 1 || hop > window) {
      throw new IllegalArgumentException("--window and --hop need 1 <= hop <= window, got window " + window + ", hop "
          + hop);
    }
    checkStride(window, hop, ModelConfig.TIME_STRIDE); // Glossa's networks; a card's model is checked by its stream
  }

  /**
   * Checks the window against a model's time stride (4 for Glossa's networks, a model card's for others): both
   * must be multiples of it.
   */
  public void checkStride(int stride) {
    checkStride(window, hop, stride);
  }

  private static void checkStride(int window, int hop, int stride) {
    if (window % stride != 0 || hop % stride != 0 || window < 2 * stride) {
      throw new IllegalArgumentException("--window and --hop must be multiples of the model's time stride " + stride
          + " and the window at least " + 2 * stride + " frames, got window " + window + ", hop " + hop);
    }
  }
}
