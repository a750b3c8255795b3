package org.glossa.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of the parts of training steps, summed over the steps it watched: where a step's milliseconds go
 * ({@code glossa profile --breakdown}). Each {@link #lap} charges the time since the previous lap to a part.
 * PyTorch's CPU operators run synchronously, so the time of the Java call that issues them is their time.
 * {@link #OFF} does nothing and is what training uses.
 */
public class StepClock {

  /** The clock of normal training: records nothing. */
  static final StepClock OFF = new StepClock() {
    @Override
    void start() {}

    @Override
    void lap(String part) {}
  };

  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long last = System.nanoTime();

  /** Starts a step: time until the next lap belongs to no earlier part. */
  void start() {
    last = System.nanoTime();
  }

  /** Charges the time since the last lap (or start) to {@code part}. */
  void lap(String part) {
    long now = System.nanoTime();
    nanos.merge(part, now - last, Long::sum);
    last = now;
  }

  /** Milliseconds per part, in the order parts first ran, divided by {@code steps}. */
  public Map<String, Double> millisecondsPerStep(int steps) {
    Map<String, Double> perStep = new LinkedHashMap<>();
    nanos.forEach((part, total) -> perStep.put(part, total / 1e6 / steps));
    return perStep;
  }

  /** Forgets what was recorded (after warm-up steps). */
  public void reset() {
    nanos.clear();
  }
}
