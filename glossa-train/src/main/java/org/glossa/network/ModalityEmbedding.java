package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.ModalityBlock;

/**
 * Projects input features [B, T, F] to [B, T, embedDim]. With several modality blocks (features without
 * PCA) each modality gets its own projection, sized by its share of the columns, and the results are
 * concatenated: no weight mixes pose, hands and face before the network has looked at each.
 */
final class ModalityEmbedding extends AbstractBlock {

  private final List<ModalityBlock> modalities;
  private final List<Linear> projections = new ArrayList<>();
  private final int[] widths;
  final int embedDim;

  ModalityEmbedding(List<ModalityBlock> modalities, int embedDim) {
    this.modalities = List.copyOf(modalities);
    this.embedDim = embedDim;
    widths = widths(modalities, embedDim);
    for (int m = 0; m < widths.length; m++) {
      projections.add(addChildBlock("embed_" + modalities.get(m).name(), Linear.builder().setUnits(widths[m]).build()));
    }
  }

  /** Output columns of each modality's projection; they sum to {@code embedDim}. */
  static int[] widths(List<ModalityBlock> modalities, int embedDim) {
    long total = modalities.stream().mapToLong(ModalityBlock::dim).sum();
    int count = modalities.size();
    if (embedDim < 8L * count) {
      throw new IllegalArgumentException("embedding of " + embedDim + " is too small for " + count
          + " modalities (at least 8 each)");
    }
    int[] widths = new int[count];
    int spare = embedDim - 8 * count;
    int assigned = 0;
    for (int m = 0; m < count; m++) {
      // 8 columns each, the rest shared in proportion to the modality's input columns
      widths[m] = m == count - 1 ? embedDim - assigned : 8 + Math.round((float) spare * modalities.get(m).dim() / total);
      assigned += widths[m];
    }
    if (widths[count - 1] < 1) {
      throw new IllegalArgumentException("embedding of " + embedDim + " leaves no columns for modality "
          + modalities.get(count - 1).name());
    }
    return widths;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    if (modalities.size() == 1) {
      return projections.get(0).forward(store, new NDList(x), training);
    }
    NDList parts = new NDList();
    for (int m = 0; m < modalities.size(); m++) {
      ModalityBlock block = modalities.get(m);
      NDArray slice = x.get(":, :, " + block.offset() + ":" + block.end());
      parts.add(projections.get(m).forward(store, new NDList(slice), training).head());
    }
    return new NDList(NDArrays.concat(parts, 2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), embedDim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    for (int m = 0; m < modalities.size(); m++) {
      projections.get(m).initialize(manager, dataType, new Shape(in.get(0), in.get(1), modalities.get(m).dim()));
    }
  }
}
