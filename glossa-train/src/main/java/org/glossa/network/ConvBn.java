package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Temporal convolution (no bias, "same" padding) + BatchNorm + optional activation.
 * Input and output: [B, C, T] (channels first, as DJL's Conv1d expects).
 */
final class ConvBn extends AbstractBlock {

  enum Act { NONE, RELU, HARD_SWISH }

  private final Conv1d conv;
  private final BatchNorm norm;
  private final Act act;
  final int outChannels;
  final int stride;

  ConvBn(int outChannels, int kernel, int stride, int groups, Act act) {
    this.outChannels = outChannels;
    this.stride = stride;
    this.act = act;
    this.conv = addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(outChannels)
        .optStride(new Shape(stride)).optPadding(new Shape(kernel / 2)).optGroups(groups).optBias(false).build());
    this.norm = addChildBlock("bn", BatchNorm.builder().optAxis(1).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = conv.forward(store, new NDList(inputs.head()), training).head();
    x = norm.forward(store, new NDList(x), training).head();
    x = switch (act) {
      case NONE -> x;
      case RELU -> Activation.relu(x);
      case HARD_SWISH -> Ops.hardSwish(x);
    };
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long frames = (in.get(2) + stride - 1) / stride;
    return new Shape[] {new Shape(in.get(0), outChannels, frames)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes[0]);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes)[0]);
  }
}
