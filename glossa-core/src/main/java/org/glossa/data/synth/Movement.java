package org.glossa.data.synth;

/**
 * The movement of a sign: an offset path (body units, before the signer's amplitude) over the sign's time
 * s in [0, 1], plus optional hand rotation, finger wiggle and approach toward the camera.
 */
enum Movement {
  HOLD, DOWN, UP, OUTWARD, INWARD, CIRCLE, ARC, ZIGZAG, TAP, WIGGLE, TWIST, TOWARD;

  /** Path offset {x, y} at time s for amplitude a (x for a right-handed signer). */
  float[] offset(float s, float a) {
    double pi = Math.PI;
    return switch (this) {
      case HOLD, WIGGLE, TWIST, TOWARD -> new float[] {0, 0};
      case DOWN -> new float[] {0, a * (s - 0.5f)};
      case UP -> new float[] {0, -a * (s - 0.5f)};
      case OUTWARD -> new float[] {-a * (s - 0.5f), 0};
      case INWARD -> new float[] {a * (s - 0.5f), 0};
      case CIRCLE -> new float[] {(float) (0.45 * a * Math.cos(2 * pi * s)), (float) (0.45 * a * Math.sin(2 * pi * s))};
      case ARC -> new float[] {a * (s - 0.5f), (float) (-0.5 * a * Math.sin(pi * s))};
      case ZIGZAG -> new float[] {0.8f * a * (s - 0.5f), (float) (0.18 * a * Math.sin(6 * pi * s))};
      case TAP -> new float[] {0, (float) (-0.35 * a * Math.abs(Math.sin(2 * pi * s)))};
    };
  }

  /** Extra in-plane hand rotation (radians) at time s. */
  float roll(float s) {
    return this == TWIST ? (float) (0.8 * Math.sin(2 * Math.PI * s)) : 0f;
  }

  /** Finger curl added at time s (finger wiggle). */
  float wiggle(float s) {
    return this == WIGGLE ? (float) (0.35 * (0.5 + 0.5 * Math.sin(6 * Math.PI * s))) : 0f;
  }

  /** Apparent size factor at time s (hand approaching the camera). */
  float approach(float s) {
    return this == TOWARD ? 1f + 0.35f * s : 1f;
  }

  /** Relative duration: repeated movements take longer. */
  float durationFactor() {
    return switch (this) {
      case CIRCLE, ZIGZAG, TAP, WIGGLE -> 1.3f;
      case HOLD -> 0.8f;
      default -> 1f;
    };
  }
}
