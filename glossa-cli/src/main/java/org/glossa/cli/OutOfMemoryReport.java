package org.glossa.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one line the CLI prints when the Java heap runs out: which command, on which input files or folders, the
 * current heap limit and the setting that raises it ({@code GLOSSA_JAVA_OPTS=-Xmx...}). The line is built before
 * the command runs, so printing it needs almost no memory, and a small reserve is released first.
 */
final class OutOfMemoryReport {

  /** Shown at most; a longer list of inputs ends with "and N more". */
  private static final int MAX_INPUTS = 4;

  private final String inputs;
  private final boolean verboseFlag;
  private volatile String line;
  private volatile boolean verbose;
  /** Freed before the report is printed: the printing has some heap even if a cache still holds the rest. */
  private volatile byte[] reserve = new byte[256 * 1024];

  /** Prepares the report of a run with {@code args} (the command line as typed, before {@code --config}). */
  OutOfMemoryReport(String[] args) {
    this.inputs = describeInputs(args);
    boolean v = false;
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      v |= arg.equals("-v") || arg.equals("--verbose");
    }
    this.verboseFlag = v;
    this.verbose = v;
    this.line = line("glossa", inputs, Runtime.getRuntime().maxMemory());
  }

  /** Called once the command line is parsed: names the command in the report. */
  void commandIs(String qualifiedName, boolean verboseOption) {
    this.line = line(qualifiedName, inputs, Runtime.getRuntime().maxMemory());
    this.verbose = verboseFlag || verboseOption;
  }

  /** Prints the report of {@code error} (an {@link OutOfMemoryError} or an exception caused by one); exit code 1. */
  int print(Throwable error) {
    reserve = null;
    System.err.println(line);
    if (verbose) {
      error.printStackTrace(System.err);
    }
    return 1;
  }

  /** The {@link OutOfMemoryError} in {@code error}'s cause chain (e.g. from a worker thread), or null. */
  static OutOfMemoryError cause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  static String line(String command, String inputs, long maxHeapBytes) {
    StringBuilder line = new StringBuilder("error: out of memory in ").append(command);
    if (!inputs.isEmpty()) {
      line.append(" on ").append(inputs);
    }
    if (maxHeapBytes == Long.MAX_VALUE) {
      return line.append("; give Java a larger heap with GLOSSA_JAVA_OPTS=-Xmx<size>").toString();
    }
    return line.append(": the Java heap limit is ").append(Math.round(maxHeapBytes / 1048576.0))
        .append(" MB; raise it with GLOSSA_JAVA_OPTS=-Xmx").append(suggestedHeap(maxHeapBytes))
        .append(" (or java -Xmx").append(suggestedHeap(maxHeapBytes)).append(")").toString();
  }

  /** At least twice the current limit, as a power of two: "64m", "8g". */
  static String suggestedHeap(long maxHeapBytes) {
    long mb = Long.highestOneBit(Math.max(1, 2 * (maxHeapBytes / 1048576) - 1)) << 1;
    return mb >= 1024 ? (mb / 1024) + "g" : mb + "m";
  }

  /**
   * The arguments that name existing files or folders, except values of output options ({@code --out},
   * {@code --output_dir}, {@code --html}, {@code --save_pose}): the inputs the command was reading.
   */
  static String describeInputs(String[] args) {
    Set<String> inputs = new LinkedHashSet<>();
    String option = "";
    for (String arg : args) {
      String value = arg;
      String optionOfValue = option;
      option = "";
      if (arg.startsWith("-")) {
        int equals = arg.indexOf('=');
        if (!arg.startsWith("--") || equals < 0) {
          option = arg;
          continue;
        }
        optionOfValue = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!isOutput(optionOfValue) && exists(value)) {
        inputs.add(value);
      }
    }
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (String input : inputs) {
      if (shown == MAX_INPUTS) {
        text.append(" and ").append(inputs.size() - MAX_INPUTS).append(" more");
        break;
      }
      text.append(shown++ == 0 ? "" : ", ").append(input);
    }
    return text.toString();
  }

  private static boolean isOutput(String option) {
    return option.startsWith("--out") || option.equals("--html") || option.startsWith("--save");
  }

  private static boolean exists(String value) {
    if (value.isEmpty()) {
      return false;
    }
    try {
      return Files.exists(Path.of(value));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
