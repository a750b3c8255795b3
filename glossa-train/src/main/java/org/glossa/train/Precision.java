package org.glossa.train;

/** Number format of the training computation; master weights and optimizer state always stay fp32. */
public enum Precision {
  /** Everything in 32-bit floats. */
  FP32,
  /**
   * bfloat16 mixed precision. Refused for now: the PyTorch JNI of DJL 0.36 aborts the whole process on any
   * bfloat16 tensor (a cast with {@code toType(BFLOAT16)} ends in "terminate called without an active
   * exception"), so there is no safe way to run it on this engine. See docs/training.md.
   */
  BF16;

  /** Throws a clear error for precisions the engine cannot run. */
  public void checkSupported() {
    if (this == BF16) {
      throw new IllegalArgumentException("--precision bf16 is not available: the PyTorch engine of DJL 0.36 aborts "
          + "the process on bfloat16 tensors (see docs/training.md, 'Mixed precision'); train with --precision fp32");
    }
  }
}
