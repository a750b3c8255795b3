package org.glossa.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The word alignment of a hypothesis against a reference, as sclite computes it: minimum-cost edit path with
 * substitution cost 4, insertion and deletion cost 3, correct 0 (sclite's defaults), which prefers a
 * deletion plus an insertion only when that is cheaper than a substitution (never, at these weights) and
 * breaks ties toward correct/substitution, then deletion, then insertion.
 */
public record Alignment(List<Step> steps, int correct, int substitutions, int deletions, int insertions) {

  /** One aligned position; {@code reference} is null for an insertion, {@code hypothesis} for a deletion. */
  public record Step(Op op, String reference, String hypothesis) {}

  /** Kinds of step. */
  public enum Op { CORRECT, SUBSTITUTION, DELETION, INSERTION }

  static final int SUBSTITUTION_COST = 4;
  static final int INSERTION_COST = 3;
  static final int DELETION_COST = 3;

  public Alignment {
    steps = List.copyOf(steps);
  }

  public int referenceLength() {
    return correct + substitutions + deletions;
  }

  public int errors() {
    return substitutions + deletions + insertions;
  }

  /** Aligns two gloss sequences. */
  public static Alignment of(List<String> reference, List<String> hypothesis) {
    int n = reference.size();
    int m = hypothesis.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      cost[i][0] = i * DELETION_COST;
    }
    for (int j = 1; j <= m; j++) {
      cost[0][j] = j * INSERTION_COST;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
        int diagonal = cost[i - 1][j - 1] + (same ? 0 : SUBSTITUTION_COST);
        int deletion = cost[i - 1][j] + DELETION_COST;
        int insertion = cost[i][j - 1] + INSERTION_COST;
        cost[i][j] = Math.min(diagonal, Math.min(deletion, insertion));
      }
    }
    List<Step> reversed = new ArrayList<>();
    int i = n;
    int j = m;
    int correct = 0;
    int substitutions = 0;
    int deletions = 0;
    int insertions = 0;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
        if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : SUBSTITUTION_COST)) {
          reversed.add(new Step(same ? Op.CORRECT : Op.SUBSTITUTION, reference.get(i - 1), hypothesis.get(j - 1)));
          if (same) {
            correct++;
          } else {
            substitutions++;
          }
          i--;
          j--;
          continue;
        }
      }
      if (i > 0 && cost[i][j] == cost[i - 1][j] + DELETION_COST) {
        reversed.add(new Step(Op.DELETION, reference.get(i - 1), null));
        deletions++;
        i--;
      } else {
        reversed.add(new Step(Op.INSERTION, null, hypothesis.get(j - 1)));
        insertions++;
        j--;
      }
    }
    List<Step> steps = new ArrayList<>(reversed.size());
    for (int k = reversed.size() - 1; k >= 0; k--) {
      steps.add(reversed.get(k));
    }
    return new Alignment(steps, correct, substitutions, deletions, insertions);
  }

  /** Two lines, REF and HYP, sclite style: errors upper-cased, gaps as asterisks. */
  public String render() {
    StringBuilder ref = new StringBuilder("REF:");
    StringBuilder hyp = new StringBuilder("HYP:");
    for (Step s : steps) {
      String r = s.reference() == null ? "" : s.reference();
      String h = s.hypothesis() == null ? "" : s.hypothesis();
      int width = Math.max(r.length(), h.length());
      if (s.op() == Op.CORRECT) {
        r = r.toLowerCase(java.util.Locale.ROOT);
        h = h.toLowerCase(java.util.Locale.ROOT);
      }
      if (s.reference() == null) {
        r = "*".repeat(width);
      }
      if (s.hypothesis() == null) {
        h = "*".repeat(width);
      }
      ref.append(' ').append(pad(r, width));
      hyp.append(' ').append(pad(h, width));
    }
    return ref.toString().stripTrailing() + "\n" + hyp.toString().stripTrailing();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
