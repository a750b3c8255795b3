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
import org.glossa.model.TeacherSpec;

/**
 * Temporal Inception block: four parallel branches (1x1; 1x1 → 3-wide; 1x1 → 5-wide; 3-wide max-pool → 1x1),
 * each convolution with BatchNorm and ReLU, concatenated over channels. Input NDList(x [B, C, T], lengths);
 * output NDList(y [B, C', T], lengths).
 */
final class InceptionBlock extends AbstractBlock {

  private final ConvBn branch1;
  private final ConvBn reduce3;
  private final ConvBn branch3;
  private final ConvBn reduce5;
  private final ConvBn branch5;
  private final ConvBn branchPool;
  private final TeacherSpec.Inception spec;

  InceptionBlock(TeacherSpec.Inception spec) {
    this.spec = spec;
    branch1 = addChildBlock("b1", new ConvBn(spec.b1(), 1, 1, 1, ConvBn.Act.RELU));
    reduce3 = addChildBlock("b3_reduce", new ConvBn(spec.reduce3(), 1, 1, 1, ConvBn.Act.RELU));
    branch3 = addChildBlock("b3", new ConvBn(spec.b3(), 3, 1, 1, ConvBn.Act.RELU));
    reduce5 = addChildBlock("b5_reduce", new ConvBn(spec.reduce5(), 1, 1, 1, ConvBn.Act.RELU));
    branch5 = addChildBlock("b5", new ConvBn(spec.b5(), 5, 1, 1, ConvBn.Act.RELU));
    branchPool = addChildBlock("pool", new ConvBn(spec.pool(), 1, 1, 1, ConvBn.Act.RELU));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray lengths = inputs.get(1);
    NDArray a = branch1.forward(store, new NDList(x), training).head();
    // Zero the 1x1 reductions' padding frames before the wider convolutions read them (see InvertedResidual).
    NDArray reduced3 = Ops.maskPadding(reduce3.forward(store, new NDList(x), training).head(), lengths);
    NDArray reduced5 = Ops.maskPadding(reduce5.forward(store, new NDList(x), training).head(), lengths);
    NDArray b = branch3.forward(store, new NDList(reduced3), training).head();
    NDArray c = branch5.forward(store, new NDList(reduced5), training).head();
    NDArray pooled = Pool.maxPool1d(x, new Shape(3), new Shape(1), new Shape(1), false);
    NDArray d = branchPool.forward(store, new NDList(pooled), training).head();
    NDArray y = a.concat(b, 1).concat(c, 1).concat(d, 1);
    return new NDList(Ops.maskPadding(y, lengths), lengths);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), spec.outChannels(), in.get(2)), inputShapes[1]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    branch1.initialize(manager, dataType, in);
    reduce3.initialize(manager, dataType, in);
    branch3.initialize(manager, dataType, new Shape(in.get(0), spec.reduce3(), in.get(2)));
    reduce5.initialize(manager, dataType, in);
    branch5.initialize(manager, dataType, new Shape(in.get(0), spec.reduce5(), in.get(2)));
    branchPool.initialize(manager, dataType, in);
  }
}
