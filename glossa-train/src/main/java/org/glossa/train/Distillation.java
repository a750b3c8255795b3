package org.glossa.train;

import java.util.HashMap;
import java.util.Map;
import org.glossa.data.Batch;
import org.glossa.decode.CtcLoss;
import org.glossa.model.FrameModel;

/**
 * The teacher side of knowledge distillation during training: the teacher's frame logits for a batch (in
 * inference mode, no gradients, no dropout), optionally cached per sequence, and the combined loss
 * alpha · soft + (1 − alpha) · CTC with its gradient.
 *
 * <p>The cache is valid only when a sequence's teacher input is the same every epoch, i.e. without
 * augmentation: the network's output for a sequence does not depend on the batch it is padded into (tested), so
 * its logits can be computed once and reused.
 */
final class Distillation {

  private final FrameModel teacher;
  private final DistillationLoss soft;
  private final double alpha;
  private final Map<String, float[][]> cache;

  /** Per-batch figures: the total, its two parts and the frames where teacher and student pick the same class. */
  record Loss(double total, double soft, double hard, float[] gradient, int frames, int agreeingFrames) {}

  Distillation(FrameModel teacher, DistillationLoss soft, double alpha, boolean cache) {
    if (alpha < 0 || alpha > 1) {
      throw new IllegalArgumentException("--alpha must be in [0, 1], got " + alpha);
    }
    this.teacher = teacher;
    this.soft = soft;
    this.alpha = alpha;
    this.cache = cache ? new HashMap<>() : null;
  }

  /** Teacher logits laid out like the student's: [B, frames, V] row-major, zero beyond each sequence. */
  float[] teacherLogits(Batch batch, int frames, int classes) {
    Batch input = batch.teacherView() != null ? batch.teacherView() : batch;
    float[][][] perSequence = new float[batch.size()][][];
    boolean missing = cache == null;
    if (cache != null) {
      for (int b = 0; b < batch.size(); b++) {
        perSequence[b] = cache.get(batch.ids()[b]);
        missing |= perSequence[b] == null;
      }
    }
    if (missing) {
      perSequence = teacher.logits(input);
      if (cache != null) {
        for (int b = 0; b < batch.size(); b++) {
          cache.put(batch.ids()[b], perSequence[b]);
        }
      }
    }
    float[] flat = new float[batch.size() * frames * classes];
    for (int b = 0; b < perSequence.length; b++) {
      if (perSequence[b].length > frames || (perSequence[b].length > 0 && perSequence[b][0].length != classes)) {
        throw new IllegalStateException("teacher gives " + perSequence[b].length + " frames of "
            + (perSequence[b].length == 0 ? 0 : perSequence[b][0].length) + " classes for " + batch.ids()[b]
            + ", the student " + frames + " of " + classes);
      }
      for (int t = 0; t < perSequence[b].length; t++) {
        System.arraycopy(perSequence[b][t], 0, flat, (b * frames + t) * classes, classes);
      }
    }
    return flat;
  }

  /** alpha · soft + (1 − alpha) · CTC, and the matching gradient; teacher logits as {@link #teacherLogits}. */
  Loss combine(float[] studentLogits, float[] teacherLogits, Batch batch, int frames, int classes, int[] outLengths,
      CtcLoss.Result ctc) {
    DistillationLoss.Result kd = soft.compute(studentLogits, teacherLogits, batch.size(), frames, classes, outLengths);
    float[] gradient = new float[studentLogits.length];
    float a = (float) alpha;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = a * kd.gradient()[i] + (1 - a) * ctc.gradient()[i];
    }
    return new Loss(alpha * kd.loss() + (1 - alpha) * ctc.loss(), kd.loss(), ctc.loss(), gradient, kd.frames(),
        kd.agreeingFrames());
  }
}
