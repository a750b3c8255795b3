package org.glossa.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes a dataset in the Glossa layout. Everything goes to a hidden sibling folder first and is renamed to
 * the target at {@link #finish}, so an interrupted run never leaves a half-written dataset behind. Samples
 * may be added from several threads; each split's TSV lists them in the order of their index.
 */
public final class DatasetWriter {

  private record Row(int index, String id, String signer, List<String> glosses) {}

  private final Path target;
  private final Path staging;
  private final Map<String, Map<Integer, Row>> rows = new ConcurrentHashMap<>();

  /**
   * @param overwrite replace an existing non-empty {@code target}; otherwise that is an error
   */
  public DatasetWriter(Path target, boolean overwrite) {
    this.target = target.toAbsolutePath().normalize();
    if (Files.exists(this.target) && !overwrite && !isEmptyDirectory(this.target)) {
      throw DataException.inFile(this.target, "output folder exists and is not empty; choose another --out or "
          + "pass --overwrite");
    }
    try {
      Files.createDirectories(this.target.getParent());
      this.staging = Files.createTempDirectory(this.target.getParent(), "." + this.target.getFileName() + ".");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder beside " + this.target + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Adds one sample; {@code index} orders the split's TSV. Thread-safe. */
  public void add(String split, int index, String id, String signer, List<String> glosses, float[][] features,
      int featureDim) {
    if (!Dataset.SPLITS.contains(split)) {
      throw new IllegalArgumentException("unknown split '" + split + "'; use " + Dataset.SPLITS);
    }
    if (id.isBlank() || id.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '\\')) {
      throw new IllegalArgumentException("sample id '" + id + "' must be non-empty, without spaces or slashes");
    }
    Npy.writeMatrix(staging.resolve("features").resolve(split).resolve(id + ".npy"), features, featureDim);
    Row previous = rows.computeIfAbsent(split, k -> new ConcurrentHashMap<>())
        .put(index, new Row(index, id, signer, glosses));
    if (previous != null) {
      throw new IllegalArgumentException("two samples with index " + index + " in " + split);
    }
  }

  /** Writes the TSVs, the vocabulary (the sorted training glosses) and dataset.json, then moves into place. */
  public DatasetInfo finish(String name, float fps, FeatureLayout layout, String featureSet, String description) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<List<String>> trainSentences = new ArrayList<>();
    for (String split : Dataset.SPLITS) {
      Map<Integer, Row> splitRows = rows.get(split);
      if (splitRows == null) {
        continue;
      }
      List<Row> ordered = splitRows.values().stream().sorted(Comparator.comparingInt(Row::index)).toList();
      StringBuilder tsv = new StringBuilder();
      for (Row row : ordered) {
        tsv.append(row.id()).append('\t').append(row.signer()).append('\t')
            .append(String.join(" ", row.glosses())).append('\n');
        if (split.equals("train")) {
          trainSentences.add(row.glosses());
        }
      }
      AtomicFiles.writeString(staging.resolve(split + ".tsv"), tsv.toString());
      counts.put(split, ordered.size());
    }
    GlossVocabulary.fromSentences(trainSentences).write(staging.resolve("vocab.txt"));
    DatasetInfo info = new DatasetInfo(name, fps, layout.featureDim(), layout.modalities(), counts, featureSet,
        description);
    info.write(staging.resolve("dataset.json"));
    try {
      if (Files.exists(target)) {
        deleteRecursively(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the dataset into " + target + ": " + e.getMessage(), e);
    }
    return info;
  }

  /** Removes the staging folder after a failure. */
  public void abandon() {
    try {
      deleteRecursively(staging);
    } catch (IOException ignored) {
      // best effort: a leftover hidden folder is harmless and named after the target
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
