package org.glossa.eval;

import java.util.Map;

/**
 * Renders scoring totals like NIST sclite's summary and detailed ({@code -o sum dtl}) reports, so numbers can
 * be compared line by line with {@code sclite -f 0 -o dtl}.
 */
public final class ScliteReport {

  private ScliteReport() {}

  /** The per-speaker summary table and the overall line. */
  public static String summary(Map<String, WerCalculator.Totals> bySpeaker, WerCalculator.Totals total) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| %-10s | %5s %6s | %6s %6s %6s %6s %6s %6s |%n", "SPKR", "# Snt", "# Wrd", "Corr", "Sub",
        "Del", "Ins", "Err", "S.Err"));
    bySpeaker.forEach((speaker, t) -> sb.append(row(speaker, t)));
    sb.append(row("Sum/Avg", total));
    return sb.toString();
  }

  private static String row(String name, WerCalculator.Totals t) {
    double n = Math.max(1, t.referenceWords());
    return String.format("| %-10s | %5d %6d | %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f |%n", name, t.sentences(),
        t.referenceWords(), 100 * t.correct() / n, 100 * t.substitutions() / n, 100 * t.deletions() / n,
        100 * t.insertions() / n, t.wer(), t.sentenceErrorRate());
  }

  /** The "detailed" block, line for line as sclite prints it: sentence and word recognition performance. */
  public static String detailed(WerCalculator scores, int hypothesisWords) {
    WerCalculator.Totals t = scores.totals();
    int withSubstitutions = 0;
    int withDeletions = 0;
    int withInsertions = 0;
    for (Alignment a : scores.alignments().values()) {
      withSubstitutions += a.substitutions() > 0 ? 1 : 0;
      withDeletions += a.deletions() > 0 ? 1 : 0;
      withInsertions += a.insertions() > 0 ? 1 : 0;
    }
    double n = Math.max(1, t.referenceWords());
    double s = Math.max(1, t.sentences());
    StringBuilder sb = new StringBuilder();
    sb.append("SENTENCE RECOGNITION PERFORMANCE\n\n");
    sb.append(String.format(" sentences%44d%n", t.sentences()));
    sb.append(String.format(" with errors%33.1f%%   (%4d)%n%n", 100 * t.sentencesWithErrors() / s, t.sentencesWithErrors()));
    // sclite's own spelling
    sb.append(String.format("   with substitions%26.1f%%   (%4d)%n", 100 * withSubstitutions / s, withSubstitutions));
    sb.append(String.format("   with deletions%28.1f%%   (%4d)%n", 100 * withDeletions / s, withDeletions));
    sb.append(String.format("   with insertions%27.1f%%   (%4d)%n%n%n", 100 * withInsertions / s, withInsertions));
    sb.append("WORD RECOGNITION PERFORMANCE\n\n");
    sb.append(String.format("Percent Total Error       = %6.1f%%   (%4d)%n%n", t.wer(), t.errors()));
    sb.append(String.format("Percent Correct           = %6.1f%%   (%4d)%n%n", 100 * t.correct() / n, t.correct()));
    sb.append(String.format("Percent Substitution      = %6.1f%%   (%4d)%n", 100 * t.substitutions() / n,
        t.substitutions()));
    sb.append(String.format("Percent Deletions         = %6.1f%%   (%4d)%n", 100 * t.deletions() / n, t.deletions()));
    sb.append(String.format("Percent Insertions        = %6.1f%%   (%4d)%n", 100 * t.insertions() / n,
        t.insertions()));
    sb.append(String.format("Percent Word Accuracy     = %6.1f%%%n%n%n", 100 - t.wer()));
    sb.append(String.format("Ref. words                =           (%4d)%n", t.referenceWords()));
    sb.append(String.format("Hyp. words                =           (%4d)%n", hypothesisWords));
    sb.append(String.format("Aligned words             =           (%4d)%n",
        t.correct() + t.substitutions() + t.deletions() + t.insertions()));
    return sb.toString();
  }
}
