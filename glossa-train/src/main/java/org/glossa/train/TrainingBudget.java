package org.glossa.train;

/**
 * The budget of a training loop: wall time ({@code --max_minutes}, counted from construction) and optimizer steps
 * ({@code --max_steps}, counted over the whole run, resumed sessions included), each optional. Time is spent when
 * what is left would not cover one more validation as long as the last one took, so the final validation and
 * checkpoint fit inside it; steps are spent at the last step. A step budget ends a run at the same point on any
 * machine, where a time budget gives a slower machine fewer steps.
 */
final class TrainingBudget {

  private final long start = System.nanoTime();
  private final double minutes;
  private final long budgetNanos;
  private final long maxSteps;
  private long validationNanos;
  private double timeShareAtMark = -1;

  /** {@code minutes} 0 and {@code maxSteps} 0: no budget. */
  TrainingBudget(double minutes, long maxSteps) {
    this.minutes = minutes;
    this.budgetNanos = (long) (minutes * 60e9);
    this.maxSteps = maxSteps;
  }

  /** Records how long a validation took. */
  void validated(long nanos) {
    validationNanos = nanos;
  }

  /**
   * Share of the budget gone after {@code step} optimizer steps, 0 to 1: the time's share (a validation's reserve
   * counted as gone) or the steps', whichever is further along; 0 without a budget.
   */
  double spent(long step) {
    double steps = maxSteps == 0 ? 0 : Math.min(1.0, step / (double) maxSteps);
    return Math.max(timeShare(), steps);
  }

  /**
   * Share of what the budget had left at step {@code mark} (the end of warm-up) that is gone after {@code step}
   * steps, 0 to 1, time or steps whichever is further along; 0 before the mark and without a budget. The time's
   * share at the mark is taken the first time a step at or past it is asked about (at once in a session resumed
   * past it, whose time budget starts afresh).
   */
  double spentSince(long step, long mark) {
    if (step < mark) {
      return 0;
    }
    double time = timeShare();
    if (timeShareAtMark < 0) {
      timeShareAtMark = time;
    }
    double sinceTime = budgetNanos == 0 ? 0 : share(time - timeShareAtMark, 1 - timeShareAtMark);
    double sinceSteps = maxSteps == 0 ? 0 : share(step - mark, maxSteps - mark);
    return Math.max(sinceTime, sinceSteps);
  }

  private double timeShare() {
    return budgetNanos == 0 ? 0 : Math.min(1.0, (System.nanoTime() - start + validationNanos) / (double) budgetNanos);
  }

  private static double share(double part, double whole) {
    return whole <= 0 ? 1.0 : Math.min(1.0, Math.max(0, part / whole));
  }

  boolean isSpent(long step) {
    return (budgetNanos > 0 || maxSteps > 0) && spent(step) >= 1.0;
  }

  /** What ended the run, for the log: "time budget of 5.0 min" or "budget of 2000 steps". */
  String describe(long step) {
    return maxSteps > 0 && step >= maxSteps ? "budget of " + maxSteps + " steps" : "time budget of " + minutes
        + " min";
  }
}
