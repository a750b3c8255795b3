package org.glossa.network;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-layer, one-way LSTM written as matrix products and gate arithmetic, one time step after another, over the
 * parameters of a DJL {@link LSTM} block (PyTorch's layout: input weights [4H, C], recurrent weights [4H, H] and
 * two biases [4H], gates in the order input, forget, cell, output). It stands in for the engine's fused kernel
 * where that kernel computes wrong results on this CPU, which {@link #fusedKernelAgrees} finds out.
 *
 * <p>Input x [B, T, C], batch first, zero initial state; output h [B, T, H].
 */
final class StepwiseLstm {

  private static final Logger LOG = LoggerFactory.getLogger(StepwiseLstm.class);
  private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

  private StepwiseLstm() {}

  static NDArray forward(LSTM lstm, ParameterStore store, NDArray x, boolean training) {
    Device device = x.getDevice();
    NDArray inputWeights = parameter(lstm, "i2h_WEIGHT", store, device, training);   // [4H, C]
    NDArray recurrentWeights = parameter(lstm, "h2h_WEIGHT", store, device, training); // [4H, H]
    NDArray bias = parameter(lstm, "i2h_BIAS", store, device, training)
        .add(parameter(lstm, "h2h_BIAS", store, device, training));                  // [4H]
    return run(x, inputWeights, recurrentWeights, bias);
  }

  private static NDArray run(NDArray x, NDArray inputWeights, NDArray recurrentWeights, NDArray bias) {
    long batch = x.getShape().get(0);
    long frames = x.getShape().get(1);
    long hidden = recurrentWeights.getShape().get(1);
    NDArray projected = x.matMul(inputWeights.transpose()).add(bias);               // [B, T, 4H]
    NDArray recurrent = recurrentWeights.transpose();                               // [H, 4H]
    NDManager manager = x.getManager();
    NDArray h = manager.zeros(new Shape(batch, hidden), x.getDataType());
    NDArray c = manager.zeros(new Shape(batch, hidden), x.getDataType());
    NDList outputs = new NDList((int) frames);
    for (long t = 0; t < frames; t++) {
      NDArray gates = projected.get(":, {}, :", t).add(h.matMul(recurrent));        // [B, 4H]
      NDList split = gates.split(4, 1);
      NDArray input = Activation.sigmoid(split.get(0));
      NDArray forget = Activation.sigmoid(split.get(1));
      NDArray cell = split.get(2).tanh();
      NDArray output = Activation.sigmoid(split.get(3));
      c = forget.mul(c).add(input.mul(cell));
      h = output.mul(c.tanh());
      outputs.add(h);
    }
    return NDArrays.stack(outputs, 1);                                              // [B, T, H]
  }

  private static NDArray parameter(LSTM lstm, String suffix, ParameterStore store, Device device, boolean training) {
    for (var entry : lstm.getParameters()) {
      if (entry.getKey().endsWith(suffix)) {
        Parameter parameter = entry.getValue();
        return store.getValue(parameter, device, training);
      }
    }
    throw new IllegalStateException("LSTM block has no parameter *" + suffix);
  }

  /**
   * Whether the engine's fused LSTM kernel gives this step-by-step result for an input width and hidden size, on
   * random parameters and inputs; checked once per size and process (a few milliseconds).
   */
  static boolean fusedKernelAgrees(NDManager manager, long inputs, int hidden) {
    TorchCpu.limitInstructionSet();
    return CHECKED.computeIfAbsent(inputs + ":" + hidden, key -> {
      try (NDManager scratch = manager.newSubManager()) {
        // Parameters and input from a Random of our own: the engine's generator is the run's (seeded for the
        // network's initialisation), and a check made only by the first run in a process must not move it.
        java.util.Random random = new java.util.Random(inputs * 31 + hidden);
        LSTM lstm = LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false)
            .build();
        lstm.setInitializer((m, shape, type) -> m.create(gaussian(random, shape), shape), p -> true);
        lstm.initialize(scratch, DataType.FLOAT32, new Shape(2, 6, inputs));
        Shape inputShape = new Shape(2, 6, inputs);
        NDArray x = scratch.create(gaussian(random, inputShape), inputShape);
        ParameterStore store = new ParameterStore(scratch, false);
        NDArray fused = lstm.forward(store, new NDList(x), false).head();
        NDArray stepwise = forward(lstm, store, x, false);
        float difference = fused.sub(stepwise).abs().max().getFloat();
        boolean agrees = difference < 1e-4f;
        if (!agrees) {
          LOG.warn("the engine's fused LSTM kernel is off by {} for {} inputs and hidden size {} on this CPU; "
              + "running the LSTM step by step instead", difference, inputs, hidden);
        }
        return agrees;
      }
    });
  }

  private static float[] gaussian(java.util.Random random, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.1 * random.nextGaussian());
    }
    return values;
  }
}
