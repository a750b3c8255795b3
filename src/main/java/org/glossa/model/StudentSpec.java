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
        throw new IllegalArgumentException("kernel must be odd and stride 1 or 2");
      }
    }
  }

  public StudentSpec {
    blocks = List.copyOf(blocks);
    if (blocks.stream().filter(b -> b.stride() == 2).count() != 1) {
      throw new IllegalArgumentException("a student needs exactly one stride-2 block (total time stride 4)");
    }
  }
}
