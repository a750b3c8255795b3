package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.glossa.data.FaceSubset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.Npy;
import org.glossa.data.PoseFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus side of extraction with a stand-in for the browser (it decodes every frame and answers a fixed body,
 * or nobody for files named so): discovery, outputs, failures that do not stop the corpus, resume.
 */
class ExtractorTest {

  @TempDir
  Path temp;

  static final ObjectMapper JSON = new ObjectMapper();

  /** A frame message with a body (33 points around the image centre) and a right hand, or nobody. */
  static JsonNode frame(boolean person, int f) {
    StringBuilder json = new StringBuilder("{\"type\":\"frame\",\"index\":" + f);
    if (person) {
      json.append(",\"pose\":[");
      for (int p = 0; p < 33; p++) {
        json.append(p == 0 ? "" : ",").append("[").append(0.4 + 0.005 * p).append(",").append(0.2 + 0.02 * p)
            .append(",-0.1,0.9]");
      }
      json.append("],\"right_hand\":[");
      for (int p = 0; p < 21; p++) {
        json.append(p == 0 ? "" : ",").append("[").append(0.6 + 0.003 * p).append(",0.5,0.0]");
      }
      json.append("]");
    }
    try {
      return JSON.readTree(json.append("}").toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Extractor.LandmarkSource standIn(AtomicInteger calls) {
    return (video, progress) -> {
      calls.incrementAndGet();
      boolean person = !video.path().getFileName().toString().contains("nobody");
      Landmarks landmarks = null;
      int f = 0;
      for (VideoSource.RgbaFrame frame = video.next(); frame != null; frame = video.next()) {
        if (landmarks == null) {
          landmarks = new Landmarks(video.fps(), frame.width(), frame.height());
        }
        landmarks.add(frame(person, f++));
        progress.accept(f);
      }
      return landmarks;
    };
  }

  @Test
  void extractsACorpusReportsBadFilesAndResumes() throws Exception {
    BufferedImage image = TestVideos.shapes(160, 120);
    Path corpus = temp.resolve("corpus");
    TestVideos.clip(image, 160, 120, 8, "mp4", corpus.resolve("dev/a.mp4"));
    TestVideos.clip(image, 160, 120, 6, "avi", corpus.resolve("dev/nobody.avi"));
    TestVideos.frameFolder(image, 160, 120, 5, corpus.resolve("train/01April_2010_Thursday_heute-0/1"));
    Files.writeString(corpus.resolve("train/corrupt.webm"), "not a video");
    Files.createFile(corpus.resolve("train/empty.mp4"));

    List<Extractor.Item> items = Extractor.discover(corpus);
    assertEquals(List.of("dev/a", "dev/nobody", "train/01April_2010_Thursday_heute-0", "train/corrupt",
        "train/empty"), items.stream().map(Extractor.Item::id).toList());

    AtomicInteger calls = new AtomicInteger();
    Path out = temp.resolve("out");
    Extractor extractor = new Extractor(standIn(calls), 2, FaceSubset.COMPACT, 25f);
    Extractor.Summary first = extractor.run(items, out, System.err, false);
    assertEquals(2, first.extracted());
    assertEquals(3, first.failed(), first.failures().toString());
    assertEquals(13, first.frames());
    assertEquals(1.0, first.detectionRates().get("pose"), 1e-9);
    assertEquals(0.0, first.detectionRates().get("left_hand"), 1e-9);

    // Outputs: pose-format files (pixels, confidence = visibility) and features of the right width.
    PoseFile pose = PoseFile.read(out.resolve("dev/a.pose"));
    assertEquals(8, pose.numFrames());
    assertEquals(160, pose.width());
    assertEquals(0.4f * 160, pose.coordinate(0, 0, 0, 0), 1e-3);
    assertEquals(0.2f * 120, pose.coordinate(0, 0, 0, 1), 1e-3);
    assertEquals(0.9f, pose.confidence(0, 0, 0), 1e-6);
    float[][] features = Npy.read(out.resolve("train/01April_2010_Thursday_heute-0.npy")).toMatrix();
    assertEquals(5, features.length);
    assertEquals(EnhancedFeatures.layout(FaceSubset.COMPACT).featureDim(), features[0].length);

    // Each failure is named with its reason; the corpus went on.
    String failures = Files.readString(out.resolve("extract-failures.tsv"));
    assertTrue(failures.contains("dev/nobody") && failures.contains("no person detected in any of its 6 frames"),
        failures);
    assertTrue(failures.contains("train/corrupt") && failures.contains("not a video FFmpeg can decode"), failures);
    assertTrue(failures.contains("train/empty") && failures.contains("empty (0 bytes)"), failures);
    JsonNode summary = JSON.readTree(out.resolve("extract-summary.json").toFile());
    assertEquals(2, summary.get("extracted").asInt());
    assertEquals(1.0, summary.get("detection_rates").get("right_hand").asDouble(), 1e-9);
    assertTrue(summary.get("warnings").isEmpty(), summary.toString());
    try (Stream<Path> files = Files.walk(out)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary files left");
    }

    // Resume: finished videos are skipped; only the failed ones are tried again.
    int before = calls.get();
    Extractor.Summary second = extractor.run(items, out, System.err, false);
    assertEquals(2, second.skipped());
    assertEquals(0, second.extracted());
    assertEquals(3, second.failed());
    assertEquals(before + 1, calls.get(), "only dev/nobody reached the landmarker again (the others fail earlier)");
  }

  @Test
  void partialDetectionsAreWarnedAbout() {
    Landmarks landmarks = new Landmarks(25f, 100, 100);
    for (int f = 0; f < 10; f++) {
      landmarks.add(frame(f < 3, f));
    }
    String warning = Extractor.partialDetections(landmarks);
    assertTrue(warning != null && warning.contains("body in 30% of 10 frames"), String.valueOf(warning));
  }
}
