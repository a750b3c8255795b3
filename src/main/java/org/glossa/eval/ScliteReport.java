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

  /** The "detailed" block: sentence and word recognition performance with counts. */
  public static String detailed(WerCalculator.Totals t, int hypothesisWords) {
    double n = Math.max(1, t.referenceWords());
    double s = Math.max(1, t.sentences());
    StringBuilder sb = new StringBuilder();
    sb.append("SENTENCE RECOGNITION PERFORMANCE\n\n");
    sb.append(String.format(" sentences                          %6d%n", t.sentences()));
    sb.append(String.format(" with errors                        %5.1f%%   (%5d)%n%n",
        100 * t.sentencesWithErrors() / s, t.sentencesWithErrors()));
    sb.append("WORD RECOGNITION PERFORMANCE\n\n");
    sb.append(String.format("Percent Total Error       =  %5.1f%%   (%5d)%n%n", t.wer(), t.errors()));
    sb.append(String.format("Percent Correct           =  %5.1f%%   (%5d)%n%n", 100 * t.correct() / n, t.correct()));
    sb.append(String.format("Percent Substitution      =  %5.1f%%   (%5d)%n", 100 * t.substitutions() / n,
        t.substitutions()));
    sb.append(String.format("Percent Deletions         =  %5.1f%%   (%5d)%n", 100 * t.deletions() / n, t.deletions()));
    sb.append(String.format("Percent Insertions        =  %5.1f%%   (%5d)%n", 100 * t.insertions() / n,
        t.insertions()));
    sb.append(String.format("Percent Word Accuracy     =  %5.1f%%%n%n", 100 - t.wer()));
    sb.append(String.format("Ref. words                =           (%5d)%n", t.referenceWords()));
    sb.append(String.format("Hyp. words                =           (%5d)%n", hypothesisWords));
    sb.append(String.format("Aligned words             =           (%5d)%n",
        t.correct() + t.substitutions() + t.deletions() + t.insertions()));
    return sb.toString();
  }
}
