package org.glossa.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.glossa.data.AtomicFiles;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.PoseFile;

/**
 * {@code glossa extract} over a corpus: every video file or frame folder under the input becomes
 * {@code OUT/<id>.pose} (and, with features, {@code OUT/<id>.npy}: the enhanced features). Resumable: videos
 * whose outputs exist are skipped; every file is written to a temporary name and renamed. A video that cannot be
 * read, or shows nobody, is reported (console and {@code extract-failures.tsv}) and the others go on. The run ends
 * with {@code extract-summary.json}: counts, speed, detection rates per modality.
 */
public final class Extractor {

  /** One video of the corpus: its id (relative path without extension) and where it is. */
  public record Item(String id, Path source) {
  }

  /** What a run did. */
  public record Summary(int videos, int extracted, int skipped, int failed, long frames, double seconds,
      Map<String, Double> detectionRates, List<String> failures, List<String> warnings) {
    public double framesPerSecond() {
      return seconds > 0 ? frames / seconds : 0;
    }
  }

  /** The landmark step, so tests and other runners can stand in for the browser. */
  public interface LandmarkSource {
    Landmarks landmarks(VideoSource video, java.util.function.IntConsumer progress) throws InterruptedException;
  }

  private final LandmarkSource landmarker;
  private final int workers;
  private final FaceSubset features;
  private final float imageFps;

  /**
   * @param features the face subset of the features to write, or null for landmarks only
   * @param imageFps the frame rate of frame-image folders
   */
  public Extractor(LandmarkSource landmarker, int workers, FaceSubset features, float imageFps) {
    this.landmarker = landmarker;
    this.workers = Math.max(1, workers);
    this.features = features;
    this.imageFps = imageFps;
  }

  /**
   * The videos under {@code input}: a single video file or frame folder, or every video file and every folder of
   * frame images below it. A frame folder named {@code 1} takes its parent's name (PHOENIX keeps each video's
   * frames in {@code <id>/1/}).
   */
  public static List<Item> discover(Path input) {
    if (!Files.exists(input)) {
      throw DataException.inFile(input, "no such file or folder");
    }
    if (Files.isRegularFile(input)) {
      return List.of(new Item(stem(input.getFileName().toString()), input));
    }
    List<Item> items = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(input)) {
      for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
        if (Files.isRegularFile(path) && VideoSource.VIDEO_EXTENSIONS.contains(VideoSource.extension(path))) {
          items.add(new Item(stem(input.relativize(path).toString()), path));
        } else if (Files.isDirectory(path) && holdsImages(path)) {
          Path relative = input.relativize(path);
          if (relative.toString().isEmpty()) {
            relative = input.getFileName();
          } else if (relative.getFileName().toString().equals("1") && relative.getParent() != null) {
            relative = relative.getParent();
          }
          items.add(new Item(relative.toString(), path));
        }
      }
    } catch (IOException e) {
      throw DataException.inFile(input, "cannot list: " + e.getMessage());
    }
    if (items.isEmpty()) {
      throw DataException.inFile(input, "holds no video files (" + String.join(", ",
          VideoSource.VIDEO_EXTENSIONS.stream().sorted().toList()) + ") and no folders of frame images");
    }
    return items;
  }

  private static boolean holdsImages(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> Files.isRegularFile(f) && VideoSource.IMAGE_EXTENSIONS.contains(
          VideoSource.extension(f)));
    } catch (IOException e) {
      return false;
    }
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  public static Path posePath(Path out, Item item) {
    return out.resolve(item.id() + ".pose");
  }

  public static Path featuresPath(Path out, Item item) {
    return out.resolve(item.id() + ".npy");
  }

  /** Extracts every item into {@code out}; {@code console} gets failures, warnings and the progress line. */
  public Summary run(List<Item> items, Path out, PrintStream console, boolean progressBar)
      throws InterruptedException {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw DataException.inFile(out, "cannot create the output folder: " + e.getMessage());
    }
    AtomicFiles.deleteStaleTemporaries(out);
    long start = System.nanoTime();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger extracted = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicLong frames = new AtomicLong();
    Map<Holistic.Part, AtomicLong> detected = new EnumMap<>(Holistic.Part.class);
    for (Holistic.Part part : Holistic.Part.values()) {
      detected.put(part, new AtomicLong());
    }
    ExtractProgress progress = new ExtractProgress(items.size(), progressBar ? console : null);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<?>> jobs = new ArrayList<>();
    for (Item item : items) {
      jobs.add(pool.submit(() -> {
        Path pose = posePath(out, item);
        Path npy = featuresPath(out, item);
        AtomicLong decoded = new AtomicLong(); // this video's frames the progress has counted
        try {
          if (Files.exists(pose) && (features == null || Files.exists(npy))) {
            skipped.incrementAndGet();
            return null;
          }
          if (Files.exists(pose)) { // landmarks done by an earlier run, features asked now
            writeFeatures(PoseFile.read(pose), pose, npy);
            skipped.incrementAndGet();
            return null;
          }
          Landmarks landmarks;
          try (VideoSource video = VideoSource.open(item.source(), imageFps)) {
            landmarks = landmarker.landmarks(video, done -> {
              decoded.incrementAndGet();
              progress.frame();
            });
          }
          if (!landmarks.anyBody()) {
            throw DataException.inFile(item.source(), "no person detected in any of its " + landmarks.numFrames()
                + " frames");
          }
          String partial = partialDetections(landmarks);
          if (partial != null) {
            warnings.add(item.id() + "\t" + partial);
            progress.message("warning: " + item.source() + ": " + partial);
          }
          PoseFile poseFile = landmarks.toPoseFile();
          Files.createDirectories(pose.getParent());
          poseFile.write(pose);
          if (features != null) {
            writeFeatures(poseFile, pose, npy);
          }
          frames.addAndGet(landmarks.numFrames());
          for (Holistic.Part part : Holistic.Part.values()) {
            detected.get(part).addAndGet(Math.round(landmarks.detectionRate(part) * landmarks.numFrames()));
          }
          extracted.incrementAndGet();
        } catch (DataException | UncheckedIOException | IOException e) {
          failures.add(item.id() + "\t" + item.source() + "\t" + oneLine(e.getMessage()));
          progress.failed(decoded.get());
          progress.message("failed: " + oneLine(e.getMessage()));
        } finally {
          progress.video();
        }
        return null;
      }));
    }
    pool.shutdown();
    try {
      for (Future<?> job : jobs) {
        job.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("extraction failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      progress.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> rates = new LinkedHashMap<>();
    for (Holistic.Part part : Holistic.Part.values()) {
      rates.put(part.name().toLowerCase(java.util.Locale.ROOT), frames.get() == 0 ? 0
          : detected.get(part).get() / (double) frames.get());
    }
    List<String> failed = new ArrayList<>(failures);
    Collections.sort(failed);
    List<String> warned = new ArrayList<>(warnings);
    Collections.sort(warned);
    Summary summary = new Summary(items.size(), extracted.get(), skipped.get(), failed.size(), frames.get(), seconds,
        rates, failed, warned);
    writeReports(out, summary);
    return summary;
  }

  /** A warning when a person was found in some frames but parts are mostly missing; null when fine. */
  static String partialDetections(Landmarks landmarks) {
    double pose = landmarks.detectionRate(Holistic.Part.POSE);
    double hands = Math.max(landmarks.detectionRate(Holistic.Part.LEFT_HAND),
        landmarks.detectionRate(Holistic.Part.RIGHT_HAND));
    if (pose >= 0.5 && hands >= 0.1) {
      return null;
    }
    return String.format("only partial detections: body in %.0f%% of %d frames, face %.0f%%, left hand %.0f%%, "
        + "right hand %.0f%%", 100 * pose, landmarks.numFrames(), 100 * landmarks.detectionRate(Holistic.Part.FACE),
        100 * landmarks.detectionRate(Holistic.Part.LEFT_HAND),
        100 * landmarks.detectionRate(Holistic.Part.RIGHT_HAND));
  }

  private void writeFeatures(PoseFile poseFile, Path pose, Path npy) {
    LandmarkSequence sequence = LandmarkSequence.fromPose(poseFile, pose);
    Npy.writeMatrix(npy, EnhancedFeatures.compute(sequence, features), EnhancedFeatures.layout(features).featureDim());
  }

  private static void writeReports(Path out, Summary summary) {
    StringBuilder tsv = new StringBuilder("id\tsource\tproblem\n");
    summary.failures().forEach(line -> tsv.append(line).append('\n'));
    AtomicFiles.writeString(out.resolve("extract-failures.tsv"), tsv.toString());
    try {
      AtomicFiles.writeString(out.resolve("extract-summary.json"), new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("videos", summary.videos(),
              "extracted", summary.extracted(), "skipped_existing", summary.skipped(), "failed", summary.failed(),
              "frames", summary.frames(), "seconds", Math.round(summary.seconds() * 10) / 10.0,
              "frames_per_second", Math.round(summary.framesPerSecond() * 100) / 100.0,
              "detection_rates", summary.detectionRates(), "warnings", summary.warnings())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s+", " ").trim();
  }
}
