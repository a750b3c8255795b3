package org.glossa.train;

/**
 * The wall-time budget of a training loop ({@code --max_minutes}), counted from its construction. It is spent
 * when the time left would not cover one more validation as long as the last one took, so the final validation
 * and checkpoint fit inside the budget. A budget of 0 minutes is never spent.
 */
final class TimeBudget {

  private final long start = System.nanoTime();
  private final long budgetNanos;
  private long validationNanos;

  TimeBudget(double minutes) {
    this.budgetNanos = (long) (minutes * 60e9);
  }

  /** Records how long a validation took. */
  void validated(long nanos) {
    validationNanos = nanos;
  }

  /** Share of the budget gone, 0 to 1 (0 without a budget), a validation's reserve counted as gone. */
  double spent() {
    if (budgetNanos == 0) {
      return 0;
    }
    return Math.min(1.0, (System.nanoTime() - start + validationNanos) / (double) budgetNanos);
  }

  boolean isSpent() {
    return budgetNanos > 0 && spent() >= 1.0;
  }
}
