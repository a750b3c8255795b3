package org.glossa.train;

/** Number format of the training computation; master weights and optimizer state always stay fp32. */
public enum Precision {
  /** Everything in 32-bit floats. */
  FP32,
  /** Mixed precision: convolutions, matrix products and the LSTM in bfloat16, normalisation and loss in fp32. */
  BF16
}
