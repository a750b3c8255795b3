package org.glossa.data.synth;

import java.util.Random;

/**
 * One synthetic signer: body proportions and framing, signing speed and size, handedness, sloppiness and
 * how noisy the landmark detector is on them. Test signers are drawn the same way but never seen in training.
 */
record SignerProfile(String id, float shoulderPx, float centreX, float centreY, float armScale, float handScale,
    float headScale, float speed, float amplitude, boolean leftHanded, float laxness, float biasX, float biasY,
    float noise, float dropRate) {

  /** A signer drawn at random; {@code heldOut}: seen only in dev and test. */
  static SignerProfile random(String id, Random random, Difficulty difficulty, SignerConditions conditions,
      boolean heldOut) {
    float v = difficulty.signerVariation;
    return new SignerProfile(id,
        170f + 70f * random.nextFloat(),
        640f + (random.nextFloat() - 0.5f) * 160f,
        300f + (random.nextFloat() - 0.5f) * 80f,
        1f + (random.nextFloat() - 0.5f) * 0.2f * v,
        1f + (random.nextFloat() - 0.5f) * 0.25f * v,
        1f + (random.nextFloat() - 0.5f) * 0.2f * v,
        1f + (random.nextFloat() - 0.5f) * 0.5f * v,
        1f + (random.nextFloat() - 0.5f) * 0.45f * v,
        conditions.dominance() == SignerConditions.Dominance.FLIPPED ? draw(random, heldOut)
            : random.nextDouble() < 0.2,
        random.nextFloat() * 0.25f * v,
        (random.nextFloat() - 0.5f) * 0.12f * v,
        (random.nextFloat() - 0.5f) * 0.12f * v,
        (0.8f + 0.5f * random.nextFloat()) * difficulty.noise * conditions.noise(),
        (0.6f + 0.8f * random.nextFloat()) * difficulty.dropRate * conditions.missingHands());
  }

  /** Draws what the mixed case would (the other traits stay as they were) and returns {@code value}. */
  private static boolean draw(Random random, boolean value) {
    random.nextDouble();
    return value;
  }
}
