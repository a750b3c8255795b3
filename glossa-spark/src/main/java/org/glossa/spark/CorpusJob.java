package org.glossa.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.NpyArray;
import org.glossa.data.PoseFile;
import org.glossa.model.OnnxFrameModel;
import org.glossa.extract.BrowserLandmarker;
import org.glossa.extract.JvmLandmarker;
import org.glossa.extract.Landmarker;
import org.glossa.extract.Landmarks;
import org.glossa.extract.VideoSource;
import org.glossa.model.FrameModel;
import org.glossa.recognize.Recognizer;
import org.glossa.recognize.Transcript;

/**
 * The corpus pipeline on Apache Spark, three stages usable alone, inputs and outputs as Hadoop paths (local files,
 * HDFS, S3 by configuration):
 *
 * <ol>
 *   <li>{@code landmarks}: video files and frame folders → {@code .pose} (MediaPipe Holistic in each executor's JVM,
 *       or in headless Chromium, one browser per executor, as {@code glossa extract});</li>
 *   <li>{@code features}: {@code .pose} → enhanced features {@code .npy};</li>
 *   <li>{@code recognize}: {@code .npy} or {@code .pose} → glosses with an ONNX model (one ONNX Runtime session per
 *       executor JVM, reused by every record), a table of id, hypothesis, frames and milliseconds, and with
 *       references the WER (the scoring code of {@code glossa evaluate} / {@code glossa score}).</li>
 * </ol>
 *
 * <p>Idempotent and resumable: the first two stages skip outputs that exist (written to a temporary name, then
 * renamed; the temporary files of tasks killed in mid-write are deleted when the stage ends); recognition is
 * deterministic and rewrites its table. A bad file becomes a row of the stage's failures table; the job goes on.
 */
public final class CorpusJob {

  private CorpusJob() {
  }

  /** What happened to one record. */
  public record Outcome(String id, String status, String problem, String hypothesis, int frames, double millis)
      implements Serializable {
    static Outcome failed(String id, Throwable e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Outcome(id, "failed", message.replaceAll("\\s+", " ").trim(), "", 0, 0);
    }
  }

  /** A stage's outcome: every record, and the WER when references were given (NaN otherwise). */
  public record StageResult(List<Outcome> outcomes, double wer, String werSummary) {
    public long count(String status) {
      return outcomes.stream().filter(o -> o.status().equals(status)).count();
    }
  }

  /** One input record: its id (relative path without extension) and its path. */
  record Item(String id, String path) implements Serializable {
  }

  // ------------------------------------------------------------------ listing and files

  static FileSystem fs(String path) {
    try {
      return FileSystem.get(URI.create(path), new Configuration());
    } catch (IOException e) {
      throw new DataException("cannot open the file system of " + path + ": " + e.getMessage());
    }
  }

  static org.apache.hadoop.fs.Path hpath(String path) {
    return new org.apache.hadoop.fs.Path(path);
  }

  /** Files under {@code input} whose extension is one of {@code extensions}, with ids relative to it. */
  static List<Item> listFiles(String input, java.util.Set<String> extensions) {
    FileSystem fs = fs(input);
    org.apache.hadoop.fs.Path root;
    List<Item> items = new ArrayList<>();
    try {
      root = fs.resolvePath(hpath(input));
      String prefix = root.toUri().getPath();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String name = file.getPath().getName();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
          String relative = file.getPath().toUri().getPath().substring(prefix.length()).replaceFirst("^/", "");
          items.add(new Item(relative.substring(0, relative.lastIndexOf('.')), file.getPath().toString()));
        }
      }
    } catch (IOException e) {
      throw new DataException("cannot list " + input + ": " + e.getMessage());
    }
    items.sort(java.util.Comparator.comparing(Item::id));
    return items;
  }

  static byte[] readBytes(String path) throws IOException {
    try (InputStream in = fs(path).open(hpath(path))) {
      return in.readAllBytes();
    }
  }

  /** Writes {@code bytes} to a temporary name beside {@code path}, then renames it: readers never see half. */
  static void writeAtomically(String path, byte[] bytes) throws IOException {
    FileSystem fs = fs(path);
    org.apache.hadoop.fs.Path target = hpath(path);
    org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(target.getParent(),
        "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(bytes);
    }
    fs.delete(target, false);
    if (!fs.rename(temporary, target)) {
      fs.delete(temporary, false);
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
  }

  /** The temporary name {@link #writeAtomically} gives: {@code .<name>.<uuid>.tmp}. */
  private static final java.util.regex.Pattern TEMPORARY =
      java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  /**
   * Deletes the temporary files under {@code out} that tasks left when their executor died in mid-write (the
   * retried task wrote the output again).
   */
  static void sweepTemporaries(String out) {
    if (!exists(out)) {
      return;
    }
    FileSystem fs = fs(out);
    try {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(hpath(out), true);
      List<org.apache.hadoop.fs.Path> leftovers = new ArrayList<>();
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path file = files.next().getPath();
        if (TEMPORARY.matcher(file.getName()).matches()) {
          leftovers.add(file);
        }
      }
      for (org.apache.hadoop.fs.Path file : leftovers) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      throw new DataException("cannot clean the temporary files under " + out + ": " + e.getMessage());
    }
  }

  static boolean exists(String path) {
    try {
      return fs(path).exists(hpath(path));
    } catch (IOException e) {
      return false;
    }
  }

  static String child(String dir, String relative) {
    return dir.replaceFirst("/+$", "") + "/" + relative;
  }

  // ------------------------------------------------------------------ stages

  /** Stage 2: {@code .pose} files → features {@code .npy} (skips those present). */
  public static StageResult features(SparkSession spark, String input, String out, FaceSubset face) {
    List<Item> items = listFiles(input, java.util.Set.of("pose"));
    JavaRDD<Outcome> outcomes = parallelize(spark, items).map(item -> {
      String target = child(out, item.id() + ".npy");
      if (exists(target)) {
        return new Outcome(item.id(), "skipped", "", "", 0, 0);
      }
      long start = System.nanoTime();
      try {
        PoseFile pose = PoseFile.read(readBytes(item.path()), Path.of(item.path()));
        float[][] features = EnhancedFeatures.compute(LandmarkSequence.fromPose(pose, Path.of(item.path())), face);
        writeAtomically(target, Npy.toBytes(NpyArray.ofMatrix(features, EnhancedFeatures.layout(face)
            .featureDim())));
        return new Outcome(item.id(), "done", "", "", features.length, (System.nanoTime() - start) / 1e6);
      } catch (DataException | IOException | IllegalArgumentException e) {
        return Outcome.failed(item.id(), e);
      }
    });
    return finish(spark, "features", outcomes.collect(), out, null);
  }

  /**
   * The videos of the landmarks stage: video files, and folders of frame images (one video each; a folder named
   * {@code 1} takes its parent's name, as PHOENIX keeps frames in {@code <id>/1/}).
   */
  static List<Item> listVideos(String input) {
    java.util.Set<String> extensions = new java.util.HashSet<>(VideoSource.VIDEO_EXTENSIONS);
    extensions.addAll(VideoSource.IMAGE_EXTENSIONS);
    List<Item> items = new ArrayList<>();
    Map<String, String> folders = new java.util.TreeMap<>();
    for (Item file : listFiles(input, extensions)) { // one listing of the corpus for both kinds
      String extension = file.path().substring(file.path().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      if (VideoSource.VIDEO_EXTENSIONS.contains(extension)) {
        items.add(file);
        continue;
      }
      int slash = file.id().lastIndexOf('/');
      String folderId = slash < 0 ? "" : file.id().substring(0, slash);
      String folderPath = file.path().substring(0, file.path().lastIndexOf('/'));
      if (folderId.endsWith("/1")) {
        folderId = folderId.substring(0, folderId.length() - 2); // PHOENIX: <id>/1/*.png
      }
      folders.putIfAbsent(folderId.isEmpty() ? hpath(input).getName() : folderId, folderPath);
    }
    folders.forEach((id, path) -> items.add(new Item(id, path)));
    items.sort(java.util.Comparator.comparing(Item::id));
    return items;
  }

  /** A local copy of a video file, or of a frame folder's images, for FFmpeg and the image reader. */
  static Path localCopy(Item item) throws IOException {
    FileSystem fs = fs(item.path());
    org.apache.hadoop.fs.Path source = hpath(item.path());
    if (fs.getFileStatus(source).isDirectory()) {
      Path dir = Files.createTempDirectory("glossa-frames-");
      for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(source)) {
        String name = file.getPath().getName();
        if (file.isFile() && VideoSource.IMAGE_EXTENSIONS.contains(
            name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))) {
          Files.write(dir.resolve(name), readBytes(file.getPath().toString()));
        }
      }
      return dir;
    }
    Path local = Files.createTempFile("glossa-video-", "-" + source.getName());
    Files.write(local, readBytes(item.path()));
    return local;
  }

  static void deleteLocal(Path local) throws IOException {
    if (local == null) {
      return;
    }
    if (Files.isDirectory(local)) {
      try (java.util.stream.Stream<Path> files = Files.list(local)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    Files.deleteIfExists(local);
  }

  /**
   * Stage 1: videos and frame folders → {@code .pose} (skips those present). {@code engine} "jvm": MediaPipe's
   * models in each executor's JVM, one tracker per core (no browser); "browser": one headless Chromium per executor
   * at {@code chromium}.
   */
  public static StageResult landmarks(SparkSession spark, String input, String out, int complexity, String engine,
      String chromium, float imageFps) {
    if (!engine.equals("jvm") && !engine.equals("browser")) {
      throw new IllegalArgumentException("--engine must be jvm or browser, got " + engine);
    }
    List<Item> items = listVideos(input);
    JavaRDD<Outcome> outcomes = parallelize(spark, items).map(item -> {
      String target = child(out, item.id() + ".pose");
      if (exists(target)) {
        return new Outcome(item.id(), "skipped", "", "", 0, 0);
      }
      long start = System.nanoTime();
      Path local = null;
      try {
        local = localCopy(item);
        Landmarks landmarks;
        try (VideoSource video = VideoSource.open(local, imageFps)) {
          landmarks = Landmarkers.get(engine, chromium, complexity).landmarks(video, done -> { });
        }
        if (!landmarks.anyBody()) {
          throw new DataException(item.path() + ": no person detected in any of its " + landmarks.numFrames()
              + " frames");
        }
        writeAtomically(target, landmarks.toPoseFile().toBytes());
        return new Outcome(item.id(), "done", "", "", landmarks.numFrames(), (System.nanoTime() - start) / 1e6);
      } catch (DataException | IOException e) {
        return Outcome.failed(item.id(), e);
      } finally {
        deleteLocal(local);
      }
    });
    return finish(spark, "landmarks", outcomes.collect(), out, null);
  }

  /**
   * Stage 3: features ({@code .npy}) or landmarks ({@code .pose}) → glosses with an ONNX model; with references
   * (Glossa .tsv, PHOENIX .csv or .stm) also the WER.
   */
  public static StageResult recognize(SparkSession spark, String input, String model, String out,
      String references) {
    List<Item> items = listFiles(input, java.util.Set.of("npy", "pose"));
    JavaRDD<Outcome> outcomes = parallelize(spark, items).map(item -> {
      long start = System.nanoTime();
      try {
        FrameModel frameModel = Models.get(model);
        Recognizer recognizer = Recognizer.of(frameModel); // not closed: the executor keeps the model for its tasks
        Transcript result;
        if (item.path().endsWith(".pose")) {
          result = recognizer.recognize(PoseFile.read(readBytes(item.path()), Path.of(item.path())),
              Path.of(item.path()));
        } else {
          float[][] features = Npy.requireMatrix(Npy.parse(readBytes(item.path()), item.path()), item.path());
          if (features.length == 0 || features[0].length != frameModel.pipeline().inputDim()) {
            throw new DataException(item.path() + ": " + (features.length == 0 ? "no frames" : features[0].length
                + " feature columns, the model reads " + frameModel.pipeline().inputDim()));
          }
          result = recognizer.recognize(features, 25f);
        }
        return new Outcome(item.id(), "done", "", String.join(" ", result.words()), result.numFrames(),
            (System.nanoTime() - start) / 1e6);
      } catch (DataException | IOException | IllegalArgumentException e) {
        return Outcome.failed(item.id(), e);
      }
    });
    return finish(spark, "recognize", outcomes.collect(), out, references);
  }

  private static JavaRDD<Item> parallelize(SparkSession spark, List<Item> items) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(items.size(), context.defaultParallelism() * 4));
    return context.parallelize(items, slices);
  }

  // ------------------------------------------------------------------ tables

  static final StructType RESULTS = new StructType()
      .add("id", DataTypes.StringType).add("status", DataTypes.StringType).add("hypothesis", DataTypes.StringType)
      .add("frames", DataTypes.IntegerType).add("milliseconds", DataTypes.DoubleType);
  static final StructType FAILURES = new StructType()
      .add("id", DataTypes.StringType).add("stage", DataTypes.StringType).add("problem", DataTypes.StringType);

  /**
   * Once the stage's tasks have ended: deletes what killed tasks left, writes the stage's results and failures tables
   * (Parquet and CSV) under {@code out/_glossa/}, scores.
   */
  private static StageResult finish(SparkSession spark, String stage, List<Outcome> outcomes, String out,
      String references) {
    sweepTemporaries(out);
    List<Row> results = new ArrayList<>();
    List<Row> failures = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.status().equals("failed")) {
        failures.add(RowFactory.create(o.id(), stage, o.problem()));
      } else {
        results.add(RowFactory.create(o.id(), o.status(), o.hypothesis(), o.frames(), o.millis()));
      }
    }
    String tables = child(out, "_glossa");
    write(spark.createDataFrame(results, RESULTS).coalesce(1), child(tables, stage + "-results"));
    write(spark.createDataFrame(failures, FAILURES).coalesce(1), child(tables, stage + "-failures"));
    double wer = Double.NaN;
    String summary = "";
    if (references != null) {
      Scoring.Score score = Scoring.score(outcomes, references);
      wer = score.wer();
      summary = score.summary();
      try {
        writeAtomically(child(tables, stage + "-wer.txt"), summary.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new DataException("cannot write the WER report under " + tables + ": " + e.getMessage());
      }
    }
    return new StageResult(outcomes, wer, summary);
  }

  private static void write(Dataset<Row> table, String path) {
    table.write().mode(SaveMode.Overwrite).parquet(path + ".parquet");
    table.write().mode(SaveMode.Overwrite).option("header", "true").csv(path + ".csv");
  }

  // ------------------------------------------------------------------ per-executor resources

  /** One ONNX Runtime session per executor JVM and model, shared by all its tasks (sessions are thread-safe). */
  static final class Models {
    private static final Map<String, FrameModel> OPEN = new ConcurrentHashMap<>();

    static FrameModel get(String model) {
      return OPEN.computeIfAbsent(model, m -> {
        try {
          Path local = Files.createTempFile("glossa-model-", ".onnx");
          Files.write(local, readBytes(m));
          local.toFile().deleteOnExit();
          return OnnxFrameModel.open(local, OnnxFrameModel.Provider.CPU, 1);
        } catch (IOException e) {
          throw new DataException("cannot read the model " + m + ": " + e.getMessage());
        }
      });
    }
  }

  /**
   * One landmarker per executor JVM, started on first use and closed when the JVM ends: JVM trackers for as many
   * tasks as the executor has cores (one ONNX Runtime thread each), or one headless Chromium.
   */
  static final class Landmarkers {
    private static final Map<String, Landmarker> OPEN = new LinkedHashMap<>();

    static synchronized Landmarker get(String engine, String chromium, int complexity) {
      return OPEN.computeIfAbsent(engine + "#" + chromium + "#" + complexity, key -> {
        Landmarker landmarker = engine.equals("jvm")
            ? new JvmLandmarker(Runtime.getRuntime().availableProcessors(), complexity, 1)
            : new BrowserLandmarker(Path.of(chromium), 1, complexity, java.time.Duration.ofSeconds(180),
                java.time.Duration.ofSeconds(120));
        Runtime.getRuntime().addShutdownHook(new Thread(landmarker::close));
        return landmarker;
      });
    }
  }
}
