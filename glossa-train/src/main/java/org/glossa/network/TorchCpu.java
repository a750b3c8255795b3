package org.glossa.network;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PyTorch's oneDNN kernels on the AVX2 instruction set, set before the first network runs.
 *
 * <p>PyTorch 2.7.1's oneDNN picks AVX-512 kernels where the CPU has them, and on the AMD EPYC we develop on
 * (AVX-512 with VNNI and BF16) some of them compute wrong numbers: the fused LSTM is off by about 1.0 for hidden
 * sizes such as 16, 48 and 100, and the small teacher's loss turns NaN within its first epoch (every run of the
 * quickstart diverged). Capped at AVX2 the same runs are right, and the small student even trains slightly
 * faster (3,590 against 3,190 frames/s). The cap also makes Intel and AMD machines run the same kernels.
 *
 * <p>oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the C environment when it creates its first kernel, so this
 * sets it in the process (through libc's {@code setenv}) unless the user set it already; a user's value wins.
 */
public final class TorchCpu {

  /** The variable oneDNN reads, and the instruction set we cap it at. */
  public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
  static final String CAP = "AVX2";

  private static final Logger LOG = LoggerFactory.getLogger(TorchCpu.class);
  private static volatile String effective;

  private TorchCpu() {}

  /** The C library calls we need; glibc's names. */
  private interface C extends Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  /**
   * Sets the cap once per process (later calls return at once) and returns the value oneDNN will read: ours, the
   * user's own, or null when the C library could not be reached (then oneDNN chooses, and a warning says so).
   */
  public static String limitInstructionSet() {
    String value = effective;
    if (value == null) {
      synchronized (TorchCpu.class) {
        if (effective == null) {
          effective = apply();
        }
        value = effective;
      }
    }
    return value.isEmpty() ? null : value;
  }

  private static String apply() {
    try {
      C c = Native.load("c", C.class);
      if (c.setenv(VARIABLE, CAP, 0) != 0) {
        LOG.warn("could not set {}={}; PyTorch may use AVX-512 kernels that are wrong on some CPUs", VARIABLE, CAP);
      }
      String value = c.getenv(VARIABLE);
      return value == null ? "" : value;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.warn("could not set {}={} ({}); PyTorch may use AVX-512 kernels that are wrong on some CPUs", VARIABLE,
          CAP, e.toString());
      return "";
    }
  }
}
