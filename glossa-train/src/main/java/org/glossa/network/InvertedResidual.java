package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.glossa.model.StudentSpec;

/**
 * MobileNetV3 inverted residual block over time: 1x1 expansion, depthwise temporal convolution (optionally
 * stride 2), squeeze-and-excitation over the valid frames, 1x1 linear projection, residual when shapes allow.
 * Input NDList(x [B, C, T], lengths [B]); output NDList(y [B, C', T'], lengths').
 */
final class InvertedResidual extends AbstractBlock {

  private final ConvBn expand;
  private final ConvBn depthwise;
  private final Linear squeeze;
  private final Linear excite;
  private final ConvBn project;
  private final StudentSpec.Block spec;
  private final int inChannels;

  InvertedResidual(int inChannels, StudentSpec.Block spec) {
    this.spec = spec;
    this.inChannels = inChannels;
    ConvBn.Act act = spec.hardSwish() ? ConvBn.Act.HARD_SWISH : ConvBn.Act.RELU;
    int e = spec.expandChannels();
    this.expand = e != inChannels ? addChildBlock("expand", new ConvBn(e, 1, 1, 1, act)) : null;
    this.depthwise = addChildBlock("depthwise", new ConvBn(e, spec.kernel(), spec.stride(), e, act));
    if (spec.squeezeExcite()) {
      int reduced = Math.max(8, e / 4);
      this.squeeze = addChildBlock("se_reduce", Linear.builder().setUnits(reduced).build());
      this.excite = addChildBlock("se_expand", Linear.builder().setUnits(e).build());
    } else {
      this.squeeze = null;
      this.excite = null;
    }
    this.project = addChildBlock("project", new ConvBn(spec.outChannels(), 1, 1, 1, ConvBn.Act.NONE));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray lengths = inputs.get(1);
    // The expansion's BatchNorm shifts padding frames away from zero; the depthwise convolution reads its
    // neighbours, so padding is zeroed again first or a sequence's border frames would depend on its batch.
    NDArray y = expand == null ? x : Ops.maskPadding(expand.forward(store, new NDList(x), training).head(), lengths);
    y = depthwise.forward(store, new NDList(y), training).head();
    NDArray outLengths = spec.stride() == 2 ? Ops.halve(lengths) : lengths;
    y = Ops.maskPadding(y, outLengths);
    if (squeeze != null) {
      NDArray pooled = y.sum(new int[] {2}).div(outLengths.reshape(-1, 1).maximum(1f)); // [B, C]
      NDArray s = Activation.relu(squeeze.forward(store, new NDList(pooled), training).head());
      s = Ops.hardSigmoid(excite.forward(store, new NDList(s), training).head());
      y = y.mul(s.expandDims(2));
    }
    y = project.forward(store, new NDList(y), training).head();
    if (spec.stride() == 1 && inChannels == spec.outChannels()) {
      y = y.add(x);
    }
    return new NDList(Ops.maskPadding(y, outLengths), outLengths);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    long frames = (in.get(2) + spec.stride() - 1) / spec.stride();
    return new Shape[] {new Shape(in.get(0), spec.outChannels(), frames), inputShapes[1]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    Shape expanded = new Shape(in.get(0), spec.expandChannels(), in.get(2));
    if (expand != null) {
      expand.initialize(manager, dataType, in);
    }
    depthwise.initialize(manager, dataType, expanded);
    Shape afterDepthwise = depthwise.getOutputShapes(new Shape[] {expanded})[0];
    if (squeeze != null) {
      squeeze.initialize(manager, dataType, new Shape(in.get(0), spec.expandChannels()));
      excite.initialize(manager, dataType, new Shape(in.get(0), Math.max(8, spec.expandChannels() / 4)));
    }
    project.initialize(manager, dataType, afterDepthwise);
  }
}
