package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.glossa.data.FaceSubset;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.train.Checkpoint;
import org.glossa.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real training process with SIGKILL in the middle of training, resumes it, and checks that the
 * resumed run ends exactly where an uninterrupted run with the same seed ends.
 */
class CrashResumeTest {

  @TempDir
  Path temp;

  private static final int EPOCHS = 6;

  private Process start(Path data, Path out, boolean resume) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
        "org.glossa.cli.GlossaCommand", "train", "--data_dir", data.toString(), "--output_dir", out.toString(),
        "--preset", "tiny", "--epochs", Integer.toString(EPOCHS), "--batch_size", "4", "--lr", "3e-3", "--dropout",
        "0.1", "--seed", "5", "--workers", "1", "--max_batches", "6", "--warmup_steps", "5"));
    if (resume) {
      command.add("--resume");
    }
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.resolveSibling(out.getFileName() + (resume ? "-resume" : "") + ".log").toFile()).start();
  }

  private static double[] losses(Path out) {
    Checkpoint.Contents contents = Checkpoint.load(out.resolve("last.ckpt"));
    contents.model().close();
    return contents.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
  }

  @Test
  void killNineThenResumeEqualsAnUninterruptedRun() throws Exception {
    Path data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(3L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    Files.createDirectories(temp.resolve("straight"));
    Files.createDirectories(temp.resolve("crashed"));
    Process straight = start(data, temp.resolve("straight"), false);
    Process victim = start(data, temp.resolve("crashed"), false);
    Path last = temp.resolve("crashed/last.ckpt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(last) && victim.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(Files.exists(last), "the first epoch never finished: " + log(temp.resolve("crashed.log")));
    Thread.sleep(150); // into the second epoch, or the next checkpoint's write
    victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
    assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, victim.exitValue(), "killed by SIGKILL, not finished: " + log(temp.resolve("crashed.log")));
    int done = losses(temp.resolve("crashed")).length;
    assertTrue(done >= 1 && done < EPOCHS, "killed after " + done + " epochs");

    Process resumed = start(data, temp.resolve("crashed"), true);
    assertTrue(resumed.waitFor(180, TimeUnit.SECONDS) && resumed.exitValue() == 0,
        log(temp.resolve("crashed-resume.log")));
    assertTrue(straight.waitFor(180, TimeUnit.SECONDS) && straight.exitValue() == 0, log(temp.resolve("straight.log")));
    String resumeLog = log(temp.resolve("crashed-resume.log"));
    assertTrue(resumeLog.contains("resuming from"));
    // loading the checkpoint's weights writes nothing to the terminal from libtorch (the process's own stderr)
    assertTrue(!resumeLog.contains("AutoNonVariableTypeMode") && !resumeLog.contains("Warning:"), resumeLog);

    double[] expected = losses(temp.resolve("straight"));
    double[] actual = losses(temp.resolve("crashed"));
    assertEquals(EPOCHS, expected.length);
    assertArrayEquals(expected, actual, 0.0, Arrays.toString(expected) + " vs " + Arrays.toString(actual));
    try (Stream<Path> files = Files.list(temp.resolve("crashed"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), "stale temporary files: " + names);
      assertEquals(2, names.stream().filter(n -> n.startsWith("events.out.tfevents.")).count(), names.toString());
    }
  }

  private static String log(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(no log)";
  }
}
