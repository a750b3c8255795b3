package org.glossa.data;

/**
 * Training-time augmentation, applied per sample with a per-batch seeded generator.
 *
 * @param speedPerturbation  resample time by a factor drawn from [1 - s, 1 + s] (0 = off)
 * @param frameDrop          probability of dropping each frame (0 = off)
 * @param noiseStd           Gaussian noise added to the transformed (standardised) features
 * @param timeMasks          number of time masks (spans of frames set to 0 = the training mean)
 * @param timeMaskWidth      maximum frames per time mask
 * @param featureMasks       number of feature masks (spans of columns set to 0)
 * @param featureMaskWidth   maximum columns per feature mask
 * @param modalityDropout    probability, per sample and modality with a presence flag, of removing the
 *                           modality as if the detector had missed it in every frame (0 = off)
 * @param mirror             probability, per sample, of mirroring it left for right ({@link Mirroring}): a
 *                           right-handed signer's sentence as a left-handed signer signs it (0 = off)
 */
public record Augmentation(float speedPerturbation, float frameDrop, float noiseStd, int timeMasks,
    int timeMaskWidth, int featureMasks, int featureMaskWidth, float modalityDropout, float mirror) {

  public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Defaults for training: mild in every direction. */
  public static final Augmentation DEFAULT = new Augmentation(0.1f, 0.05f, 0.05f, 2, 8, 2, 16, 0.1f, 0);

  public Augmentation {
    if (speedPerturbation < 0 || speedPerturbation >= 1) {
      throw new IllegalArgumentException("speed perturbation must be in [0, 1), got " + speedPerturbation);
    }
    if (frameDrop < 0 || frameDrop >= 1 || modalityDropout < 0 || modalityDropout > 1) {
      throw new IllegalArgumentException("frame drop must be in [0, 1) and modality dropout in [0, 1]");
    }
    if (!(mirror >= 0 && mirror <= 1)) {
      throw new IllegalArgumentException("the mirroring probability must be in [0, 1], got " + mirror);
    }
    if (noiseStd < 0 || timeMasks < 0 || timeMaskWidth < 0 || featureMasks < 0 || featureMaskWidth < 0) {
      throw new IllegalArgumentException("noise, mask counts and widths must be >= 0");
    }
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /**
   * Whether at most mirroring is on: every frame stays where it was and keeps its values but for the
   * exchange of left and right, so a mirrored sentence is still a clean sentence of the same glosses with the
   * same timing (a distillation teacher's cached posteriors stay valid for it).
   */
  public boolean changesOnlyHandedness() {
    return withMirror(0).isNone();
  }

  /** This augmentation with another mirroring probability. */
  public Augmentation withMirror(float probability) {
    return new Augmentation(speedPerturbation, frameDrop, noiseStd, timeMasks, timeMaskWidth, featureMasks,
        featureMaskWidth, modalityDropout, probability);
  }
}
