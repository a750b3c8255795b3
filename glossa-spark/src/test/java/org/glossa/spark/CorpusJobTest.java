package org.glossa.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glossa.data.Dataset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.PoseFile;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.export.OnnxExport;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.DecodeOptions;
import org.glossa.recognize.EvaluationReport;
import org.glossa.recognize.Evaluator;
import org.glossa.recognize.Recognizer;
import org.glossa.train.TinyModel;
import org.glossa.train.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark stages in local mode against the single-machine code on a small synthetic corpus. */
class CorpusJobTest {

  @TempDir
  static Path temp;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().appName("glossa-test").master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void recognitionEqualsTheEvaluatorExactly() throws Exception {
    Path ckpt = TinyModel.train(temp.resolve("model"));
    Path data = temp.resolve("model/data");
    Path onnx = temp.resolve("model.onnx");
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      OnnxExport.write(model, new OnnxExport.Options(false, false, OnnxExport.DEFAULT_FP32), "test", onnx);
    }
    // what glossa evaluate reports: the same Evaluator call
    EvaluationReport evaluation;
    try (Recognizer recognizer = Recognizer.open(onnx)) {
      evaluation = Evaluator.evaluate(recognizer, Dataset.open(data), "test", DecodeOptions.GREEDY);
    }
    Map<String, String> expected = new HashMap<>();
    evaluation.hypotheses().forEach((id, glosses) -> expected.put(id, String.join(" ", glosses)));
    double expectedWer = evaluation.wer();

    String out = temp.resolve("spark-recognize").toUri().toString();
    CorpusJob.StageResult result = CorpusJob.recognize(spark, data.resolve("features/test").toUri().toString(),
        onnx.toUri().toString(), out, data.resolve("test.tsv").toUri().toString());
    Map<String, String> actual = result.outcomes().stream().collect(Collectors.toMap(CorpusJob.Outcome::id,
        CorpusJob.Outcome::hypothesis));
    assertEquals(expected.size(), actual.size());
    assertEquals(expected, actual, "same hypothesis for every sentence");
    assertEquals(expectedWer, result.wer(), 1e-9, "same WER");
    // The results table holds the same, in Parquet and in CSV.
    List<Row> rows = spark.read().parquet(out + "/_glossa/recognize-results.parquet").collectAsList();
    assertEquals(expected.size(), rows.size());
    for (Row row : rows) {
      assertEquals(expected.get(row.getString(0)), row.getString(2) == null ? "" : row.getString(2));
    }
    assertEquals(expected.size(), spark.read().option("header", "true")
        .csv(out + "/_glossa/recognize-results.csv").count());
  }

  @Test
  void featuresEqualTheSingleMachineOnesAndABadFileIsReportedNotFatal() throws Exception {
    Path corpus = temp.resolve("corpus");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(12).devSentences(4).testSentences(4)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(11L).writePose(true).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(corpus, false);
    Path poses = temp.resolve("corpus-pose");
    Files.writeString(poses.resolve("train/broken.pose"), "not a pose file");
    String out = temp.resolve("spark-features").toUri().toString();

    CorpusJob.StageResult first = CorpusJob.features(spark, poses.toUri().toString(), out, FaceSubset.COMPACT);
    assertEquals(20, first.count("done"));
    assertEquals(1, first.count("failed"));
    List<Row> failures = spark.read().parquet(out + "/_glossa/features-failures.parquet").collectAsList();
    assertEquals(1, failures.size());
    assertEquals("train/broken", failures.get(0).getString(0));
    assertTrue(failures.get(0).getString(2).contains("broken.pose"), failures.get(0).getString(2));

    try (var files = Files.walk(poses)) {
      for (Path pose : files.filter(f -> f.toString().endsWith(".pose") && !f.endsWith("broken.pose")).toList()) {
        String id = poses.relativize(pose).toString().replaceFirst("\\.pose$", "");
        float[][] single = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(pose), pose),
            FaceSubset.COMPACT);
        float[][] distributed = Npy.readMatrix(Path.of(java.net.URI.create(out)).resolve(id + ".npy"));
        assertEquals(single.length, distributed.length, id);
        for (int t = 0; t < single.length; t++) {
          assertArrayEquals(single[t], distributed[t], 0f, id + " frame " + t);
        }
      }
    }

    // Again, after a task killed in mid-write left its temporary file: everything done is skipped, the bad file is
    // reported again, and the temporary file is gone while a file of the user's with a similar name stays.
    Path written = Path.of(java.net.URI.create(out));
    Path leftover = written.resolve("train/.train_00000.npy.0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.tmp");
    Files.write(leftover, new byte[] {1, 2, 3});
    Path users = Files.writeString(written.resolve("train/.notes.tmp"), "mine");
    CorpusJob.StageResult second = CorpusJob.features(spark, poses.toUri().toString(), out, FaceSubset.COMPACT);
    assertEquals(0, second.count("done"));
    assertEquals(20, second.count("skipped"));
    assertEquals(1, second.count("failed"));
    assertTrue(Files.notExists(leftover), "the killed task's temporary file is swept");
    assertTrue(Files.exists(users));
  }

  @Test
  void landmarksStageExtractsVideosAndFrameFoldersWithTheBrowser() throws Exception {
    org.glossa.data.Installed.require(org.glossa.extract.BrowserLandmarker.DEFAULT_CHROMIUM,
        "Debian's chromium");
    Path videos = personVideos(temp.resolve("videos"), 4);
    String out = temp.resolve("spark-poses").toUri().toString();

    CorpusJob.StageResult result = CorpusJob.landmarks(spark, videos.toUri().toString(), out, 0, "browser",
        org.glossa.extract.BrowserLandmarker.DEFAULT_CHROMIUM.toString(), 25f);
    assertEquals(2, result.count("done"), result.outcomes().toString());
    assertEquals(1, result.count("failed"));
    Path poses = Path.of(java.net.URI.create(out));
    for (String id : new String[] {"dev/clip", "train/folder-video"}) {
      PoseFile pose = PoseFile.read(poses.resolve(id + ".pose"));
      int body = pose.componentOffset("POSE_LANDMARKS");
      for (int f = 0; f < pose.numFrames(); f++) {
        for (int p = 0; p < 33; p++) {
          assertTrue(pose.confidence(f, 0, body + p) > 0, id + " frame " + f + " point " + p);
        }
      }
    }
    List<Row> failures = spark.read().parquet(out + "/_glossa/landmarks-failures.parquet").collectAsList();
    assertEquals("train/corrupt", failures.get(0).getString(0));
  }

  @Test
  void landmarksStageWithTheJvmEngineWritesWhatSingleMachineExtractWrites() throws Exception {
    Path videos = personVideos(temp.resolve("jvm-videos"), 6);
    String out = temp.resolve("spark-jvm-poses").toUri().toString();

    CorpusJob.StageResult result = CorpusJob.landmarks(spark, videos.toUri().toString(), out, 0, "jvm", "", 25f);
    assertEquals(2, result.count("done"), result.outcomes().toString());
    assertEquals(1, result.count("failed"));

    Path single = temp.resolve("single-jvm-poses");
    try (org.glossa.extract.JvmLandmarker landmarker = new org.glossa.extract.JvmLandmarker(1, 0, 1)) {
      new org.glossa.extract.Extractor(landmarker::landmarks, 1, null, 25f)
          .run(org.glossa.extract.Extractor.discover(videos), single, System.err, false);
    }
    Path poses = Path.of(java.net.URI.create(out));
    for (String id : new String[] {"dev/clip", "train/folder-video"}) {
      PoseFile distributed = PoseFile.read(poses.resolve(id + ".pose"));
      PoseFile local = PoseFile.read(single.resolve(id + ".pose"));
      assertEquals(local.numFrames(), distributed.numFrames(), id);
      assertTrue(java.util.Arrays.equals(local.data(), distributed.data()), id + ": the same landmarks");
      assertTrue(java.util.Arrays.equals(local.confidence(), distributed.confidence()), id + ": the same confidences");
    }
    List<Row> failures = spark.read().parquet(out + "/_glossa/landmarks-failures.parquet").collectAsList();
    assertEquals("train/corrupt", failures.get(0).getString(0));
  }

  /**
   * A corpus made from the photo of a person: an H.264 clip of {@code clipFrames} frames ({@code dev/clip}), a
   * PHOENIX-style frame folder of 3 ({@code train/folder-video}) and a corrupt video ({@code train/corrupt}).
   */
  private static Path personVideos(Path videos, int clipFrames) throws java.io.IOException {
    org.glossa.data.Installed.require(org.glossa.extract.TestVideos.PERSON_PHOTO,
        "a photo of a person from Debian's opencv-doc");
    java.awt.image.BufferedImage photo = org.glossa.extract.TestVideos.read(org.glossa.extract.TestVideos.PERSON_PHOTO);
    org.glossa.extract.TestVideos.clip(photo, 640, 400, clipFrames, "mp4", videos.resolve("dev/clip.mp4"));
    org.glossa.extract.TestVideos.frameFolder(photo, 210, 260, 3, videos.resolve("train/folder-video/1"));
    Files.writeString(videos.resolve("train/corrupt.avi"), "not a video");
    return videos;
  }
}
