package org.glossa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glossa.network.TrainedModel;

/**
 * An exponential moving average of a model's weights (Polyak averaging), BatchNorm statistics included: after
 * every optimizer step {@code a += (1 - d) (w - a)} with {@code d = min(decay, (1 + n) / (10 + n))} at the n-th
 * update, so the average spans about the last ninth of the steps so far until {@code decay} caps it (1,000 steps
 * at 0.999). Validation and the best checkpoint use the averaged weights ({@link #swapIn}); training goes on with
 * the live ones. Batches of 4 at the recipe's learning rate leave the live weights noisy from step to step; the
 * average is what a run's best checkpoint should be chosen from.
 */
final class WeightAverage implements AutoCloseable {

  private static final NDIndex ALL = new NDIndex("...");

  private final float decay;
  private final NDManager manager;
  private final Map<String, NDArray> averages = new LinkedHashMap<>();
  private long updates;

  /** An average that starts at the model's current weights. */
  WeightAverage(TrainedModel model, float decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("--ema_decay must be in (0, 1) to average, got " + decay);
    }
    this.decay = decay;
    this.manager = model.manager().newSubManager();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      averages.put(e.getKey(), detachedCopy(e.getValue().getArray(), manager));
    }
  }

  /**
   * A copy of {@code weight} without autograd history. Parameters require a gradient and libtorch records
   * operations on them outside a gradient collector too: an average computed from the weights themselves would
   * chain every update into one growing graph (measured: steps 25x slower and 1.2 GB more after 3 epochs).
   */
  private static NDArray detachedCopy(NDArray weight, NDManager manager) {
    try (NDArray detached = weight.stopGradient()) {
      NDArray copy = detached.duplicate();
      copy.attach(manager);
      return copy;
    }
  }

  /** Updates done so far (the checkpoint keeps it, so a resumed run continues the same average). */
  long updates() {
    return updates;
  }

  /** Moves the average toward the model's weights after an optimizer step. */
  void update(TrainedModel model) {
    updates++;
    float rate = 1f - (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      NDArray average = averages.get(e.getKey());
      try (NDArray weight = e.getValue().getArray().stopGradient(); NDArray step = weight.sub(average)) {
        average.addi(step.muli(rate));
      }
    }
  }

  /** The average as host arrays by parameter name, for a checkpoint. */
  Map<String, float[]> state() {
    Map<String, float[]> state = new LinkedHashMap<>();
    averages.forEach((name, array) -> state.put(name, array.toFloatArray()));
    return state;
  }

  /** Restores an average saved by {@link #state} (names and sizes checked by the checkpoint reader). */
  void restore(Map<String, float[]> state, long savedUpdates) {
    for (Map.Entry<String, float[]> e : state.entrySet()) {
      NDArray average = averages.get(e.getKey());
      if (average == null) {
        throw new IllegalArgumentException("weight average for unknown parameter " + e.getKey());
      }
      try (NDArray values = manager.create(e.getValue(), average.getShape())) {
        average.set(ALL, values);
      }
    }
    updates = savedUpdates;
  }

  /**
   * Puts the averaged weights into the model until the returned swap is closed, which brings the live weights
   * back (validation and the best checkpoint happen in between).
   */
  Swap swapIn(TrainedModel model) {
    Map<String, NDArray> live = new LinkedHashMap<>();
    NDManager held = manager.newSubManager();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      NDArray weight = e.getValue().getArray();
      live.put(e.getKey(), detachedCopy(weight, held));
      weight.set(ALL, averages.get(e.getKey()));
    }
    return new Swap(model, live, held);
  }

  /** The live weights, held while the averaged ones are in the model. */
  static final class Swap implements AutoCloseable {
    private final TrainedModel model;
    private final Map<String, NDArray> live;
    private final NDManager held;

    private Swap(TrainedModel model, Map<String, NDArray> live, NDManager held) {
      this.model = model;
      this.live = live;
      this.held = held;
    }

    @Override
    public void close() {
      try {
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
          e.getValue().getArray().set(ALL, live.get(e.getKey()));
        }
      } finally {
        held.close();
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
