package org.glossa.data.synth;

/**
 * Where a sign is made, as the palm-centre position of the dominant hand in body units (shoulder width 1,
 * origin at the shoulder midpoint, x toward the image's left = the signer's right side is negative, y down),
 * written for a right-handed signer; left-handed signers mirror x.
 */
enum SignLocation {
  FOREHEAD(-0.05f, -1.05f), EYES(-0.12f, -0.9f), NOSE(0f, -0.78f), CHIN(0f, -0.58f), CHEEK(-0.28f, -0.75f),
  EAR(-0.38f, -0.85f), NECK(0f, -0.28f), CHEST(0f, 0.3f), CHEST_SIDE(-0.32f, 0.3f), SHOULDER_OPPOSITE(0.42f, 0.05f),
  STOMACH(0f, 0.8f), NEUTRAL(-0.28f, 0.55f), NEUTRAL_HIGH(-0.38f, -0.15f), NEUTRAL_LOW(-0.55f, 0.95f),
  BASE_HAND(0.02f, 0.42f);

  final float x;
  final float y;

  SignLocation(float x, float y) {
    this.x = x;
    this.y = y;
  }
}
