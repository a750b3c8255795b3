package org.glossa.train;

/**
 * The soft part of knowledge distillation: T² · KL(teacher ‖ student) between temperature-softened frame
 * posteriors, averaged over valid frames (padding masked), with its gradient with respect to the student logits.
 *
 * <p>{@link Target#NONBLANK} compares the distributions over the glosses only, each renormalised without the
 * blank (as VAC's SeqKD): CTC posteriors are dominated by blank, and the frames where the spikes sit differ between
 * architectures, so matching the blank mass mostly teaches the student the teacher's timing. {@link Target#FULL}
 * compares the whole distribution, blank included.
 *
 * <p>For a frame with teacher p = softmax(t/T) and student q = softmax(s/T) over the chosen classes,
 * d KL / d s_k = (q_k − p_k) / T; the T² factor keeps the gradient's scale independent of T (Hinton et al.).
 * Logits are [B, T', V] row-major, as the network gives them.
 */
public final class DistillationLoss {

  /** Which classes the soft loss compares. */
  public enum Target { NONBLANK, FULL }

  /** Loss (mean over valid frames), gradient [B, T', V] and the share of valid frames with the same argmax. */
  public record Result(double loss, float[] gradient, int frames, int agreeingFrames) {}

  private final double temperature;
  private final Target target;

  public DistillationLoss(double temperature, Target target) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
    }
    this.temperature = temperature;
    this.target = target;
  }

  public Result compute(float[] student, float[] teacher, int batch, int frames, int classes, int[] lengths) {
    if (student.length != teacher.length || student.length != batch * frames * classes) {
      throw new IllegalArgumentException("student and teacher logits must both be " + batch + " x " + frames + " x "
          + classes + ", got " + student.length + " and " + teacher.length + " values");
    }
    int first = target == Target.NONBLANK ? 1 : 0;
    float[] gradient = new float[student.length];
    double[] p = new double[classes];
    double[] q = new double[classes];
    double total = 0;
    int count = 0;
    int agreeing = 0;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        int offset = (b * frames + t) * classes;
        softmax(teacher, offset, first, classes, p);
        softmax(student, offset, first, classes, q);
        double kl = 0;
        for (int k = first; k < classes; k++) {
          if (p[k] > 0) {
            kl += p[k] * (Math.log(p[k]) - Math.log(Math.max(q[k], 1e-300)));
          }
        }
        total += kl;
        count++;
        agreeing += argmax(student, offset, classes) == argmax(teacher, offset, classes) ? 1 : 0;
        for (int k = first; k < classes; k++) {
          gradient[offset + k] = (float) ((q[k] - p[k]) / temperature);
        }
      }
    }
    double scale = temperature * temperature / Math.max(1, count);
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] *= (float) scale;
    }
    return new Result(total * scale, gradient, count, agreeing);
  }

  private void softmax(float[] logits, int offset, int first, int classes, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = first; k < classes; k++) {
      max = Math.max(max, logits[offset + k] / temperature);
    }
    double sum = 0;
    for (int k = first; k < classes; k++) {
      out[k] = Math.exp(logits[offset + k] / temperature - max);
      sum += out[k];
    }
    for (int k = first; k < classes; k++) {
      out[k] /= sum;
    }
  }

  static int argmax(float[] logits, int offset, int classes) {
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (logits[offset + k] > logits[offset + best]) {
        best = k;
      }
    }
    return best;
  }
}
