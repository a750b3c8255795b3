package org.glossa.data.synth;

/** How hard the synthetic corpus is: noise, missed detections, coarticulation, minimal pairs, signer spread. */
public enum Difficulty {
  EASY(0.5f, 0.01f, 0.08f, 0.15, 0.5f),
  MEDIUM(1f, 0.04f, 0.18f, 0.35, 1f),
  HARD(1.6f, 0.08f, 0.28f, 0.5, 1.4f);

  final float noise;
  final float dropRate;
  final float coarticulation;
  final double minimalPairShare;
  final float signerVariation;

  Difficulty(float noise, float dropRate, float coarticulation, double minimalPairShare, float signerVariation) {
    this.noise = noise;
    this.dropRate = dropRate;
    this.coarticulation = coarticulation;
    this.minimalPairShare = minimalPairShare;
    this.signerVariation = signerVariation;
  }

  public static Difficulty parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown difficulty '" + text + "'; use easy, medium or hard");
    }
  }
}
