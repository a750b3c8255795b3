package org.glossa.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.glossa.data.Dataset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.Installed;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.NpyArray;
import org.glossa.data.PoseFile;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.extract.Extractor;
import org.glossa.extract.JvmLandmarker;
import org.glossa.extract.TestVideos;
import org.glossa.recognize.DecodeOptions;
import org.glossa.recognize.EvaluationReport;
import org.glossa.recognize.Evaluator;
import org.glossa.recognize.Recognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus job on a real standalone cluster (issue 19), once per Spark home: a master and workers as separate
 * processes on 127.0.0.1, the submit jar and the model shipped by SparkSubmit, {@code features} and {@code
 * recognize} with one worker and with two, {@code landmarks} with two (MediaPipe Holistic in the executors' JVMs, no
 * Chromium), and {@code features} again with a worker and its executor SIGKILLed after some tasks finished. Every
 * run is compared with the single-machine code in this JVM: feature files byte for byte, landmarks point for point
 * with what {@code glossa extract} writes, hypotheses and WER with {@link Evaluator} (what {@code glossa evaluate}
 * calls) on the same ONNX model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {

  private static final List<String> BAD_POSES = List.of("train/broken", "test/empty");
  private static final String BAD_FEATURES = "test/truncated";
  private static final String BAD_VIDEO = "train/corrupt";
  /** Sentences of the corpus: 300 in the build; more by hand for throughput figures (-Dglossa.cluster.sentences). */
  private static final int SENTENCES = Integer.getInteger("glossa.cluster.sentences", 300);

  @TempDir
  static Path temp;
  static Path poses;
  static Path featureInput;
  static Path videos;
  static Path references;
  static Path model;
  static Path submitJar;
  /** id (relative path without extension) -> the single machine's .npy bytes. */
  static final Map<String, byte[]> expectedFeatures = new TreeMap<>();
  /** id -> the Evaluator's hypothesis; and the WER line of the test split as the Spark job prints it. */
  static final Map<String, String> expectedHypotheses = new TreeMap<>();
  /** id -> what single-machine extraction writes for the video. */
  static final Map<String, PoseFile> expectedPoses = new TreeMap<>();
  static String expectedWer;
  static final List<String> figures = new ArrayList<>();

  @BeforeAll
  static void corpus() throws IOException, InterruptedException {
    model = Path.of(System.getProperty("glossa.model"));
    submitJar = Path.of(System.getProperty("glossa.submit.jar"));
    // the quickstart's corpus settings (the model's training data), SENTENCES sentences, the .pose files beside it
    Path data = temp.resolve("corpus");
    new SyntheticCorpus(SynthConfig.defaults().toBuilder().trainSentences(SENTENCES * 2 / 3)
        .devSentences(SENTENCES / 15).testSentences(SENTENCES - SENTENCES * 2 / 3 - SENTENCES / 15)
        .writePose(true).build()).write(data, false);
    poses = temp.resolve("corpus-pose");
    try (Stream<Path> files = Files.walk(poses)) {
      for (Path pose : files.filter(f -> f.toString().endsWith(".pose")).sorted().toList()) {
        float[][] features = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(pose), pose),
            FaceSubset.COMPACT);
        expectedFeatures.put(id(poses, pose), Npy.toBytes(NpyArray.ofMatrix(features,
            EnhancedFeatures.layout(FaceSubset.COMPACT).featureDim())));
      }
    }
    Files.writeString(poses.resolve("train/broken.pose"), "not a pose file");
    Files.write(poses.resolve("test/empty.pose"), new byte[0]);

    // recognition input: the dataset's own feature files (all splits), and one cut short
    featureInput = temp.resolve("features");
    try (Stream<Path> files = Files.walk(data.resolve("features"))) {
      for (Path npy : files.filter(f -> f.toString().endsWith(".npy")).toList()) {
        Path copy = featureInput.resolve(data.resolve("features").relativize(npy).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(npy, copy);
      }
    }
    byte[] whole = Files.readAllBytes(featureInput.resolve("test").toFile().listFiles()[0].toPath());
    Files.write(featureInput.resolve(BAD_FEATURES + ".npy"), Arrays.copyOf(whole, whole.length / 2));
    references = data.resolve("test.tsv");

    Dataset dataset = Dataset.open(data);
    try (Recognizer recognizer = Recognizer.open(model)) {
      for (String split : List.of("train", "dev", "test")) {
        // one sentence a forward pass, as the job recognises: the INT8 model quantizes its activations with one
        // scale per tensor, so in a padded batch of 16 a sentence's hypothesis can depend on its batch-mates
        EvaluationReport report = Evaluator.evaluate(recognizer, dataset, split,
            DecodeOptions.GREEDY.toBuilder().batchSize(1).build());
        report.hypotheses().forEach((id, glosses) -> expectedHypotheses.put(split + "/" + id,
            String.join(" ", glosses)));
        if (split.equals("test")) {
          expectedWer = String.format("WER %.2f%% (S=%d D=%d I=%d N=%d), %d sentences", report.wer(),
              report.substitutions(), report.deletions(), report.insertions(), report.referenceWords(),
              report.sentences());
        }
      }
    }
    // the landmarks stage's videos: a clip, a person moving in and out of the frame, a PHOENIX-style frame folder
    // and a corrupt file; what single-machine extract writes with one ONNX Runtime thread, as each executor runs
    Installed.require(TestVideos.PERSON_PHOTO, "a photo of a person from Debian's opencv-doc");
    BufferedImage photo = TestVideos.read(TestVideos.PERSON_PHOTO);
    videos = temp.resolve("videos");
    TestVideos.clip(photo, 640, 400, 8, "mp4", videos.resolve("dev/clip.mp4"));
    TestVideos.motionClip(photo, 640, 400, 20, videos.resolve("train/moving.mp4"));
    TestVideos.frameFolder(photo, 210, 260, 3, videos.resolve("train/folder-video/1"));
    Files.writeString(videos.resolve(BAD_VIDEO + ".avi"), "not a video");
    Path single = temp.resolve("single-poses");
    try (JvmLandmarker landmarker = new JvmLandmarker(1, 1, 1)) {
      new Extractor(landmarker::landmarks, 1, null, 25f).run(Extractor.discover(videos), single, System.err, false);
    }
    try (Stream<Path> files = Files.walk(single)) {
      for (Path pose : files.filter(f -> f.toString().endsWith(".pose")).toList()) {
        expectedPoses.put(id(single, pose), PoseFile.read(pose));
      }
    }
    assertEquals(Set.of("dev/clip", "train/moving", "train/folder-video"), expectedPoses.keySet());

    assertEquals(SENTENCES, expectedFeatures.size());
    assertEquals(SENTENCES, expectedHypotheses.size());
    assertTrue(expectedHypotheses.values().stream().filter(h -> !h.isEmpty()).count() > SENTENCES * 0.8,
        "the model recognises glosses on this corpus");
  }

  @Test
  @Order(1)
  void spark35() throws Exception {
    runOn(home("spark-3.5"));
  }

  @Test
  @Order(2)
  void spark42() throws Exception {
    runOn(home("spark-4.2"));
  }

  static Path home(String line) {
    return Arrays.stream(System.getProperty("glossa.spark.homes").split(",")).map(Path::of)
        .filter(p -> p.getParent().getParent().getFileName().toString().equals(line)).findFirst().orElseThrow();
  }

  void runOn(Path home) throws Exception {
    Path work = temp.resolve(home.getParent().getParent().getFileName().toString());
    List<String> opens = Arrays.asList(System.getProperty("glossa.java.opens").trim().split("\\s+"));
    try (StandaloneCluster cluster = new StandaloneCluster(home, work.resolve("cluster"), opens)) {
      String spark = "Spark " + cluster.version + " (Scala " + cluster.scala + ")";
      log(spark + " from " + home.normalize());
      cluster.startMaster();
      log(spark + ": master started, " + cluster.masterUrl());
      cluster.addWorker();
      log(spark + ": worker 1 registered (1 core)");
      for (int workers = 1; workers <= 2; workers++) {
        if (workers == 2) {
          cluster.addWorker();
          log(spark + ": worker 2 registered (1 core)");
        }
        Path features = work.resolve("features-" + workers);
        StandaloneCluster.Submission run = features(cluster, "features-" + workers, workers, features, null);
        checkFeatures(run, features);
        figure(spark, "features", workers, run);
        Path recognized = work.resolve("recognize-" + workers);
        StandaloneCluster.Submission recognition = recognize(cluster, "recognize-" + workers, workers, recognized);
        checkRecognition(recognition, recognized);
        figure(spark, "recognize", workers, recognition);
      }

      Path poses = work.resolve("landmarks-2");
      StandaloneCluster.Submission landmarks = landmarks(cluster, "landmarks-2", 2, poses);
      checkLandmarks(landmarks, poses);
      figure(spark, "landmarks", 2, landmarks);

      // The fault: worker 2 and its executor SIGKILLed after two tasks finished; the job ends on worker 1.
      Path features = work.resolve("features-killed");
      StandaloneCluster.Worker victim = cluster.workers().get(1);
      long finishedBefore = cluster.executorLogLines("Finished task");
      String[] killReport = new String[1];
      StandaloneCluster.Submission run = features(cluster, "features-killed", 2, features, () -> {
        StandaloneCluster.await(() -> cluster.executorLogLines("Finished task") >= finishedBefore + 2,
            Duration.ofMinutes(5), "no task finished");
        long written = countFiles(features, ".npy");
        List<Long> pids = StandaloneCluster.kill(victim);
        killReport[0] = "killed worker 2 and its executor (SIGKILL, pids " + pids + ") after "
            + (cluster.executorLogLines("Finished task") - finishedBefore) + " finished tasks, " + written
            + " of " + SENTENCES + " outputs written";
      });
      log(spark + ": " + killReport[0]);
      assertTrue(killReport[0] != null, "the worker was killed while the job ran");
      assertTrue(Files.readString(run.log()).contains("Lost executor"), "the driver saw the executor go");
      checkFeatures(run, features);
      figure(spark, "features, worker 2 killed", 2, run);
      log(spark + ": after the kill all " + SENTENCES + " feature files are byte-identical to the single machine's,"
          + " no temporary file left, the results table has every id once, the failures table only the 2 bad files");
    } finally {
      keepLogs(work.resolve("cluster"), Path.of("target", "cluster-logs", work.getFileName().toString()));
    }
  }

  @AfterAll
  static void summary() {
    log("figures of this run:");
    figures.forEach(SparkClusterTest::log);
  }

  private static StandaloneCluster.Submission features(StandaloneCluster cluster, String name, int cores, Path out,
      Runnable during) throws Exception {
    StandaloneCluster.Submission run = cluster.submit(name, cores, List.of("--class", "org.glossa.spark.Main"),
        List.of(submitJar.toString(), "features", "--input", poses.toUri().toString(), "--out",
            out.toUri().toString()), during);
    assertEquals(0, run.exitCode(), () -> name + " failed: " + tail(run.log()));
    return run;
  }

  private static StandaloneCluster.Submission recognize(StandaloneCluster cluster, String name, int cores, Path out)
      throws Exception {
    // the model goes to every executor with --files, and --model names it in the executor's working folder
    StandaloneCluster.Submission run = cluster.submit(name, cores, List.of("--class", "org.glossa.spark.Main",
        "--files", model.toString()), List.of(submitJar.toString(), "recognize", "--input",
        featureInput.toUri().toString(), "--model", model.getFileName().toString(), "--out", out.toUri().toString(),
        "--references", references.toUri().toString()), null);
    assertEquals(0, run.exitCode(), () -> name + " failed: " + tail(run.log()));
    return run;
  }

  private static StandaloneCluster.Submission landmarks(StandaloneCluster cluster, String name, int cores, Path out)
      throws Exception {
    StandaloneCluster.Submission run = cluster.submit(name, cores, List.of("--class", "org.glossa.spark.Main"),
        List.of(submitJar.toString(), "landmarks", "--input", videos.toUri().toString(), "--out",
            out.toUri().toString()), null);
    assertEquals(0, run.exitCode(), () -> name + " failed: " + tail(run.log()));
    return run;
  }

  private static void checkLandmarks(StandaloneCluster.Submission run, Path out) throws IOException {
    for (Map.Entry<String, PoseFile> expected : expectedPoses.entrySet()) {
      String id = expected.getKey();
      PoseFile distributed = PoseFile.read(out.resolve(id + ".pose"));
      assertEquals(expected.getValue().numFrames(), distributed.numFrames(), id);
      assertArrayEquals(expected.getValue().data(), distributed.data(), id + ": the same points");
      assertArrayEquals(expected.getValue().confidence(), distributed.confidence(), id + ": the same confidences");
    }
    List<Map<String, String>> results = SparkTables.readCsv(out.resolve("_glossa/landmarks-results.csv"));
    assertEquals(expectedPoses.keySet(), new TreeSet<>(results.stream().map(r -> r.get("id")).toList()),
        "the results table names every good video once: " + results);
    assertEquals(expectedPoses.size(), results.size());
    assertFailures(out.resolve("_glossa/landmarks-failures.csv"), List.of(BAD_VIDEO));
    assertEquals(1, countLine(run, "landmarks: " + expectedPoses.size() + " done"),
        () -> String.join("\n", run.output()));
  }

  private static void checkFeatures(StandaloneCluster.Submission run, Path out) throws IOException {
    Set<String> written = new TreeSet<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = out.relativize(file).toString();
        String name = file.getFileName().toString();
        if (relative.startsWith("_glossa/")) {
          continue;
        }
        if (name.startsWith(".") && name.endsWith(".npy.crc")) {
          // Hadoop's local file system keeps a checksum beside each file it writes: one per output, not a leftover
          assertTrue(Files.exists(file.resolveSibling(name.substring(1, name.length() - 4))), relative);
          continue;
        }
        assertTrue(relative.endsWith(".npy") && !file.getFileName().toString().startsWith("."),
            "only feature files, no temporary file: " + relative);
        String id = relative.substring(0, relative.length() - 4);
        assertArrayEquals(expectedFeatures.get(id), Files.readAllBytes(file), id + " is byte-identical");
        written.add(id);
      }
    }
    assertEquals(expectedFeatures.keySet(), written, "every .pose has its features, no other file");
    List<Map<String, String>> results = SparkTables.readCsv(out.resolve("_glossa/features-results.csv"));
    Map<String, Integer> times = new HashMap<>();
    results.forEach(r -> times.merge(r.get("id"), 1, Integer::sum));
    assertEquals(expectedFeatures.keySet(), times.keySet(), "the results table names every good file");
    assertTrue(times.values().stream().allMatch(n -> n == 1), "each once: " + times);
    assertTrue(results.stream().allMatch(r -> Set.of("done", "skipped").contains(r.get("status"))));
    assertFailures(out.resolve("_glossa/features-failures.csv"), BAD_POSES);
    assertEquals(1, countLine(run, "features: " + results.stream().filter(r -> r.get("status").equals("done"))
        .count() + " done"), () -> String.join("\n", run.output()));
  }

  private static void checkRecognition(StandaloneCluster.Submission run, Path out) throws IOException {
    Map<String, String> hypotheses = new TreeMap<>();
    for (Map<String, String> row : SparkTables.readCsv(out.resolve("_glossa/recognize-results.csv"))) {
      assertEquals(null, hypotheses.put(row.get("id"), row.get("hypothesis")), "once: " + row.get("id"));
    }
    assertEquals(expectedHypotheses, hypotheses, () -> "every hypothesis as the Evaluator's; differing: "
        + differences(expectedHypotheses, hypotheses));
    assertFailures(out.resolve("_glossa/recognize-failures.csv"), List.of(BAD_FEATURES));
    assertEquals(expectedWer, Files.readString(out.resolve("_glossa/recognize-wer.txt")).trim());
    assertEquals(1, countLine(run, expectedWer), () -> String.join("\n", run.output()));
  }

  /** The first few ids whose values differ, with both values: what a failed comparison shows. */
  private static String differences(Map<String, String> expected, Map<String, String> actual) {
    Set<String> ids = new TreeSet<>(expected.keySet());
    ids.addAll(actual.keySet());
    return ids.stream().filter(id -> !java.util.Objects.equals(expected.get(id), actual.get(id))).limit(5)
        .map(id -> id + ": expected [" + expected.get(id) + "], got [" + actual.get(id) + "]")
        .collect(java.util.stream.Collectors.joining("; "));
  }

  private static void assertFailures(Path table, List<String> ids) throws IOException {
    List<Map<String, String>> failures = SparkTables.readCsv(table);
    assertEquals(new TreeSet<>(ids), new TreeSet<>(failures.stream().map(r -> r.get("id")).toList()),
        "only the genuinely bad inputs fail: " + failures);
    for (Map<String, String> failure : failures) {
      assertTrue(failure.get("problem").contains(Path.of(failure.get("id")).getFileName().toString()),
          "the problem names the file: " + failure);
    }
  }

  private static void figure(String spark, String stage, int workers, StandaloneCluster.Submission run) {
    String job = run.output().stream().filter(l -> l.contains("records in")).findFirst().orElse("?");
    String line = String.format(Locale.ROOT, "%s | %s | %d worker%s | submit %.1f s | %s | driver peak %d MiB,"
        + " executor peak %d MiB", spark, stage, workers, workers == 1 ? "" : "s", run.seconds(),
        job.substring(job.indexOf(':') + 2), run.driverPeakKib() / 1024, run.executorPeakKib() / 1024);
    figures.add(line);
    log(line);
  }

  private static long countLine(StandaloneCluster.Submission run, String start) {
    return run.output().stream().filter(l -> l.startsWith(start)).count();
  }

  private static long countFiles(Path dir, String extension) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(extension)
          && !f.getFileName().toString().startsWith(".")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file renamed while walking: counted at the next look
    }
  }

  /** Copies the processes' logs (master, workers, drivers, executors) where they outlive the test's folder. */
  private static void keepLogs(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".log")
          || f.toString().endsWith(".out") || f.getFileName().toString().equals("stderr"))).toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static String id(Path root, Path file) {
    String relative = root.relativize(file).toString();
    return relative.substring(0, relative.lastIndexOf('.'));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void log(String line) {
    System.out.println("[cluster] " + line);
  }
}
