package org.glossa.train;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps}, then cosine decay to
 * {@code finalFraction} of the peak at {@code totalSteps}.
 */
public record LearningRateSchedule(float peak, int warmupSteps, long totalSteps, float finalFraction) {

  public LearningRateSchedule {
    if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || finalFraction < 0 || finalFraction > 1) {
      throw new IllegalArgumentException("bad schedule: lr=" + peak + " warmup=" + warmupSteps + " total="
          + totalSteps);
    }
  }

  public float at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (finalFraction + (1 - finalFraction) * cosine));
  }
}
