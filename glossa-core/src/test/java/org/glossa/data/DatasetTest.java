package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a Glossa dataset, and one test per kind of bad input: each message must name the file. */
class DatasetTest {

  @TempDir
  Path temp;
  Path dir;

  @BeforeEach
  void writeSmallDataset() {
    dir = temp.resolve("ds");
    DatasetWriter writer = new DatasetWriter(dir, false);
    writer.add("train", 0, "a", "S1", List.of("REGEN", "SONNE"), frames(5, 1f), 3);
    writer.add("train", 1, "b", "S2", List.of("SONNE"), frames(7, 2f), 3);
    writer.add("dev", 0, "c", "S3", List.of("SONNE", "NEBEL"), frames(4, 3f), 3);
    writer.finish("tiny", 25f, FeatureLayout.unstructured(3), "external", "test");
  }

  private static float[][] frames(int count, float value) {
    float[][] f = new float[count][3];
    for (float[] row : f) {
      java.util.Arrays.fill(row, value);
    }
    return f;
  }

  @Test
  void theFingerprintFollowsTheContentNotTheFolder() throws java.io.IOException {
    String fingerprint = Dataset.open(dir).fingerprint();
    assertEquals(64, fingerprint.length());
    Path copy = temp.resolve("copy");
    try (var files = java.nio.file.Files.walk(dir)) {
      for (Path file : files.toList()) {
        java.nio.file.Files.copy(file, copy.resolve(dir.relativize(file).toString()));
      }
    }
    assertEquals(fingerprint, Dataset.open(copy).fingerprint());
    Path features = copy.resolve("features/train/b.npy");
    byte[] bytes = java.nio.file.Files.readAllBytes(features);
    bytes[bytes.length - 1] ^= 1; // one bit of the last feature value
    java.nio.file.Files.write(features, bytes);
    assertNotEquals(fingerprint, Dataset.open(copy).fingerprint());
  }

  @Test
  void loadsSplitsAndBuildsVocabularyFromTrain() {
    Dataset dataset = Dataset.open(dir);
    assertEquals(List.of("REGEN", "SONNE"), dataset.vocabulary().glosses());
    assertEquals(3, dataset.vocabulary().numClasses());
    List<Sample> train = dataset.load("train", false).samples();
    assertEquals(2, train.size());
    assertEquals(7, train.get(1).numFrames());
    assertEquals(Map.of("train", 2, "dev", 1), dataset.info().splits());
    // dev may hold glosses outside the vocabulary (scored as errors, not a load failure)
    assertEquals(List.of("SONNE", "NEBEL"), dataset.load("dev", false).samples().get(0).glosses());
  }

  @Test
  void missingFeatureFileNamesFileSampleAndTsvLine() throws IOException {
    Path file = dir.resolve("features/train/b.npy");
    Files.delete(file);
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertTrue(e.getMessage().startsWith(file + ": sample 'b': feature file not found"), e.getMessage());
    assertTrue(e.getMessage().contains("train.tsv line 2"), e.getMessage());
  }

  @Test
  void corruptFeatureFileNamesTheFile() throws IOException {
    Path file = dir.resolve("features/train/a.npy");
    Files.writeString(file, "garbage");
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void truncatedFeatureFileNamesTheFile() throws IOException {
    Path file = dir.resolve("features/train/a.npy");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void nanValuesNameFileSampleFrameAndColumn() {
    float[][] bad = frames(5, 1f);
    bad[3][2] = Float.NaN;
    Path file = dir.resolve("features/train/a.npy");
    Npy.writeMatrix(file, bad, 3);
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertEquals(file + ": sample 'a': frame 3, column 2 is NaN; clean the features or pass --skip_bad to leave "
        + "such samples out", e.getMessage());
  }

  @Test
  void infiniteValuesAreRejectedToo() {
    float[][] bad = frames(5, 1f);
    bad[0][0] = Float.POSITIVE_INFINITY;
    Npy.writeMatrix(dir.resolve("features/train/a.npy"), bad, 3);
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
  }

  @Test
  void wrongFeatureDimensionNamesBothDimensions() {
    Path file = dir.resolve("features/train/b.npy");
    Npy.writeMatrix(file, new float[][] {{1, 2}, {3, 4}}, 2);
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertEquals(file + ": sample 'b': has 2 feature columns but the dataset has 3 (dataset.json feature_dim)",
        e.getMessage());
  }

  @Test
  void emptySequenceIsRejected() {
    Path file = dir.resolve("features/train/a.npy");
    Npy.writeMatrix(file, new float[0][], 3);
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertEquals(file + ": sample 'a': empty sequence (0 frames)", e.getMessage());
  }

  @Test
  void unknownTrainingGlossNamesTheTsvAndVocab() throws IOException {
    Files.writeString(dir.resolve("vocab.txt"), "REGEN\n");
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir).load("train", false));
    assertTrue(e.getMessage().startsWith(dir.resolve("train.tsv") + ": sample 'a': gloss 'SONNE' is not in the "
        + "vocabulary"), e.getMessage());
  }

  @Test
  void malformedTsvLineNamesFileAndLine() throws IOException {
    Files.writeString(dir.resolve("train.tsv"), "a\tS1\tREGEN SONNE\nb SONNE\n");
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("train.tsv") + ": line 2: expected 3 tab-separated fields"),
        e.getMessage());
  }

  @Test
  void unknownKeyInDatasetJsonIsAnError() throws IOException {
    Path json = dir.resolve("dataset.json");
    Files.writeString(json, Files.readString(json).replace("\"fps\"", "\"frame_rate\""));
    DataException e = assertThrows(DataException.class, () -> Dataset.open(dir));
    assertTrue(e.getMessage().startsWith(json + ": unknown key 'frame_rate'"), e.getMessage());
  }

  @Test
  void skipBadLeavesBadSamplesOutAndReportsThem() {
    float[][] bad = frames(5, 1f);
    bad[1][1] = Float.NaN;
    Npy.writeMatrix(dir.resolve("features/train/a.npy"), bad, 3);
    Dataset.LoadResult result = Dataset.open(dir).load("train", true);
    assertEquals(1, result.samples().size());
    assertEquals("b", result.samples().get(0).id());
    assertEquals(1, result.problems().size());
    assertEquals("a", result.problems().get(0).sampleId());
  }

  @Test
  void notADatasetSaysHowToMakeOne() throws IOException {
    Path empty = Files.createDirectory(temp.resolve("empty"));
    DataException e = assertThrows(DataException.class, () -> Dataset.open(empty));
    assertTrue(e.getMessage().contains("glossa data synth"), e.getMessage());
  }

  @Test
  void readsTheOriginalPipelinesNpzFoldersWithGlossesFromNpzOrAnnotations() throws IOException {
    Path original = temp.resolve("features");
    Npz.write(original.resolve("train/s1.npz"), Map.of("features", NpyArray.ofMatrix(frames(6, 1f), 3),
        "gloss", NpyArray.ofString("REGEN SONNE")));
    Npz.write(original.resolve("train/s2.npz"), Map.of("features", NpyArray.ofMatrix(frames(4, 2f), 3)));
    Npz.write(original.resolve("test/s3.npz"), Map.of("features", NpyArray.ofMatrix(frames(5, 2f), 3)));
    Path csv = temp.resolve("corpus.csv");
    Files.writeString(csv, "id|folder|signer|annotation\ns2|x|Signer07|WIND\ns3|x|Signer01|WIND REGEN\n");
    Dataset dataset = Dataset.open(original, List.of(csv));
    assertEquals(List.of("REGEN", "SONNE", "WIND"), dataset.vocabulary().glosses());
    List<Sample> train = dataset.load("train", false).samples();
    assertEquals(List.of("REGEN", "SONNE"), train.get(0).glosses());
    assertEquals("Signer07", train.get(1).signer());
    assertEquals(5, dataset.load("test", false).samples().get(0).numFrames());
  }

  @Test
  void npzFoldersWithoutGlossesAskForAnnotations() {
    Path original = temp.resolve("features");
    Npz.write(original.resolve("train/s1.npz"), Map.of("features", NpyArray.ofMatrix(frames(6, 1f), 3)));
    DataException e = assertThrows(DataException.class, () -> Dataset.open(original));
    assertTrue(e.getMessage().contains("--annotations"), e.getMessage());
    assertTrue(e.getMessage().startsWith(original.resolve("train/s1.npz").toString()), e.getMessage());
  }

  @Test
  void writerRefusesToOverwriteAnExistingDataset() {
    DataException e = assertThrows(DataException.class, () -> new DatasetWriter(dir, false));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }
}
