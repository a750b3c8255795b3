package org.glossa.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.glossa.data.GlossVocabulary;

/**
 * Connectionist temporal classification loss and its gradient, computed in Java (DJL has no CTC op).
 *
 * <p>For each sequence: log-softmax of the logits, log-space forward (alpha) and backward (beta) recursions over
 * the blank-extended label l' = (blank, l1, blank, l2, ..., blank) of length 2L+1, loss = -log p(l|x), and the
 * gradient with respect to the logits, softmax(x)[t,k] - sum over positions s with l'_s = k of
 * alpha_t(s) beta_t(s) / p, where beta excludes frame t's emission. Sums run in double precision with
 * log-sum-exp, so long inputs and extreme logits stay finite. The blank is {@link GlossVocabulary#BLANK_ID}.
 *
 * <p>A sequence is infeasible when it has fewer frames than its label needs (one per gloss plus one per
 * repeated neighbour): it gets no loss and no gradient and is reported by id in {@link Result#infeasible()},
 * never silently zeroed.
 *
 * <p>Not thread-safe: it keeps work arrays between calls so the training loop does not allocate.
 */
public final class CtcLoss {

  /** How per-sequence losses combine. */
  public enum Reduction {
    /** PyTorch's "mean": each loss divided by its label length, then averaged over the feasible sequences. */
    MEAN,
    /** Plain sum over the feasible sequences. */
    SUM
  }

  /**
   * The loss of a batch.
   *
   * @param loss       reduced loss over the feasible sequences (0 if none)
   * @param perSequence -log p per sequence (infinite where infeasible)
   * @param gradient   d loss / d logits, [B, T, V] like the logits
   * @param infeasible ids of sequences too short for their labels
   */
  public record Result(double loss, double[] perSequence, float[] gradient, List<String> infeasible) {}

  private double[] logProbs = new double[0];
  private double[] alpha = new double[0];
  private double[] beta = new double[0];
  private int[] extended = new int[0];

  /**
   * Computes loss and gradient for a batch.
   *
   * @param logits      [B, maxFrames, numClasses], row-major (unnormalised scores)
   * @param lengths     valid frames per sequence, [B]
   * @param labels      label ids per sequence (no blanks), [B][L_b]
   * @param ids         sequence ids for the infeasible report, [B]
   */
  public Result compute(float[] logits, int batchSize, int maxFrames, int numClasses, int[] lengths, int[][] labels,
      String[] ids, Reduction reduction) {
    if (logits.length != batchSize * maxFrames * numClasses) {
      throw new IllegalArgumentException("logits hold " + logits.length + " values, expected " + batchSize + " x "
          + maxFrames + " x " + numClasses);
    }
    float[] gradient = new float[logits.length];
    double[] perSequence = new double[batchSize];
    List<String> infeasible = new ArrayList<>();
    double total = 0;
    int feasible = 0;
    double[] weights = new double[batchSize];
    for (int b = 0; b < batchSize; b++) {
      if (lengths[b] < 0 || lengths[b] > maxFrames) {
        throw new IllegalArgumentException("length " + lengths[b] + " of sequence " + ids[b] + " outside 0.."
            + maxFrames);
      }
      if (!isFeasible(lengths[b], labels[b])) {
        perSequence[b] = Double.POSITIVE_INFINITY;
        infeasible.add(ids[b]);
        continue;
      }
      perSequence[b] = sequence(logits, b * maxFrames * numClasses, lengths[b], numClasses, labels[b], gradient);
      weights[b] = reduction == Reduction.MEAN ? 1.0 / Math.max(1, labels[b].length) : 1.0;
      total += perSequence[b] * weights[b];
      feasible++;
    }
    if (reduction == Reduction.MEAN && feasible > 0) {
      total /= feasible;
      for (int b = 0; b < batchSize; b++) {
        weights[b] /= feasible;
      }
    }
    for (int b = 0; b < batchSize; b++) {
      int start = b * maxFrames * numClasses;
      int end = start + lengths[b] * numClasses;
      float w = (float) weights[b];
      for (int i = start; i < end; i++) {
        gradient[i] *= w;
      }
    }
    return new Result(total, perSequence, gradient, infeasible);
  }

  /** True if {@code numFrames} suffice for the label: one frame per gloss plus one per repeated neighbour. */
  public static boolean isFeasible(int numFrames, int[] label) {
    return numFrames >= requiredFrames(label);
  }

  public static int requiredFrames(int[] label) {
    int needed = label.length;
    for (int i = 1; i < label.length; i++) {
      if (label[i] == label[i - 1]) {
        needed++;
      }
    }
    return needed;
  }

  /** -log p for one sequence; writes the unscaled gradient of its valid frames into {@code gradient}. */
  private double sequence(float[] logits, int offset, int numFrames, int numClasses, int[] label, float[] gradient) {
    int labelLength = label.length;
    int states = 2 * labelLength + 1;
    ensureCapacity(numFrames, numClasses, states);
    for (int s = 0; s < states; s++) {
      extended[s] = s % 2 == 0 ? GlossVocabulary.BLANK_ID : label[s / 2];
      if (extended[s] < 0 || extended[s] >= numClasses) {
        throw new IllegalArgumentException("label id " + extended[s] + " outside 0.." + (numClasses - 1));
      }
    }
    // log-softmax per frame
    for (int t = 0; t < numFrames; t++) {
      int row = offset + t * numClasses;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < numClasses; k++) {
        max = Math.max(max, logits[row + k]);
      }
      double sum = 0;
      for (int k = 0; k < numClasses; k++) {
        sum += Math.exp(logits[row + k] - max);
      }
      double logNorm = max + Math.log(sum);
      for (int k = 0; k < numClasses; k++) {
        logProbs[t * numClasses + k] = logits[row + k] - logNorm;
      }
    }
    double ninf = Double.NEGATIVE_INFINITY;
    // forward: alpha[t][s] includes the emission at t
    Arrays.fill(alpha, 0, numFrames * states, ninf);
    alpha[0] = logProbs[extended[0]];
    if (states > 1) {
      alpha[1] = logProbs[extended[1]];
    }
    for (int t = 1; t < numFrames; t++) {
      int prev = (t - 1) * states;
      int cur = t * states;
      // states that can still reach the end in the remaining frames; others stay -inf
      for (int s = 0; s < states; s++) {
        double a = alpha[prev + s];
        if (s >= 1) {
          a = logAdd(a, alpha[prev + s - 1]);
        }
        if (s >= 2 && extended[s] != GlossVocabulary.BLANK_ID && extended[s] != extended[s - 2]) {
          a = logAdd(a, alpha[prev + s - 2]);
        }
        alpha[cur + s] = a == ninf ? ninf : a + logProbs[t * numClasses + extended[s]];
      }
    }
    int last = (numFrames - 1) * states;
    double logLikelihood = alpha[last + states - 1];
    if (states > 1) {
      logLikelihood = logAdd(logLikelihood, alpha[last + states - 2]);
    }
    // backward: beta[t][s] excludes the emission at t
    Arrays.fill(beta, 0, numFrames * states, ninf);
    beta[last + states - 1] = 0;
    if (states > 1) {
      beta[last + states - 2] = 0;
    }
    for (int t = numFrames - 2; t >= 0; t--) {
      int next = (t + 1) * states;
      int cur = t * states;
      for (int s = 0; s < states; s++) {
        double b = beta[next + s] + logProbs[(t + 1) * numClasses + extended[s]];
        if (s + 1 < states) {
          b = logAdd(b, beta[next + s + 1] + logProbs[(t + 1) * numClasses + extended[s + 1]]);
        }
        if (s + 2 < states && extended[s + 2] != GlossVocabulary.BLANK_ID && extended[s + 2] != extended[s]) {
          b = logAdd(b, beta[next + s + 2] + logProbs[(t + 1) * numClasses + extended[s + 2]]);
        }
        beta[cur + s] = b;
      }
    }
    // gradient: softmax - posterior occupancy of each class
    for (int t = 0; t < numFrames; t++) {
      int row = offset + t * numClasses;
      for (int k = 0; k < numClasses; k++) {
        gradient[row + k] = (float) Math.exp(logProbs[t * numClasses + k]);
      }
      for (int s = 0; s < states; s++) {
        double occupancy = alpha[t * states + s] + beta[t * states + s] - logLikelihood;
        if (occupancy > -700) {
          gradient[row + extended[s]] -= (float) Math.exp(occupancy);
        }
      }
    }
    return -logLikelihood;
  }

  private void ensureCapacity(int numFrames, int numClasses, int states) {
    if (logProbs.length < numFrames * numClasses) {
      logProbs = new double[numFrames * numClasses];
    }
    if (alpha.length < numFrames * states) {
      alpha = new double[numFrames * states];
      beta = new double[numFrames * states];
    }
    if (extended.length < states) {
      extended = new int[states];
    }
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
  }
}
