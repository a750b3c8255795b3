package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution or a stride-2 max-pool that keeps track of sequence lengths and zeroes padding frames, so a
 * sequence's output does not depend on how much padding its batch has.
 * Input and output NDList(x [B, C, T], lengths [B]).
 */
final class Stage extends AbstractBlock {

  private final ConvBn conv;
  private final boolean pool;

  private Stage(ConvBn conv, boolean pool) {
    this.conv = conv == null ? null : addChildBlock("conv", conv);
    this.pool = pool;
  }

  static Stage conv(int outChannels, int kernel, int stride, ConvBn.Act act) {
    return new Stage(new ConvBn(outChannels, kernel, stride, 1, act), false);
  }

  /** Temporal max-pool, width 3, stride 2. */
  static Stage maxPool() {
    return new Stage(null, true);
  }

  private int stride() {
    return pool ? 2 : conv.stride;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray lengths = inputs.get(1);
    NDArray y = pool ? Pool.maxPool1d(x, new Shape(3), new Shape(2), new Shape(1), false)
        : conv.forward(store, new NDList(x), training).head();
    NDArray outLengths = stride() == 2 ? Ops.halve(lengths) : lengths;
    return new NDList(Ops.maskPadding(y, outLengths), outLengths);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long channels = pool ? in.get(1) : conv.outChannels;
    long frames = (in.get(2) + stride() - 1) / stride();
    return new Shape[] {new Shape(in.get(0), channels, frames), inputShapes[1]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (conv != null) {
      conv.initialize(manager, dataType, inputShapes[0]);
    }
  }
}
