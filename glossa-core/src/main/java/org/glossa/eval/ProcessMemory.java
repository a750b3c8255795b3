package org.glossa.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this process and of the machine as Linux reports it in {@code /proc}, in MB; NaN (or 0 for the
 * machine's total) where {@code /proc} is unavailable. What training's memory budget, the server's health page
 * and the profiles measure.
 */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** Resident memory now (VmRSS). */
  public static double residentMb() {
    return statusField("/proc/self/status", "VmRSS:");
  }

  /** Peak resident memory so far (VmHWM). */
  public static double peakMb() {
    return statusField("/proc/self/status", "VmHWM:");
  }

  /** The machine's RAM (MemTotal), 0 where unknown. */
  public static long totalMb() {
    double total = statusField("/proc/meminfo", "MemTotal:");
    return Double.isNaN(total) ? 0 : (long) total;
  }

  /** A "Name: value kB" field of a /proc file in MB, NaN where unavailable. */
  static double statusField(String file, String name) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
