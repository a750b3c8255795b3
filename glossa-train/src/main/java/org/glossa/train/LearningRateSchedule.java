package org.glossa.train;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps}, then cosine decay to
 * {@code finalFraction} of the peak at {@code totalSteps}, or earlier when a time budget is spent first
 * ({@link #at(long, double)}).
 */
public record LearningRateSchedule(float peak, int warmupSteps, long totalSteps, float finalFraction) {

  public LearningRateSchedule {
    if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || finalFraction < 0 || finalFraction > 1) {
      throw new IllegalArgumentException("bad schedule: lr=" + peak + " warmup=" + warmupSteps + " total="
          + totalSteps);
    }
  }

  public float at(long step) {
    return at(step, 0);
  }

  /**
   * The rate at {@code step} when {@code budgetSpent} (0..1) of what a budget had left at the end of warm-up is
   * gone: the decay follows whichever is further along, steps or budget, so a run cut short by its budget still
   * ends annealed, and starts at the peak however much of the budget the warm-up took.
   */
  public float at(long step, double budgetSpent) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double steps = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, Math.max(steps, budgetSpent));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (finalFraction + (1 - finalFraction) * cosine));
  }
}
