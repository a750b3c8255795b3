package org.glossa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Tensor helpers shared by the networks: activations, time masks and length bookkeeping. */
final class Ops {

  private Ops() {}

  /** hard-swish(x) = x · relu6(x + 3) / 6 (MobileNetV3). */
  static NDArray hardSwish(NDArray x) {
    return x.mul(x.add(3f).clip(0f, 6f).div(6f));
  }

  /** hard-sigmoid(x) = relu6(x + 3) / 6. */
  static NDArray hardSigmoid(NDArray x) {
    return x.add(3f).clip(0f, 6f).div(6f);
  }

  /** Valid-frame mask [B, 1, T] (1 = frame, 0 = padding) from float lengths [B]. */
  static NDArray channelMask(NDArray lengths, long numFrames) {
    NDManager manager = lengths.getManager();
    NDArray time = manager.arange(0f, numFrames, 1f, DataType.FLOAT32).reshape(1, numFrames);
    return time.lt(lengths.reshape(-1, 1)).toType(DataType.FLOAT32, false).expandDims(1);
  }

  /** Lengths after a stride-2 stage with "same" padding: ceil(length / 2). */
  static NDArray halve(NDArray lengths) {
    return lengths.add(1f).div(2f).floor();
  }

  /**
   * Reverses each sequence of x [B, T, C] within its own length (padding stays in place), as the backward
   * direction of a bidirectional LSTM needs; a flip of the padded tensor would start it on padding.
   */
  static NDArray reverseWithinLength(NDArray x, NDArray lengths) {
    long numFrames = x.getShape().get(1);
    long channels = x.getShape().get(2);
    NDManager manager = x.getManager();
    NDArray time = manager.arange(0f, numFrames, 1f, DataType.FLOAT32).reshape(1, numFrames);
    NDArray length = lengths.reshape(-1, 1);
    NDArray reversed = length.sub(1f).sub(time);
    NDArray index = NDArrays.where(time.lt(length), reversed, time.broadcast(reversed.getShape()))
        .toType(DataType.INT64, false);
    index = index.expandDims(2).repeat(2, channels);
    return x.gather(index, 1);
  }
}
