package org.glossa.model;

/**
 * Shape of the plain yardstick network, the one an engineer writes in an hour: two temporal convolutions over
 * the features themselves (width {@code kernel}, BatchNorm, ReLU), each followed by a stride-2 max-pool →
 * bidirectional LSTM of {@code lstmLayers} layers → classifier. No modality embedding, Inception or
 * inverted-residual blocks. Time is downsampled by 4, as in the other networks, so any of them can teach it
 * or learn from it.
 */
public record BaselineSpec(int convChannels, int kernel, int lstmHidden, int lstmLayers) {

  /** Convolutions (each followed by a stride-2 max-pool). */
  public static final int CONVOLUTIONS = 2;
  /**
   * The first convolution's input channels are the features zero-padded to a multiple of this: PyTorch 2.7.1's
   * CPU convolution (oneDNN) computes wrong numbers, off by 0.2-0.6, for wider-than-1 kernels whose input
   * channels are not a multiple of the vector width (8 floats with AVX2, 16 with AVX-512), e.g. 538 features.
   */
  public static final int CHANNEL_MULTIPLE = 16;

  /** Input channels of the first convolution for {@code inputDim} features. */
  public static int paddedInputDim(int inputDim) {
    return (inputDim + CHANNEL_MULTIPLE - 1) / CHANNEL_MULTIPLE * CHANNEL_MULTIPLE;
  }

  public BaselineSpec {
    ModelConfig.checkRange("conv_channels", convChannels, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("kernel", kernel, 1, ModelConfig.MAX_KERNEL);
    if (kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel must be odd (same padding), got " + kernel);
    }
    ModelConfig.checkRange("lstm_hidden", lstmHidden, 1, ModelConfig.MAX_WIDTH);
    ModelConfig.checkRange("lstm_layers", lstmLayers, 1, ModelConfig.MAX_LSTM_LAYERS);
  }
}
