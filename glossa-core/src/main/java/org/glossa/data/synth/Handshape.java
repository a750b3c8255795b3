package org.glossa.data.synth;

/**
 * A handshape of the synthetic signer: how far each finger is curled (0 straight, 1 fully bent), whether a
 * finger bends at the middle joints only (a "hooked" or claw finger), and how far the fingers spread.
 * Finger order: thumb, index, middle, ring, pinky.
 */
record Handshape(String name, float[] curl, boolean[] hooked, float spread) {

  static final Handshape[] ALL = {
      new Handshape("B", new float[] {0.55f, 0, 0, 0, 0}, none(), 0f),
      new Handshape("5", new float[] {0, 0, 0, 0, 0}, none(), 1f),
      new Handshape("A", new float[] {0.05f, 1, 1, 1, 1}, none(), 0f),
      new Handshape("S", new float[] {0.85f, 1, 1, 1, 1}, none(), 0f),
      new Handshape("1", new float[] {0.8f, 0, 1, 1, 1}, none(), 0f),
      new Handshape("V", new float[] {0.8f, 0, 0, 1, 1}, none(), 1f),
      new Handshape("W", new float[] {0.8f, 0, 0, 0, 1}, none(), 0.8f),
      new Handshape("Y", new float[] {0, 1, 1, 1, 0}, none(), 1f),
      new Handshape("L", new float[] {0, 0, 1, 1, 1}, none(), 0.3f),
      new Handshape("C", new float[] {0.35f, 0.45f, 0.45f, 0.45f, 0.45f}, none(), 0f),
      new Handshape("O", new float[] {0.6f, 0.7f, 0.7f, 0.7f, 0.7f}, none(), 0f),
      new Handshape("claw", new float[] {0.3f, 0.75f, 0.75f, 0.75f, 0.75f}, all(), 1f),
      new Handshape("I", new float[] {0.8f, 1, 1, 1, 0}, none(), 0f),
      new Handshape("horns", new float[] {0.8f, 0, 1, 1, 0}, none(), 1f),
      new Handshape("bent-V", new float[] {0.8f, 0.8f, 0.8f, 1, 1}, new boolean[] {false, true, true, false, false},
          1f),
      new Handshape("X", new float[] {0.8f, 0.8f, 1, 1, 1}, new boolean[] {false, true, false, false, false}, 0f),
  };

  /** The relaxed hand of the resting, non-signing hand. */
  static final Handshape REST = new Handshape("rest", new float[] {0.3f, 0.3f, 0.35f, 0.4f, 0.45f}, none(), 0.2f);

  private static boolean[] none() {
    return new boolean[5];
  }

  private static boolean[] all() {
    return new boolean[] {false, true, true, true, true};
  }

  /** Linear blend between two handshapes ({@code t} = 0 gives {@code a}). */
  static Handshape blend(Handshape a, Handshape b, float t) {
    float[] curl = new float[5];
    boolean[] hooked = new boolean[5];
    for (int i = 0; i < 5; i++) {
      curl[i] = a.curl[i] + (b.curl[i] - a.curl[i]) * t;
      hooked[i] = t < 0.5f ? a.hooked[i] : b.hooked[i];
    }
    return new Handshape(a.name, curl, hooked, a.spread + (b.spread - a.spread) * t);
  }

  /** A laxer version: curls pulled toward half-bent by {@code laxness} (a signer's sloppiness). */
  Handshape lax(float laxness) {
    float[] c = new float[5];
    for (int i = 0; i < 5; i++) {
      c[i] = curl[i] + (0.5f - curl[i]) * laxness;
    }
    return new Handshape(name, c, hooked, spread * (1 - laxness));
  }
}
