package org.glossa.spark;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.glossa.data.DataException;
import org.glossa.data.FaceSubset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point for {@code spark-submit --class org.glossa.spark.Main glossa.jar STAGE ...} (docs/phoenix.md): one
 * stage per run, paths as Hadoop URIs. Prints the counts and the WER; exit 0 even when some records failed (they
 * are in the failures table), 2 for a usage or input error.
 */
@Command(name = "glossa-spark", mixinStandardHelpOptions = true, subcommands = {Main.Landmarks.class,
    Main.Features.class, Main.Recognize.class},
    description = "Glossa's corpus stages on Apache Spark: landmarks, features, recognize.")
public final class Main implements Runnable {

  @Option(names = "--master", description = "Spark master when not run by spark-submit, e.g. local[2].")
  String master;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  SparkSession session() {
    SparkSession.Builder builder = SparkSession.builder().appName("glossa");
    if (master != null) {
      builder.master(master);
    }
    return builder.getOrCreate();
  }

  /** Runs one stage in a session of its own and reports it. */
  int run(String stage, Function<SparkSession, CorpusJob.StageResult> job) {
    long start = System.nanoTime();
    try (SparkSession spark = session()) {
      long ready = System.nanoTime();
      return report(stage, job.apply(spark), start, ready);
    }
  }

  /**
   * Prints the counts, the frames, and the time twice: from the command's start (Spark's start-up included) and
   * from the moment the session was ready (the stage alone), each with records/s.
   */
  static int report(String stage, CorpusJob.StageResult result, long startNanos, long readyNanos) {
    long end = System.nanoTime();
    double seconds = (end - startNanos) / 1e9;
    double stageSeconds = (end - readyNanos) / 1e9;
    long frames = result.outcomes().stream().mapToLong(CorpusJob.Outcome::frames).sum();
    int records = result.outcomes().size();
    System.out.printf("%s: %d done, %d skipped (already there), %d failed; %,d frames in %.1f s (%.0f frames/s)%n",
        stage, result.count("done"), result.count("skipped"), result.count("failed"), frames, seconds,
        frames / Math.max(1e-9, seconds));
    System.out.printf(Locale.ROOT, "%s: %d records in %.2f s with Spark's start-up (%.1f records/s), "
        + "%.2f s without it (%.1f records/s)%n", stage, records, seconds, records / Math.max(1e-9, seconds),
        stageSeconds, records / Math.max(1e-9, stageSeconds));
    result.outcomes().stream().filter(o -> o.status().equals("failed"))
        .forEach(o -> System.out.println("failed: " + o.id() + ": " + o.problem()));
    if (!result.werSummary().isEmpty()) {
      System.out.print(result.werSummary());
    }
    return 0;
  }

  @Command(name = "landmarks", mixinStandardHelpOptions = true,
      description = "Videos and frame folders -> .pose (MediaPipe Holistic in each executor's JVM, or with --engine "
          + "browser in headless Chromium, one per executor).")
  static final class Landmarks implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;
    @Option(names = "--input", required = true) String input;
    @Option(names = "--out", required = true) String out;
    @Option(names = "--complexity", defaultValue = "1") int complexity;
    @Option(names = "--engine", defaultValue = "jvm") String engine;
    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium") String chromium;
    @Option(names = "--fps", defaultValue = "25") float fps;

    @Override
    public Integer call() {
      return parent.run("landmarks", spark -> CorpusJob.landmarks(spark, input, out, complexity, engine, chromium,
          fps));
    }
  }

  @Command(name = "features", mixinStandardHelpOptions = true, description = ".pose -> enhanced features (.npy).")
  static final class Features implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;
    @Option(names = "--input", required = true) String input;
    @Option(names = "--out", required = true) String out;
    @Option(names = "--face", defaultValue = "compact") String face;

    @Override
    public Integer call() {
      return parent.run("features", spark -> CorpusJob.features(spark, input, out, FaceSubset.parse(face)));
    }
  }

  @Command(name = "recognize", mixinStandardHelpOptions = true,
      description = ".npy or .pose -> glosses with an ONNX model; WER with --references.")
  static final class Recognize implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;
    @Option(names = "--input", required = true) String input;
    @Option(names = "--model", required = true, description = "An exported .onnx model (Hadoop path).")
    String model;
    @Option(names = "--out", required = true) String out;
    @Option(names = "--references", description = "Glossa .tsv, PHOENIX .csv or NIST .stm annotations.")
    String references;

    @Override
    public Integer call() {
      return parent.run("recognize", spark -> CorpusJob.recognize(spark, input, model, out, references));
    }
  }

  public static void main(String[] args) {
    CommandLine line = new CommandLine(new Main());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof DataException || e instanceof IllegalArgumentException) {
        System.err.println("glossa-spark: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(line.execute(args));
  }
}
