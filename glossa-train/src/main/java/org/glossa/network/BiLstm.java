package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Bidirectional LSTM built from two one-way LSTMs per layer (DJL's bidirectional LSTM is broken on the
 * PyTorch engine). The backward LSTM reads each sequence reversed within its own length, so it starts on the
 * last real frame, not on padding. Input NDList(x [B, T, C], lengths [B]); output [B, T, 2·hidden].
 *
 * <p>The engine's fused LSTM kernel is checked once per input width and hidden size against {@link StepwiseLstm},
 * built from matrix products; where they disagree (PyTorch 2.7.1's oneDNN kernel on AVX-512 CPUs is wrong for
 * hidden sizes such as 16, 48, 80 and 100 while right for 32, 96, 192 and 512), the step-by-step form runs
 * instead, with the same parameters.
 */
final class BiLstm extends AbstractBlock {

  private final List<LSTM> forward = new ArrayList<>();
  private final List<LSTM> backward = new ArrayList<>();
  final int hidden;
  private final List<Boolean> stepwise = new ArrayList<>();

  BiLstm(int hidden, int layers) {
    this.hidden = hidden;
    for (int l = 0; l < layers; l++) {
      forward.add(addChildBlock("fw" + l, lstm(hidden)));
      backward.add(addChildBlock("bw" + l, lstm(hidden)));
    }
  }

  private static LSTM lstm(int hidden) {
    return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray lengths = inputs.get(1);
    for (int l = 0; l < forward.size(); l++) {
      NDArray ahead = run(forward.get(l), l, store, x, training);
      NDArray reversed = Ops.reverseWithinLength(x, lengths);
      NDArray behind = run(backward.get(l), l, store, reversed, training);
      x = ahead.concat(Ops.reverseWithinLength(behind, lengths), 2);
    }
    return new NDList(x);
  }

  private NDArray run(LSTM lstm, int layer, ParameterStore store, NDArray x, boolean training) {
    if (layer < stepwise.size() && stepwise.get(layer)) {
      return StepwiseLstm.forward(lstm, store, x, training);
    }
    return lstm.forward(store, new NDList(x), training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), 2L * hidden)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long channels = in.get(2);
    for (int l = 0; l < forward.size(); l++) {
      Shape shape = new Shape(in.get(0), in.get(1), channels);
      forward.get(l).initialize(manager, dataType, shape);
      backward.get(l).initialize(manager, dataType, shape);
      boolean wrongKernel = !StepwiseLstm.fusedKernelAgrees(manager, channels, hidden);
      if (l < stepwise.size()) {
        stepwise.set(l, wrongKernel);
      } else {
        stepwise.add(wrongKernel);
      }
      channels = 2L * hidden;
    }
  }
}
