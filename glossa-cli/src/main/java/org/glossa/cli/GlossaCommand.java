package org.glossa.cli;

import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.glossa.data.BuildInfo;
import org.glossa.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code glossa} command line: one subcommand per stage of the data's path. Flags accept both
 * {@code --data-dir} and the snake_case spelling {@code --data_dir} used by the original Python scripts.
 */
@Command(name = "glossa", mixinStandardHelpOptions = true, versionProvider = GlossaCommand.Version.class,
    description = "Continuous sign language recognition on the JVM: features, training, evaluation, deployment.",
    subcommands = {QuickstartCommand.class, DataCommand.class, TrainCommand.Student.class, TrainCommand.Teacher.class,
        DistillCommand.class,
        EvaluateCommand.class, ExportCommand.class, BenchCommand.class, BenchTrainCommand.class, StreamCommand.class, ServeCommand.class, LoadTestCommand.class, ExtractCommand.class, RecognizeCommand.class, ScoreCommand.class, ProfileCommand.class,
        CommandLine.HelpCommand.class})
public final class GlossaCommand implements Runnable {

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors and the libraries' own log lines (training engine, ONNX Runtime).")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Libraries whose INFO lines (start-up, servlet contexts) are shown only with -v: simplelogger.properties. */
  static final java.util.List<String> LIBRARIES_AT_WARN = java.util.List.of("ai.djl", "io.javalin", "org.eclipse.jetty");

  public static void main(String[] args) {
    configureEngineThreads();
    if (java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose")) {
      // before the first logger exists: slf4j-simple reads its levels once; system properties win over the file
      for (String library : LIBRARIES_AT_WARN) {
        System.setProperty("org.slf4j.simpleLogger.log." + library, "info");
      }
    }
    System.exit(execute(args));
  }

  /** One intra-op thread per core and one inter-op thread, unless set with -D. */
  static void configureEngineThreads() {
    String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", cores);
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
  }

  /**
   * Runs the CLI and returns its exit code: 0 success, 2 bad input or usage, 1 any other failure. Running out of
   * Java heap is exit code 1 with one line naming the command, its input files and {@code GLOSSA_JAVA_OPTS}
   * (the stack trace only with {@code -v}).
   */
  public static int execute(String... args) {
    return execute(cli -> { }, args);
  }

  /** What an uncaught {@link OutOfMemoryError} in another thread ends with (tests record the code instead). */
  static java.util.function.IntConsumer exitAfterUncaught = System::exit;

  /** {@link #execute(String...)} after {@code setUp} has adjusted the command line (tests add commands). */
  static int execute(Consumer<CommandLine> setUp, String... args) {
    OutOfMemoryReport outOfMemory = new OutOfMemoryReport(args);
    // A thread nobody waits on (a server's, a helper's) that runs out of heap: the same one line, then exit, as
    // the command cannot finish without it. Other uncaught errors keep Java's report: they are bugs.
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      if (OutOfMemoryReport.cause(error) != null) {
        exitAfterUncaught.accept(outOfMemory.print(error));
      } else if (previous != null) {
        previous.uncaughtException(thread, error);
      } else {
        thread.getThreadGroup().uncaughtException(thread, error);
      }
    });
    try {
      return run(setUp, outOfMemory, args);
    } catch (OutOfMemoryError e) {
      // run's frame, and with it the command and what it loaded, is gone: that memory is free again
      return outOfMemory.print(e);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  private static int run(Consumer<CommandLine> setUp, OutOfMemoryReport outOfMemory, String[] args) {
    CommandLine cli = new CommandLine(new GlossaCommand());
    setUp.accept(cli);
    cli.setExecutionStrategy(parseResult -> {
      CommandLine.ParseResult last = parseResult;
      while (last.subcommand() != null) {
        last = last.subcommand();
      }
      outOfMemory.commandIs(last.commandSpec().qualifiedName(), deepVerbose(parseResult));
      return new CommandLine.RunLast().execute(parseResult);
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (OutOfMemoryReport.cause(e) != null) {
        return outOfMemory.print(e); // thrown in a worker thread and handed on wrapped
      }
      boolean verbose = parseResult.hasMatchedOption("-v") || parseResult.subcommands().stream()
          .anyMatch(p -> p.hasMatchedOption("-v")) || deepVerbose(parseResult);
      if (verbose) {
        e.printStackTrace(System.err);
      }
      if (e instanceof DataException || e instanceof IllegalArgumentException) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
      if (e instanceof UncheckedIOException) {
        System.err.println("error: " + e.getMessage());
        return 1;
      }
      System.err.println("error: " + e + (verbose ? "" : " (run with -v for details)"));
      return 1;
    });
    try {
      args = ConfigFile.expand(cli, args);
    } catch (DataException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    return cli.execute(args);
  }

  private static boolean deepVerbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult p = result; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }

  /** The version and commit Maven wrote into the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"glossa " + BuildInfo.describe(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
