package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.glossa.data.DatasetWriter;
import org.glossa.data.FeatureLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Running out of Java heap ends the CLI with one line naming the input and GLOSSA_JAVA_OPTS (issue 16). */
class OutOfMemoryReportTest {

  @TempDir
  Path temp;

  /** A command that exists only in this test: it fails the way a command that exhausts the heap fails. */
  @Command(name = "exhaust")
  static final class Exhausting implements Callable<Integer> {
    @Parameters(index = "0")
    Path input;
    @Option(names = "--out")
    Path out;
    @Option(names = "--wrapped")
    boolean wrapped;

    @Option(names = "--in_thread")
    boolean inThread;

    @Override
    public Integer call() throws InterruptedException {
      OutOfMemoryError error = new OutOfMemoryError("Java heap space");
      if (inThread) { // a thread nobody joins for its result, as a server's
        Thread thread = new Thread(() -> {
          throw error;
        }, "worker");
        thread.start();
        thread.join();
        return 0;
      }
      if (wrapped) {
        throw new CompletionException(error); // how a worker thread's error reaches the command
      }
      throw error;
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = GlossaCommand.execute(cli -> cli.addSubcommand(new Exhausting()), args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void outOfMemoryGivesOneLineNamingCommandInputAndGlossaJavaOpts() throws IOException {
    Path input = Files.createDirectories(temp.resolve("big-dataset"));
    Path out = Files.createDirectories(temp.resolve("out"));
    for (String[] args : List.of(new String[] {"exhaust", input.toString(), "--out", out.toString()},
        new String[] {"exhaust", input.toString(), "--wrapped", "--out=" + out})) {
      Run r = run(args);
      assertEquals(1, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: out of memory in glossa exhaust on " + input + ": the Java heap limit is "),
          r.err());
      assertTrue(r.err().contains("GLOSSA_JAVA_OPTS=-Xmx"), r.err());
      assertFalse(r.err().contains(out.toString()), "the output folder is not an input: " + r.err());
      assertFalse(r.err().contains("at org."), r.err());
    }
  }

  @Test
  void outOfMemoryInAnotherThreadGivesTheSameLineAndExitsWithOne() throws IOException {
    Path input = Files.createDirectories(temp.resolve("served"));
    List<Integer> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.IntConsumer exit = GlossaCommand.exitAfterUncaught;
    Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
    GlossaCommand.exitAfterUncaught = exits::add;
    try {
      Run r = run("exhaust", input.toString(), "--in_thread");
      assertEquals(List.of(1), exits);
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: out of memory in glossa exhaust on " + input), r.err());
      assertFalse(r.err().contains("Exception in thread") || r.err().contains("at org."), r.err());
    } finally {
      GlossaCommand.exitAfterUncaught = exit;
      Thread.setDefaultUncaughtExceptionHandler(handler);
    }
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path input = Files.createFile(temp.resolve("input.npy"));
    Run r = run("-v", "exhaust", input.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: out of memory in glossa exhaust on " + input), r.err());
    assertTrue(r.err().contains("java.lang.OutOfMemoryError: Java heap space"), r.err());
    assertTrue(r.err().contains("at org.glossa.cli.OutOfMemoryReportTest$Exhausting.call"), r.err());
  }

  @Test
  void suggestsAtLeastTwiceTheCurrentHeapAsAPowerOfTwo() {
    assertEquals("64m", OutOfMemoryReport.suggestedHeap(32L << 20));
    assertEquals("64m", OutOfMemoryReport.suggestedHeap(30L << 20));
    assertEquals("8g", OutOfMemoryReport.suggestedHeap(3900L << 20));
    assertEquals("8g", OutOfMemoryReport.suggestedHeap(4096L << 20));
  }

  @Test
  void inputsAreTheExistingPathsExceptOutputs() throws IOException {
    Path data = Files.createDirectories(temp.resolve("data"));
    Path model = Files.createFile(temp.resolve("m.ckpt"));
    Path output = Files.createDirectories(temp.resolve("o"));
    assertEquals(data + ", " + model, OutOfMemoryReport.describeInputs(new String[] {"evaluate", "--data_dir",
        data.toString(), "--model=" + model, "--output_dir", output.toString(), "--split", "test", "--html",
        output.toString(), temp.resolve("missing").toString()}));
  }

  /**
   * A real run: {@code glossa data stats} on a valid dataset whose training split (48 MB of features) cannot fit
   * a 32 MB heap, in a child JVM.
   */
  @Test
  void dataStatsOnADatasetLargerThanTheHeapEndsWithOneLine() throws Exception {
    Path dataset = temp.resolve("large-dataset");
    DatasetWriter writer = new DatasetWriter(dataset, false);
    float[][] frames = new float[30_000][100]; // 12 MB per sample
    for (int i = 0; i < 4; i++) {
      writer.add("train", i, "t" + i, "S1", List.of("REGEN", "SONNE"), frames, 100);
    }
    writer.add("dev", 0, "d0", "S2", List.of("SONNE"), new float[10][100], 100);
    writer.add("test", 0, "e0", "S3", List.of("REGEN"), new float[10][100], 100);
    writer.finish("large", 25f, FeatureLayout.unstructured(100), "external", "larger than a 32 MB heap");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        "org.glossa.cli.GlossaCommand", "data", "stats", dataset.toString())
        .redirectOutput(temp.resolve("stdout.txt").toFile()).redirectError(temp.resolve("stderr.txt").toFile())
        .start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM finishes");
    String err = Files.readString(temp.resolve("stderr.txt"));
    assertEquals(1, process.exitValue(), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("error: out of memory in glossa data stats on " + dataset
        + ": the Java heap limit is "), err);
    assertTrue(err.contains("GLOSSA_JAVA_OPTS=-Xmx64m"), err);
    assertFalse(err.contains("at org.") || err.contains("Exception in thread"), err);
  }
}
