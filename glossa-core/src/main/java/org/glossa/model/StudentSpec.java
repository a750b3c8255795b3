package org.glossa.model;

import java.util.List;

/**
 * Shape of a MobileNetV3-style student: modality embedding → stride-2 stem convolution → inverted residual
 * blocks (1x1 expansion, depthwise temporal convolution, squeeze-and-excitation, hard-swish, 1x1 projection)
 * → 1x1 head convolution → a light bidirectional LSTM → classifier. Time is downsampled by 4 (stem and one
 * block with stride 2).
 */
public record StudentSpec(int embedDim, int stemChannels, List<Block> blocks, int headChannels, int lstmHidden) {

  /** One inverted residual block. */
  public record Block(int expandChannels, int outChannels, int kernel, int stride, boolean squeezeExcite,
      boolean hardSwish) {
    public Block {
      if (kernel % 2 == 0 || (stride != 1 && stride != 2)) {
        throw new IllegalArgumentException("kernel must be odd and stride 1 or 2, got kernel = " + kernel
            + ", stride = " + stride);
      }
      ModelConfig.checkRange("expand_channels", expandChannels, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("out_channels", outChannels, 1, ModelConfig.MAX_WIDTH);
      ModelConfig.checkRange("kernel", kernel, 1, ModelConfig.MAX_KERNEL);
    }
  }

  public StudentSpec {
    ModelConfig.checkRange("embed_dim", embedDim, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("stem_channels", stemChannels, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("head_channels", headChannels, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("lstm_hidden", lstmHidden, 1, ModelConfig.MAX_WIDTH);
    if (blocks == null) {
      throw new IllegalArgumentException("blocks missing");
    }
    blocks = List.copyOf(blocks);
    ModelConfig.checkRange("blocks (count)", blocks.size(), 1, ModelConfig.MAX_BLOCKS);
    if (blocks.stream().filter(b -> b.stride() == 2).count() != 1) {
      throw new IllegalArgumentException("a student needs exactly one stride-2 block (total time stride 4)");
    }
  }
}
