package org.glossa.model;

import java.util.List;

/**
 * Shape of an I3D-style teacher: modality embedding → stride-2 stem convolution → temporal Inception blocks
 * (parallel 1, 3 and 5 wide convolutions and a pooled branch, each with BatchNorm and ReLU, as the 2-D
 * Inception-v1 modules that I3D inflates) with a stride-2 temporal max-pool after block {@code poolAfter} →
 * bidirectional LSTM → classifier. Time is downsampled by 4, like the student, so their frames align.
 */
public record TeacherSpec(int embedDim, int stemChannels, List<Inception> blocks, int poolAfter, int lstmHidden,
    int lstmLayers) {

  /** One Inception block: output channels = b1 + b3 + b5 + pool. */
  public record Inception(int b1, int reduce3, int b3, int reduce5, int b5, int pool) {
    public Inception {
      ModelConfig.checkRange("b1", b1, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("reduce3", reduce3, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("b3", b3, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("reduce5", reduce5, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("b5", b5, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("pool", pool, 1, ModelConfig.MAX_WIDTH);
    }

    public int outChannels() {
      return b1 + b3 + b5 + pool;
    }
  }

  public TeacherSpec {
    ModelConfig.checkRange("embed_dim", embedDim, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("stem_channels", stemChannels, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("lstm_hidden", lstmHidden, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("lstm_layers", lstmLayers, 1, ModelConfig.MAX_LSTM_LAYERS);
    if (blocks == null) {
      throw new IllegalArgumentException("blocks missing");
    }
    blocks = List.copyOf(blocks);
    ModelConfig.checkRange("blocks (count)", blocks.size(), 1, ModelConfig.MAX_BLOCKS);
    if (poolAfter < 0 || poolAfter >= blocks.size()) {
      throw new IllegalArgumentException("poolAfter must index a block");
    }
  }
}
