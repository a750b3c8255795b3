package org.glossa.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Batch;
import org.glossa.decode.CtcLoss;
import org.glossa.model.ModelConfig;
import org.glossa.network.SignNetwork;
import org.glossa.network.TrainedModel;

/**
 * Forward and backward pass of one (micro-)batch under CTC, adding {@code weight} × d(loss)/d(parameters) to the
 * parameters' gradients. Gradient accumulation calls it once per micro-batch with weights that sum to 1.
 *
 * <p>With {@code checkpointed}, activations are kept only at segment borders (after the embedding and after
 * every stage): a first pass without autograd computes the borders, then the segments are recomputed one at a
 * time from the last to the first, each back-propagating the gradient of its output and handing on the gradient
 * of its input. Peak memory holds one segment's activations instead of all of them, at the cost of a second
 * forward pass of the convolutional body. BatchNorm running statistics are restored after the recomputation so
 * they move once per batch, as without checkpointing; the head (dropout, BiLSTM, classifier) runs once.
 */
final class GradientPass {

  /**
   * The micro-batch's CTC loss (unweighted) and what the loss computation reported; with distillation also the
   * combined loss and its parts (else null).
   */
  record Outcome(CtcLoss.Result loss, Distillation.Loss distillation) {

    /** The loss that was minimised: CTC, or alpha · soft + (1 − alpha) · CTC. */
    double total() {
      return distillation != null ? distillation.total() : loss.loss();
    }
  }

  private final CtcLoss ctc;
  private final boolean checkpointed;
  private final Distillation distillation;
  private StepClock clock = StepClock.OFF;

  GradientPass(CtcLoss ctc, boolean checkpointed, Distillation distillation) {
    this.ctc = ctc;
    this.checkpointed = checkpointed;
    this.distillation = distillation;
  }

  /** Times the parts of each pass on {@code clock} from now on. */
  void timeWith(StepClock clock) {
    this.clock = clock;
  }

  /** Sequences of the batch long enough for their labels after downsampling (those that get a CTC loss). */
  static int feasibleSequences(Batch batch) {
    int count = 0;
    for (int b = 0; b < batch.size(); b++) {
      if (CtcLoss.isFeasible(ModelConfig.outputLength(batch.lengths()[b]), batch.labels()[b])) {
        count++;
      }
    }
    return count;
  }

  Outcome run(TrainedModel model, Batch batch, float weight, boolean training, NDManager step) {
    // The teacher runs before any gradient recording starts: no graph is built for it.
    clock.start();
    float[] teacher = distillation == null ? null : distillation.teacherLogits(batch,
        ModelConfig.outputLength(batch.maxFrames()), model.config().numClasses());
    if (teacher != null) {
      clock.lap("teacher forward");
    }
    return checkpointed ? runCheckpointed(model, batch, weight, training, step, teacher)
        : runWhole(model, batch, weight, training, step, teacher);
  }

  private Outcome runWhole(TrainedModel model, Batch batch, float weight, boolean training, NDManager step,
      float[] teacher) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      // The network's forward, segment by segment so that a profile can time each one.
      SignNetwork network = model.network();
      ParameterStore store = model.parameterStore();
      NDList state = model.inputs(step, batch);
      clock.lap("batch to engine");
      state = network.embed(store, state, training);
      clock.lap("forward: embedding");
      for (AbstractBlock stage : network.stages()) {
        state = stage.forward(store, state, training);
      }
      clock.lap("forward: convolutions");
      NDList out = network.head(store, state, training);
      clock.lap("forward: BiLSTM + classifier");
      Outcome outcome = loss(out, batch, teacher);
      NDArray surrogate = surrogate(out.get(0), gradient(outcome), weight, step);
      clock.lap("loss gradient to engine");
      collector.backward(surrogate);
      clock.lap("backward");
      return outcome;
    }
  }

  private Outcome runCheckpointed(TrainedModel model, Batch batch, float weight, boolean training,
      NDManager step, float[] teacher) {
    SignNetwork network = model.network();
    ParameterStore store = model.parameterStore();
    List<AbstractBlock> stages = network.stages();
    NDList inputs = model.inputs(step, batch);
    // Pass 1, no autograd: the segment borders. borders[0] is the embedding's output, borders[i + 1] stage i's.
    List<NDList> borders = new ArrayList<>();
    NDList state = inputs;
    for (int i = -1; i < stages.size(); i++) {
      try (NDManager segment = step.newSubManager()) {
        // Results of an operation belong to its input's manager: lend the input to the segment, so the
        // segment's intermediates are freed with it and only its output is kept.
        state.forEach(array -> array.tempAttach(segment));
        state = i < 0 ? network.embed(store, state, training) : stages.get(i).forward(store, state, training);
        state.attach(step);
      }
      borders.add(state);
    }
    List<Parameter> runningStatistics = model.runningStatistics();
    List<NDArray> statistics = new ArrayList<>();
    for (Parameter p : runningStatistics) {
      statistics.add(p.getArray().duplicate());
      statistics.get(statistics.size() - 1).attach(step);
    }
    // Pass 2: recompute and back-propagate segment by segment, from the head down to the embedding.
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      Outcome outcome;
      NDArray outputGradient;
      try (NDManager segment = step.newSubManager()) {
        NDArray x = leaf(borders.get(stages.size()).get(0), segment);
        NDList out = network.head(store, new NDList(x, borders.get(stages.size()).get(1)), training);
        outcome = loss(out, batch, teacher);
        collector.backward(surrogate(out.get(0), gradient(outcome), weight, segment));
        outputGradient = keep(x.getGradient(), segment, step);
      }
      for (int i = stages.size() - 1; i >= -1; i--) {
        try (NDManager segment = step.newSubManager()) {
          NDList in = i < 0 ? inputs : borders.get(i);
          NDArray x = i < 0 ? in.get(0) : leaf(in.get(0), segment);
          NDList out = i < 0 ? network.embed(store, new NDList(x, in.get(1)), training)
              : stages.get(i).forward(store, new NDList(x, in.get(1)), training);
          collector.backward(out.get(0).mul(outputGradient).sum());
          outputGradient.close();
          outputGradient = i < 0 ? null : keep(x.getGradient(), segment, step);
        }
      }
      for (int k = 0; k < statistics.size(); k++) {
        runningStatistics.get(k).getArray().set(new NDIndex("..."), statistics.get(k));
      }
      return outcome;
    }
  }

  private static float[] gradient(Outcome outcome) {
    return outcome.distillation() != null ? outcome.distillation().gradient() : outcome.loss().gradient();
  }

  /** A copy of {@code array} in {@code manager} that autograd treats as an input needing its gradient. */
  private static NDArray leaf(NDArray array, NDManager manager) {
    NDArray copy = array.duplicate();
    copy.attach(manager);
    copy.setRequiresGradient(true);
    return copy;
  }

  /**
   * A copy of a gradient in {@code target}. The wrapper DJL's getGradient returns belongs to the engine's root
   * manager; it goes to {@code scratch} first so it is freed with the segment instead of living forever.
   */
  private static NDArray keep(NDArray gradient, NDManager scratch, NDManager target) {
    gradient.attach(scratch);
    NDArray copy = gradient.duplicate();
    copy.attach(target);
    return copy;
  }

  private Outcome loss(NDList out, Batch batch, float[] teacher) {
    NDArray logits = out.get(0);                     // [B, T', V]
    float[] outLengths = out.get(1).toFloatArray();
    int[] lengths = new int[outLengths.length];
    for (int b = 0; b < lengths.length; b++) {
      lengths[b] = (int) outLengths[b];
    }
    long[] shape = logits.getShape().getShape();
    float[] values = logits.toFloatArray();
    clock.lap("logits to host");
    CtcLoss.Result hard = ctc.compute(values, (int) shape[0], (int) shape[1], (int) shape[2], lengths,
        batch.labels(), batch.ids(), CtcLoss.Reduction.MEAN);
    clock.lap("CTC loss (Java)");
    if (distillation == null) {
      return new Outcome(hard, null);
    }
    Distillation.Loss combined = distillation.combine(values, teacher, batch, (int) shape[1], (int) shape[2],
        lengths, hard);
    clock.lap("distillation loss (Java)");
    return new Outcome(hard, combined);
  }

  /** d/dlogits of sum(logits * G) is G: the loss gradient computed in Java, scaled by the micro-batch weight. */
  private static NDArray surrogate(NDArray logits, float[] gradient, float weight, NDManager manager) {
    if (weight != 1f) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= weight;
      }
    }
    return logits.mul(manager.create(gradient, logits.getShape())).sum();
  }
}
