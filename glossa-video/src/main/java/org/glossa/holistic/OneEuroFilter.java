package org.glossa.holistic;

/**
 * The 1-euro filter (Casiez et al., CHI 2012) as MediaPipe's landmark smoothing applies it to one coordinate: a
 * low-pass filter whose cut-off rises with the smoothed speed of the value, so slow motion is smoothed and fast
 * motion follows. {@code valueScale} converts the value to the object's own scale before the speed is taken.
 */
final class OneEuroFilter {

  private final double minCutoff;
  private final double beta;
  private final double derivativeCutoff;
  private double frequency;
  private long lastTimeMicros = -1;
  private boolean initialised;
  private double lastRaw;
  private double smoothed;
  private boolean derivativeInitialised;
  private double smoothedDerivative;

  OneEuroFilter(double frequency, double minCutoff, double beta, double derivativeCutoff) {
    this.frequency = frequency;
    this.minCutoff = minCutoff;
    this.beta = beta;
    this.derivativeCutoff = derivativeCutoff;
  }

  double apply(long timeMicros, double valueScale, double value) {
    if (lastTimeMicros >= timeMicros) {
      return value; // out of order: passed through, as MediaPipe does
    }
    if (lastTimeMicros >= 0) {
      frequency = 1e6 / (timeMicros - lastTimeMicros);
    }
    lastTimeMicros = timeMicros;
    double derivative = initialised ? (value - lastRaw) * valueScale * frequency : 0;
    smoothedDerivative = derivativeInitialised
        ? lowPass(derivative, smoothedDerivative, alpha(derivativeCutoff)) : derivative;
    derivativeInitialised = true;
    double cutoff = minCutoff + beta * Math.abs(smoothedDerivative);
    smoothed = initialised ? lowPass(value, smoothed, alpha(cutoff)) : value;
    initialised = true;
    lastRaw = value;
    return smoothed;
  }

  private double alpha(double cutoff) {
    double period = 1 / frequency;
    double tau = 1 / (2 * Math.PI * cutoff);
    return 1 / (1 + tau / period);
  }

  private static double lowPass(double value, double previous, double alpha) {
    return alpha * value + (1 - alpha) * previous;
  }
}
