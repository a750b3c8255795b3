package org.glossa.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dataset on disk, in one of two layouts (see docs/data.md):
 * <ul>
 *   <li><b>Glossa</b>: {@code dataset.json}, {@code vocab.txt}, {@code {train,dev,test}.tsv} and features in
 *       {@code features/<split>/<id>.npy} or {@code features/<split>.npz} keyed by id;</li>
 *   <li><b>npz folders</b> (the original Python pipeline): {@code <dir>/{train,dev,test}/<id>.npz} holding
 *       {@code features} [T, F] and optionally {@code gloss}; glosses otherwise come from annotation files
 *       (PHOENIX CSV, STM or TSV). The vocabulary is the sorted set of training glosses.</li>
 * </ul>
 * Opening reads the annotations only; {@link #load} reads and checks the features of a split.
 */
public final class Dataset {

  /** The split names, in order. */
  public static final List<String> SPLITS = List.of("train", "dev", "test");

  /** A sample as listed, before its features are read. */
  public record Entry(String id, String signer, List<String> glosses, Path featureFile, String npzKey,
      Path listedIn, int line) {
    public Entry {
      glosses = List.copyOf(glosses);
    }
  }

  /** A sample that could not be used, and why. */
  public record Problem(String split, String sampleId, String message) {}

  /** The usable samples of a split and the problems met on the way (empty unless skipping bad samples). */
  public record LoadResult(List<Sample> samples, List<Problem> problems) {}

  private final Path dir;
  private final boolean glossaLayout;
  private final DatasetInfo info;
  private final GlossVocabulary vocabulary;
  private final Map<String, List<Entry>> entries;

  private Dataset(Path dir, boolean glossaLayout, DatasetInfo info, GlossVocabulary vocabulary,
      Map<String, List<Entry>> entries) {
    this.dir = dir;
    this.glossaLayout = glossaLayout;
    this.info = info;
    this.vocabulary = vocabulary;
    this.entries = entries;
  }

  /** Opens a dataset directory in either layout; annotation files are used by the npz-folder layout. */
  public static Dataset open(Path dir, List<Path> annotationFiles) {
    if (!Files.isDirectory(dir)) {
      throw DataException.inFile(dir, "dataset directory not found");
    }
    if (DatasetInfo.existsIn(dir)) {
      return openGlossa(dir);
    }
    boolean npzFolders = SPLITS.stream().anyMatch(s -> Files.isDirectory(dir.resolve(s)));
    if (!npzFolders) {
      throw DataException.inFile(dir, "not a dataset: no dataset.json (Glossa layout) and no train/, dev/ or "
          + "test/ folders of .npz files; make one with `glossa data synth` or `glossa data from-pose`");
    }
    return openNpzFolders(dir, annotationFiles);
  }

  public static Dataset open(Path dir) {
    return open(dir, List.of());
  }

  private static Dataset openGlossa(Path dir) {
    DatasetInfo info = DatasetInfo.read(dir.resolve("dataset.json"));
    GlossVocabulary vocabulary = GlossVocabulary.read(dir.resolve("vocab.txt"));
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    for (String split : SPLITS) {
      Path tsv = dir.resolve(split + ".tsv");
      if (!Files.exists(tsv)) {
        continue;
      }
      Path npz = dir.resolve("features").resolve(split + ".npz");
      boolean packed = Files.exists(npz);
      List<Entry> list = new ArrayList<>();
      for (Annotations.Entry a : Annotations.readFile(tsv)) {
        Path file = packed ? npz : dir.resolve("features").resolve(split).resolve(a.id() + ".npy");
        list.add(new Entry(a.id(), a.signer(), a.glosses(), file, packed ? a.id() : null, tsv, a.line()));
      }
      entries.put(split, list);
    }
    return new Dataset(dir, true, info, vocabulary, entries);
  }

  private static Dataset openNpzFolders(Path dir, List<Path> annotationFiles) {
    Annotations annotations = Annotations.read(annotationFiles);
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    int featureDim = -1;
    for (String split : SPLITS) {
      Path folder = dir.resolve(split);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> stream = Files.list(folder)) {
        files = stream.filter(p -> p.toString().endsWith(".npz")).sorted().toList();
      } catch (IOException e) {
        throw DataException.inFile(folder, "cannot list: " + e.getMessage());
      }
      List<Entry> list = new ArrayList<>();
      for (Path file : files) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - 4);
        Annotations.Entry annotation = annotations.get(id);
        List<String> glosses;
        String signer = annotation == null ? "unknown" : annotation.signer();
        NpyArray gloss = Npz.readEntry(file, "gloss");
        if (gloss != null && !gloss.isNumeric() && gloss.strings().length > 0) {
          glosses = Annotations.splitGlosses(String.join(" ", gloss.strings()));
        } else if (annotation != null) {
          glosses = annotation.glosses();
        } else {
          throw DataException.inSample(file, id, "no glosses: the .npz has no 'gloss' string and no annotation "
              + "file lists this id; pass --annotations <corpus.csv|.stm>");
        }
        if (featureDim < 0) {
          NpyArray features = Npz.readEntry(file, "features");
          if (features == null || features.shape().length != 2) {
            throw DataException.inSample(file, id, "no 2-D 'features' array [frames, feature_dim]");
          }
          featureDim = features.shape()[1];
        }
        list.add(new Entry(id, signer, glosses, file, "features", file, 0));
      }
      entries.put(split, list);
    }
    if (featureDim < 0) {
      throw DataException.inFile(dir, "no .npz files in train/, dev/ or test/");
    }
    List<List<String>> trainSentences = entries.getOrDefault("train", List.of()).stream()
        .map(Entry::glosses).toList();
    GlossVocabulary vocabulary = GlossVocabulary.fromSentences(trainSentences);
    Map<String, Integer> counts = new LinkedHashMap<>();
    entries.forEach((k, v) -> counts.put(k, v.size()));
    DatasetInfo info = new DatasetInfo(dir.getFileName().toString(), 25f, featureDim, null, counts, "external",
        "npz folders");
    return new Dataset(dir, false, info, vocabulary, entries);
  }

  public Path dir() {
    return dir;
  }

  public boolean isGlossaLayout() {
    return glossaLayout;
  }

  /**
   * A SHA-256 of what training reads: the dataset's description and vocabulary (Glossa layout), every split's
   * annotation files and feature files, in split and file order (splits as the dataset lists them). Two folders with the same content have the same
   * fingerprint wherever they are; a changed byte changes it. Reads every feature file once.
   */
  public String fingerprint() {
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    java.util.LinkedHashSet<Path> files = new java.util.LinkedHashSet<>();
    if (glossaLayout) {
      files.add(dir.resolve("dataset.json"));
      files.add(dir.resolve("vocab.txt"));
    }
    for (String split : splits()) {
      for (Entry entry : entries(split)) {
        if (entry.listedIn() != null) {
          files.add(entry.listedIn());
        }
        files.add(entry.featureFile());
      }
    }
    byte[] buffer = new byte[1 << 16];
    Path root = dir.toAbsolutePath().normalize();
    for (Path file : files) {
      Path absolute = file.toAbsolutePath().normalize();
      String name = (absolute.startsWith(root) ? root.relativize(absolute) : absolute.getFileName()).toString();
      digest.update((name.replace('\\', '/') + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (java.io.InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw DataException.inFile(file, "cannot read it for the dataset's fingerprint: " + e.getMessage());
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  public DatasetInfo info() {
    return info;
  }

  public GlossVocabulary vocabulary() {
    return vocabulary;
  }

  public List<String> splits() {
    return List.copyOf(entries.keySet());
  }

  public List<Entry> entries(String split) {
    List<Entry> list = entries.get(split);
    if (list == null) {
      throw DataException.inFile(dir, "no '" + split + "' split; this dataset has " + splits());
    }
    return list;
  }

  /**
   * Reads and checks the features of a split. A missing or corrupt feature file, NaN or infinite values, a
   * feature dimension other than the dataset's, an empty sequence, or (in train) a gloss missing from the
   * vocabulary stops with a {@link DataException} naming file and sample, unless {@code skipBad}, in which
   * case the sample is left out and reported in {@link LoadResult#problems()}.
   */
  public LoadResult load(String split, boolean skipBad) {
    List<Entry> list = entries(split);
    List<Sample> samples = new ArrayList<>(list.size());
    List<Problem> problems = new ArrayList<>();
    Map<Path, Map<String, NpyArray>> packed = new LinkedHashMap<>();
    for (Entry entry : list) {
      try {
        float[][] features = readFeatures(entry, packed);
        check(split, entry, features);
        samples.add(new Sample(entry.id(), entry.signer(), entry.glosses(), features));
      } catch (DataException e) {
        if (!skipBad) {
          throw e;
        }
        problems.add(new Problem(split, entry.id(), e.getMessage()));
      }
    }
    return new LoadResult(samples, problems);
  }

  private float[][] readFeatures(Entry entry, Map<Path, Map<String, NpyArray>> packed) {
    Path file = entry.featureFile();
    if (entry.npzKey() == null) {
      if (!Files.exists(file)) {
        throw DataException.inSample(file, entry.id(), "feature file not found (listed in " + entry.listedIn()
            + " line " + entry.line() + ")");
      }
      return Npy.readMatrix(file);
    }
    NpyArray array;
    if (glossaLayout) {
      Map<String, NpyArray> arrays = packed.computeIfAbsent(file, Npz::read);
      array = arrays.get(entry.npzKey());
    } else {
      array = Npz.readEntry(file, entry.npzKey());
    }
    if (array == null) {
      throw DataException.inSample(file, entry.id(), "no array '" + entry.npzKey() + "' in the .npz");
    }
    return Npy.requireMatrix(array, file + ":" + entry.npzKey());
  }

  private void check(String split, Entry entry, float[][] features) {
    Path file = entry.featureFile();
    if (features.length == 0) {
      throw DataException.inSample(file, entry.id(), "empty sequence (0 frames)");
    }
    int dim = features[0].length;
    if (dim != info.featureDim()) {
      throw DataException.inSample(file, entry.id(), "has " + dim + " feature columns but the dataset has "
          + info.featureDim() + (glossaLayout ? " (dataset.json feature_dim)" : " (first sample read)"));
    }
    for (int t = 0; t < features.length; t++) {
      for (int c = 0; c < dim; c++) {
        float v = features[t][c];
        if (!Float.isFinite(v)) {
          throw DataException.inSample(file, entry.id(), "frame " + t + ", column " + c + " is " + v
              + "; clean the features or pass --skip_bad to leave such samples out");
        }
      }
    }
    if (split.equals("train")) {
      for (String gloss : entry.glosses()) {
        if (!vocabulary.contains(gloss)) {
          throw DataException.inSample(entry.listedIn(), entry.id(), "gloss '" + gloss
              + "' is not in the vocabulary" + (glossaLayout ? " (" + dir.resolve("vocab.txt") + ")" : ""));
        }
      }
    }
  }
}
