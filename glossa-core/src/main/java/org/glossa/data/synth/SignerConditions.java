package org.glossa.data.synth;

import java.util.Locale;

/**
 * What varies between corpora beyond the signing itself: how noisy the landmark detector is, how often it misses
 * a hand, and which hand the signers lead with. The robustness suite turns these knobs one at a time.
 *
 * @param noise        landmark jitter, as a multiple of the difficulty's (0 = none)
 * @param missingHands missed hand detections, as a multiple of the difficulty's (0 = only hands out of frame)
 * @param dominance    who is left-handed
 */
public record SignerConditions(float noise, float missingHands, Dominance dominance) {

  /** Who signs with the left hand. */
  public enum Dominance {
    /** A fifth of all signers, in training and held out alike. */
    MIXED,
    /** Every training signer right-handed, every held-out signer left-handed: the test signs mirrored. */
    FLIPPED;

    public static Dominance parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown dominance '" + text + "'; use mixed or flipped");
      }
    }
  }

  /** The conditions every corpus had before the knobs existed. */
  public static final SignerConditions TYPICAL = new SignerConditions(1, 1, Dominance.MIXED);

  public SignerConditions {
    if (!(noise >= 0 && noise <= 10) || !(missingHands >= 0 && missingHands <= 10)) {
      throw new IllegalArgumentException("--noise and --missing_hands must be in 0..10 (1 = the difficulty's), got "
          + noise + " and " + missingHands);
    }
    if (dominance == null) {
      throw new IllegalArgumentException("need a dominance: mixed or flipped");
    }
  }

  /** How they read in a dataset's description; empty when typical. */
  String describe() {
    return equals(TYPICAL) ? "" : String.format(Locale.ROOT, " noise=%.2fx missing_hands=%.2fx dominance=%s", noise,
        missingHands, dominance.name().toLowerCase(Locale.ROOT));
  }
}
