package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** Tensor helpers shared by the networks: activations, time masks and length bookkeeping. */
final class Ops {

  private Ops() {}

  /** hard-swish(x) = x · relu6(x + 3) / 6 (MobileNetV3). */
  static NDArray hardSwish(NDArray x) {
    return x.mul(hardSigmoid(x));
  }

  /** hard-sigmoid(x) = relu6(x + 3) / 6. */
  static NDArray hardSigmoid(NDArray x) {
    return x.add(3f).clip(0f, 6f).mul(constant(x, 1f / 6));
  }

  /**
   * A scalar that lives as long as {@code like}'s manager. DJL's {@code mul(Number)} and {@code div(Number)}
   * wrap the number in a tensor over a direct buffer and close it right after the operation, but autograd keeps
   * that tensor for the backward pass: once the buffer is collected, the backward pass reads freed memory
   * (gradients that differ from run to run and sometimes NaN). Scalars a backward pass needs must come from here.
   */
  static NDArray constant(NDArray like, float value) {
    return like.getManager().create(value);
  }

  /**
   * Zeroes the padding frames of x [B, C, T] with a select rather than a multiplication, so that a
   * non-finite value in padding can neither reach real frames nor turn gradients into NaN (0 · inf).
   *
   * <p>A network masks three times per block with the same few masks (one per time resolution and width), so
   * each thread keeps its latest masks, found by the identity of the lengths array and x's shape: one select
   * per call instead of seven operators (the small student's 15 blocks spent a tenth of a step building masks).
   * An entry whose arrays were closed with their manager is dropped.
   */
  static NDArray maskPadding(NDArray x, NDArray lengths) {
    List<PaddingMask> masks = MASKS.get();
    masks.removeIf(PaddingMask::released);
    for (PaddingMask mask : masks) {
      if (mask.lengths() == lengths && mask.shape().equals(x.getShape()) && mask.type() == x.getDataType()) {
        return NDArrays.where(mask.valid(), x, mask.zero());
      }
    }
    long numFrames = x.getShape().get(2);
    NDManager manager = lengths.getManager();
    NDArray time = manager.arange(0f, numFrames, 1f, DataType.FLOAT32).reshape(1, 1, numFrames);
    NDArray valid = time.lt(lengths.reshape(-1, 1, 1)).broadcast(x.getShape());
    NDArray zero = manager.zeros(new Shape(), x.getDataType());
    if (masks.size() == MAX_MASKS) {
      masks.remove(0);
    }
    masks.add(new PaddingMask(lengths, x.getShape(), x.getDataType(), valid, zero));
    return NDArrays.where(valid, x, zero);
  }

  /** Most masks a thread keeps: more than one forward pass of any preset uses. */
  private static final int MAX_MASKS = 32;
  private static final ThreadLocal<List<PaddingMask>> MASKS = ThreadLocal.withInitial(ArrayList::new);

  /** A padding mask: {@code valid} [B, C, T] is true on the real frames of sequences of {@code lengths}. */
  private record PaddingMask(NDArray lengths, Shape shape, DataType type, NDArray valid, NDArray zero) {
    boolean released() {
      return lengths.isReleased() || valid.isReleased() || zero.isReleased();
    }
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
