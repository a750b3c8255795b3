package org.glossa.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word alignment of a hypothesis against a reference, as sclite computes it: minimum-cost edit path with
 * substitution cost 4, insertion and deletion cost 3, correct 0 (sclite's defaults), which prefers a
 * deletion plus an insertion only when that is cheaper than a substitution (never, at these weights) and
 * breaks ties toward correct/substitution, then deletion, then insertion. Memory is linear in the sentence
 * lengths ({@link EditPath}), so a 50,000-word utterance scores in megabytes.
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

  /** Aligns two gloss sequences, in memory linear in their lengths. */
  public static Alignment of(List<String> reference, List<String> hypothesis) {
    return of(reference, hypothesis, FULL_TABLE_CELLS);
  }

  /**
   * Rectangles of the cost table up to this many cells are solved with a full table (4 MB of costs); larger ones
   * are split first ({@link EditPath}).
   */
  static final long FULL_TABLE_CELLS = 1 << 20;

  static Alignment of(List<String> reference, List<String> hypothesis, long fullTableCells) {
    Map<String, Integer> ids = new HashMap<>();
    int[] ref = ids(reference, ids);
    int[] hyp = ids(hypothesis, ids);
    byte[] ops = EditPath.solve(ref, hyp, fullTableCells);
    List<Step> steps = new ArrayList<>(ops.length);
    int[] counts = new int[4];
    int i = 0;
    int j = 0;
    for (byte op : ops) {
      counts[op]++;
      switch (op) {
        case EditPath.CORRECT -> steps.add(new Step(Op.CORRECT, reference.get(i++), hypothesis.get(j++)));
        case EditPath.SUBSTITUTION -> steps.add(new Step(Op.SUBSTITUTION, reference.get(i++), hypothesis.get(j++)));
        case EditPath.DELETION -> steps.add(new Step(Op.DELETION, reference.get(i++), null));
        default -> steps.add(new Step(Op.INSERTION, null, hypothesis.get(j++)));
      }
    }
    return new Alignment(steps, counts[EditPath.CORRECT], counts[EditPath.SUBSTITUTION], counts[EditPath.DELETION],
        counts[EditPath.INSERTION]);
  }

  private static int[] ids(List<String> words, Map<String, Integer> ids) {
    int[] out = new int[words.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = ids.computeIfAbsent(words.get(k), w -> ids.size());
    }
    return out;
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
