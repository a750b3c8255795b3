package org.glossa.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Summary figures of a dataset: per split the samples, signers, frames and a length histogram; the
 * vocabulary; glosses of dev/test missing from the vocabulary; and, where the features carry presence flags,
 * how often each modality was detected.
 */
public record DatasetStats(String name, String featureSet, int featureDim, int vocabularySize,
    Map<String, SplitStats> splits, List<Dataset.Problem> problems) {

  /** Figures for one split. */
  public record SplitStats(int samples, int signers, long frames, int minFrames, int maxFrames, double meanFrames,
      double meanGlosses, Map<Integer, Integer> lengthHistogram, Map<String, Integer> outOfVocabulary,
      int outOfVocabularyTokens, int tokens, Map<String, Double> detectionRates) {

    /**
     * Frames per gloss token: how fast the signing is. PHOENIX-2014 has about 12-14; after a network's 4x
     * time downsampling that leaves CTC about 3 output steps per gloss.
     */
    public double framesPerGloss() {
      return tokens == 0 ? 0 : (double) frames / tokens;
    }
  }

  /** Width of a length-histogram bin, in frames. */
  public static final int BIN_FRAMES = 25;

  public static DatasetStats of(Dataset dataset, boolean skipBad) {
    Map<String, SplitStats> splits = new LinkedHashMap<>();
    List<Dataset.Problem> problems = new ArrayList<>();
    GlossVocabulary vocabulary = dataset.vocabulary();
    for (String split : dataset.splits()) {
      Dataset.LoadResult result = dataset.load(split, skipBad);
      problems.addAll(result.problems());
      List<Sample> samples = result.samples();
      Set<String> signers = new HashSet<>();
      long frames = 0;
      long glosses = 0;
      int min = Integer.MAX_VALUE;
      int max = 0;
      Map<Integer, Integer> histogram = new TreeMap<>();
      Map<String, Integer> oov = new TreeMap<>();
      int oovTokens = 0;
      List<ModalityBlock> flagged = dataset.info().modalities().stream().filter(m -> m.presenceColumn() >= 0).toList();
      long[] detected = new long[flagged.size()];
      for (Sample s : samples) {
        signers.add(s.signer());
        frames += s.numFrames();
        glosses += s.glosses().size();
        min = Math.min(min, s.numFrames());
        max = Math.max(max, s.numFrames());
        histogram.merge(s.numFrames() / BIN_FRAMES * BIN_FRAMES, 1, Integer::sum);
        for (String g : s.glosses()) {
          if (!vocabulary.contains(g)) {
            oov.merge(g, 1, Integer::sum);
            oovTokens++;
          }
        }
        for (int m = 0; m < flagged.size(); m++) {
          int column = flagged.get(m).presenceColumn();
          for (float[] frame : s.features()) {
            detected[m] += frame[column] > 0.5f ? 1 : 0;
          }
        }
      }
      Map<String, Double> rates = new LinkedHashMap<>();
      for (int m = 0; m < flagged.size(); m++) {
        rates.put(flagged.get(m).name(), frames == 0 ? 0 : (double) detected[m] / frames);
      }
      int n = samples.size();
      splits.put(split, new SplitStats(n, signers.size(), frames, n == 0 ? 0 : min, max,
          n == 0 ? 0 : (double) frames / n, n == 0 ? 0 : (double) glosses / n, histogram, oov, oovTokens,
          (int) glosses, rates));
    }
    DatasetInfo info = dataset.info();
    return new DatasetStats(info.name(), info.featureSet(), info.featureDim(), vocabulary.size(), splits, problems);
  }

  /** A human-readable report. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("dataset %s  features=%s  feature_dim=%d  vocabulary=%d glosses (+blank)%n", name,
        featureSet, featureDim, vocabularySize));
    sb.append(String.format("%-6s %8s %8s %10s %8s %8s %8s %8s %13s%n", "split", "samples", "signers", "frames",
        "min", "mean", "max", "glosses", "frames/gloss"));
    splits.forEach((split, s) -> sb.append(String.format("%-6s %8d %8d %10d %8d %8.1f %8d %8.2f %13.1f%n", split,
        s.samples(), s.signers(), s.frames(), s.minFrames(), s.meanFrames(), s.maxFrames(), s.meanGlosses(),
        s.framesPerGloss())));
    sb.append("(frames/gloss: PHOENIX-2014 has about 12-14; the networks' 4x time downsampling leaves CTC a "
        + "quarter of it per gloss)\n");
    splits.forEach((split, s) -> {
      sb.append(String.format("%nlength histogram, %s (frames):%n", split));
      int peak = s.lengthHistogram().values().stream().max(Integer::compare).orElse(1);
      s.lengthHistogram().forEach((bin, count) -> sb.append(String.format("  %4d-%-4d %6d %s%n", bin,
          bin + BIN_FRAMES - 1, count, "#".repeat(Math.max(1, 40 * count / peak)))));
    });
    sb.append('\n');
    splits.forEach((split, s) -> {
      if (split.equals("train")) {
        return;
      }
      sb.append(String.format("out-of-vocabulary in %s: %d of %d tokens (%.2f%%), %d distinct%s%n", split,
          s.outOfVocabularyTokens(), s.tokens(), s.tokens() == 0 ? 0 : 100.0 * s.outOfVocabularyTokens() / s.tokens(),
          s.outOfVocabulary().size(), s.outOfVocabulary().isEmpty() ? "" : ": " + s.outOfVocabulary()));
    });
    boolean anyRates = splits.values().stream().anyMatch(s -> !s.detectionRates().isEmpty());
    if (anyRates) {
      sb.append("\ndetection rate per modality (share of frames):\n");
      splits.forEach((split, s) -> {
        sb.append(String.format("  %-6s", split));
        s.detectionRates().forEach((m, r) -> sb.append(String.format("  %s=%.1f%%", m, 100 * r)));
        sb.append('\n');
      });
    } else {
      sb.append("\ndetection rates: n/a (features carry no presence flags)\n");
    }
    if (!problems.isEmpty()) {
      sb.append(String.format("%nskipped %d bad samples:%n", problems.size()));
      problems.forEach(p -> sb.append("  ").append(p.message()).append('\n'));
    }
    return sb.toString();
  }
}
