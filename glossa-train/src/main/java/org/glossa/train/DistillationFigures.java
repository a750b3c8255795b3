package org.glossa.train;

/**
 * What distillation measured over some steps: the soft (teacher) and hard (CTC) losses, each weighted by the
 * micro-batches' shares, and the frames where student and teacher agree on the most likely class.
 */
record DistillationFigures(double softLoss, double hardLoss, long frames, long agreeingFrames) {

  static final DistillationFigures NONE = new DistillationFigures(0, 0, 0, 0);

  /** These figures plus one micro-batch's loss, weighted by its share of the step. */
  DistillationFigures plus(Distillation.Loss loss, double weight) {
    return new DistillationFigures(softLoss + weight * loss.soft(), hardLoss + weight * loss.hard(),
        frames + loss.frames(), agreeingFrames + loss.agreeingFrames());
  }

  DistillationFigures plus(DistillationFigures other) {
    return new DistillationFigures(softLoss + other.softLoss, hardLoss + other.hardLoss, frames + other.frames,
        agreeingFrames + other.agreeingFrames);
  }

  /** Percentage of frames where student and teacher agree. */
  double agreementPercent() {
    return 100.0 * agreeingFrames / Math.max(1, frames);
  }
}
