package org.glossa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glossa.data.Batch;
import org.glossa.decode.CtcLoss;
import org.glossa.model.ModelConfig;
import org.glossa.network.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One optimizer step over a group of micro-batches ({@code --grad_accum}): each micro-batch's gradient added by
 * the {@link GradientPass}, the global norm, clipping, AdamW. A step whose gradient is not finite is skipped and
 * counted; the gradients are zero after every step either way.
 */
final class OptimizerStep {

  private static final Logger LOG = LoggerFactory.getLogger(OptimizerStep.class);

  /** Loss (NaN if the step was skipped), gradient norm before clipping, and what distillation measured. */
  record Result(double loss, double gradientNorm, DistillationFigures distillation) {}

  private final GradientPass pass;
  private final float clipNorm;
  private final Set<String> reportedInfeasible = new HashSet<>();
  private int skipped;
  private DistillationFigures distillation = DistillationFigures.NONE; // of the last accumulation
  private StepClock clock = StepClock.OFF;

  OptimizerStep(GradientPass pass, float clipNorm) {
    this.pass = pass;
    this.clipNorm = clipNorm;
  }

  /** Steps of a run with {@code config}'s gradient checkpointing and clipping, without a teacher. */
  static OptimizerStep of(TrainConfig config) {
    return new OptimizerStep(new GradientPass(new CtcLoss(), config.gradCheckpointing(), null), config.clipNorm());
  }

  /** Times the parts of every following step on {@code clock}. */
  void timeWith(StepClock clock) {
    this.clock = clock;
    pass.timeWith(clock);
  }

  /** Steps skipped for non-finite gradients since {@link #resetSkipped}. */
  int skipped() {
    return skipped;
  }

  void resetSkipped() {
    skipped = 0;
  }

  /** One optimizer step over the micro-batches of {@code group} at learning rate {@code lr}. */
  Result run(TrainedModel model, AdamW optimizer, List<Batch> group, float lr) {
    try (NDManager step = model.manager().newSubManager()) {
      boolean updated = false;
      try {
        double loss = accumulateGradients(model, group, true, step);
        Result result = update(model, optimizer, group, loss, lr, step);
        updated = !Double.isNaN(result.loss());
        return result;
      } finally {
        if (!updated) { // the optimizer zeroes the gradients it used; a skipped or failed step leaves them
          zeroGradients(model.trainableParameters(), step);
        }
      }
    }
  }

  /**
   * Adds the gradient of the group's loss to the parameters' gradients and returns the loss: each micro-batch's
   * mean CTC loss weighted by its share of the group's sequences that have a loss, which equals the mean over
   * the whole group as one batch.
   */
  double accumulateGradients(TrainedModel model, List<Batch> group, boolean training, NDManager step) {
    distillation = DistillationFigures.NONE;
    int total = group.stream().mapToInt(GradientPass::feasibleSequences).sum();
    double loss = 0;
    for (Batch batch : group) {
      int feasible = GradientPass.feasibleSequences(batch);
      float weight = total == 0 ? 0f : (float) feasible / total;
      try (NDManager micro = step.newSubManager()) {
        GradientPass.Outcome outcome = pass.run(model, batch, weight, training, micro);
        CtcLoss.Result result = outcome.loss();
        if (outcome.distillation() != null) {
          distillation = distillation.plus(outcome.distillation(), weight);
        }
        for (String id : result.infeasible()) {
          if (reportedInfeasible.add(id)) {
            LOG.warn("sample {} has too few frames for its glosses after {}x downsampling; it gets no CTC loss",
                id, ModelConfig.TIME_STRIDE);
          }
        }
        loss += feasible == 0 ? 0 : weight * outcome.total();
      }
    }
    return loss;
  }

  /**
   * Gradients accumulate across backward passes; DJL's GradientCollector.zeroGradients only visits arrays of
   * the engine's system manager (not ours) and subtracts a gradient from itself, which leaves inf - inf = NaN.
   * So every gradient is filled with zeros here after each step.
   */
  static void zeroGradients(List<Parameter> parameters, NDManager scratch) {
    for (Parameter p : parameters) {
      NDArray gradient = p.getArray().getGradient();
      gradient.attach(scratch);
      gradient.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    }
  }

  private Result update(TrainedModel model, AdamW optimizer, List<Batch> group, double loss, float lr,
      NDManager step) {
    List<Parameter> parameters = model.trainableParameters();
    // One norm per parameter, one read back to the host for all of them (not one per parameter).
    NDList norms = new NDList(parameters.size());
    for (Parameter p : parameters) {
      NDArray g = p.getArray().getGradient();
      g.attach(step);
      norms.add(g.norm());
    }
    double norm = NDArrays.stack(norms).norm().getFloat();
    clock.lap("gradient norm");
    if (!Double.isFinite(norm)) {
      List<String> bad = new ArrayList<>();
      for (java.util.Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
        if (e.getValue().requiresGradient()) {
          NDArray g = e.getValue().getArray().getGradient();
          g.attach(step);
          if (!Float.isFinite(g.abs().max().getFloat())) {
            bad.add(e.getKey());
          }
        }
      }
      skipped++;
      LOG.warn("non-finite gradient (loss {}) in {}; batch skipped: {}", loss, bad.size() + " params: " + bad,
          String.join(",", group.stream().flatMap(b -> java.util.Arrays.stream(b.ids())).toList()));
      return new Result(Double.NaN, norm, distillation);
    }
    float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    optimizer.update(parameters, lr, scale, step);
    clock.lap("AdamW update (zeroes gradients)");
    return new Result(loss, norm, distillation);
  }
}
