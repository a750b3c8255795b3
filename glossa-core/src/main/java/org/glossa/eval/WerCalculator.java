package org.glossa.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates alignments of many sentences into corpus word error rate, WER = (S + D + I) / N, with the
 * counts and the most frequent confusions.
 */
public final class WerCalculator {

  /** Totals over a corpus. */
  public record Totals(int sentences, int sentencesWithErrors, int referenceWords, int correct, int substitutions,
      int deletions, int insertions) {
    public int errors() {
      return substitutions + deletions + insertions;
    }

    /** WER in percent (0 for an empty reference). */
    public double wer() {
      return referenceWords == 0 ? 0 : 100.0 * errors() / referenceWords;
    }

    public double sentenceErrorRate() {
      return sentences == 0 ? 0 : 100.0 * sentencesWithErrors / sentences;
    }
  }

  private final Map<String, Alignment> alignments = new LinkedHashMap<>();

  /** Adds one sentence; ids must be unique. */
  public Alignment add(String id, List<String> reference, List<String> hypothesis) {
    return add(id, Alignment.of(reference, hypothesis));
  }

  /** Adds one sentence already aligned (to count it in two totals without aligning it twice). */
  public Alignment add(String id, Alignment alignment) {
    if (alignments.put(id, alignment) != null) {
      throw new IllegalArgumentException("sentence '" + id + "' scored twice");
    }
    return alignment;
  }

  public Map<String, Alignment> alignments() {
    return java.util.Collections.unmodifiableMap(alignments);
  }

  public Totals totals() {
    int withErrors = 0;
    int n = 0;
    int c = 0;
    int s = 0;
    int d = 0;
    int i = 0;
    for (Alignment a : alignments.values()) {
      withErrors += a.errors() > 0 ? 1 : 0;
      n += a.referenceLength();
      c += a.correct();
      s += a.substitutions();
      d += a.deletions();
      i += a.insertions();
    }
    return new Totals(alignments.size(), withErrors, n, c, s, d, i);
  }

  /** The most frequent error pairs "REF -> HYP" (substitutions), "REF -> *" and "* -> HYP", with counts. */
  public List<Map.Entry<String, Integer>> topConfusions(int limit) {
    Map<String, Integer> counts = new HashMap<>();
    for (Alignment a : alignments.values()) {
      for (Alignment.Step step : a.steps()) {
        if (step.op() != Alignment.Op.CORRECT) {
          String key = (step.reference() == null ? "*" : step.reference()) + " -> "
              + (step.hypothesis() == null ? "*" : step.hypothesis());
          counts.merge(key, 1, Integer::sum);
        }
      }
    }
    List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
    list.sort((x, y) -> y.getValue() != x.getValue().intValue() ? y.getValue() - x.getValue()
        : x.getKey().compareTo(y.getKey()));
    return list.subList(0, Math.min(limit, list.size()));
  }

  /** WER (percent) of hypothesis lists against reference lists, index by index. */
  public static double wer(List<List<String>> references, List<List<String>> hypotheses) {
    WerCalculator calculator = new WerCalculator();
    for (int k = 0; k < references.size(); k++) {
      calculator.add(Integer.toString(k), references.get(k), hypotheses.get(k));
    }
    return calculator.totals().wer();
  }
}
