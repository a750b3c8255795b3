package org.glossa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter): m and v moments per parameter, bias correction,
 * decay applied to weights with two or more dimensions (not to biases or normalisation scales). Our own so
 * that its state goes into checkpoints and a resumed run continues exactly.
 */
public final class AdamW {

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private long step;

  public AdamW(float beta1, float beta2, float epsilon, float weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  public long step() {
    return step;
  }

  /**
   * Updates every parameter in place from its gradient, first scaled by {@code gradientScale} (clipping).
   * Temporary arrays go to {@code scratch}, which the caller closes.
   */
  public void update(List<Parameter> parameters, float learningRate, float gradientScale, NDManager scratch) {
    step++;
    float correction1 = (float) (1 - Math.pow(beta1, step));
    float correction2 = (float) (1 - Math.pow(beta2, step));
    for (Parameter p : parameters) {
      NDArray weight = p.getArray();
      NDArray gradient = weight.getGradient();
      gradient.attach(scratch);
      if (gradientScale != 1f) {
        gradient = gradient.mul(gradientScale);
      }
      NDArray[] mv = moments.computeIfAbsent(p.getId(), id -> new NDArray[] {
          weight.getManager().zeros(weight.getShape()), weight.getManager().zeros(weight.getShape())});
      mv[0].muli(beta1).addi(gradient.mul(1 - beta1));
      mv[1].muli(beta2).addi(gradient.square().mul(1 - beta2));
      // results of ops on arrays of the long-lived manager land there: move each to scratch at once
      NDArray firstMoment = mv[0].div(correction1);
      firstMoment.attach(scratch);
      NDArray secondMoment = mv[1].div(correction2);
      secondMoment.attach(scratch);
      NDArray update = firstMoment.div(secondMoment.sqrt().add(epsilon));
      if (weightDecay > 0 && weight.getShape().dimension() >= 2) {
        NDArray decay = weight.mul(weightDecay);
        decay.attach(scratch);
        update = update.add(decay);
      }
      weight.subi(update.mul(learningRate));
    }
  }

  /** State for a checkpoint: parameter name → {m, v}, plus the step count. */
  public Map<String, float[][]> state(Map<String, Parameter> named) {
    Map<String, float[][]> state = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      NDArray[] mv = moments.get(e.getValue().getId());
      if (mv != null) {
        state.put(e.getKey(), new float[][] {mv[0].toFloatArray(), mv[1].toFloatArray()});
      }
    }
    return state;
  }

  /** Restores moments saved by {@link #state}. */
  public void restore(Map<String, Parameter> named, Map<String, float[][]> state, long savedStep) {
    for (Map.Entry<String, float[][]> e : state.entrySet()) {
      Parameter p = named.get(e.getKey());
      if (p == null) {
        throw new IllegalArgumentException("optimizer state for unknown parameter " + e.getKey());
      }
      NDArray weight = p.getArray();
      NDManager manager = weight.getManager();
      moments.put(p.getId(), new NDArray[] {manager.create(e.getValue()[0], weight.getShape()),
          manager.create(e.getValue()[1], weight.getShape())});
    }
    this.step = savedStep;
  }
}
