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
    double time = budgetNanos == 0 ? 0
        : Math.min(1.0, (System.nanoTime() - start + validationNanos) / (double) budgetNanos);
    double steps = maxSteps == 0 ? 0 : Math.min(1.0, step / (double) maxSteps);
    return Math.max(time, steps);
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
