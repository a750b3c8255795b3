package org.glossa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlignmentTest {

  /** The alignment as a full cost table and its traceback compute it: what the split tables must reproduce. */
  private static List<Alignment.Step> fullTablePath(List<String> reference, List<String> hypothesis) {
    int n = reference.size();
    int m = hypothesis.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      cost[i][0] = i * Alignment.DELETION_COST;
    }
    for (int j = 1; j <= m; j++) {
      cost[0][j] = j * Alignment.INSERTION_COST;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
        cost[i][j] = Math.min(cost[i - 1][j - 1] + (same ? 0 : Alignment.SUBSTITUTION_COST),
            Math.min(cost[i - 1][j] + Alignment.DELETION_COST, cost[i][j - 1] + Alignment.INSERTION_COST));
      }
    }
    List<Alignment.Step> reversed = new ArrayList<>();
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
        if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : Alignment.SUBSTITUTION_COST)) {
          reversed.add(new Alignment.Step(same ? Alignment.Op.CORRECT : Alignment.Op.SUBSTITUTION,
              reference.get(i - 1), hypothesis.get(j - 1)));
          i--;
          j--;
          continue;
        }
      }
      if (i > 0 && cost[i][j] == cost[i - 1][j] + Alignment.DELETION_COST) {
        reversed.add(new Alignment.Step(Alignment.Op.DELETION, reference.get(i - 1), null));
        i--;
      } else {
        reversed.add(new Alignment.Step(Alignment.Op.INSERTION, null, hypothesis.get(j - 1)));
        j--;
      }
    }
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private static List<String> words(Random random, int length, int vocabulary) {
    List<String> words = new ArrayList<>(length);
    for (int k = 0; k < length; k++) {
      words.add("W" + random.nextInt(vocabulary));
    }
    return words;
  }

  @Test
  void splitTablesGiveTheFullTablePathTieForTie() {
    Random random = new Random(16);
    for (int trial = 0; trial < 3000; trial++) {
      int vocabulary = 1 + random.nextInt(4); // few words: many equal-cost paths, so tie-breaking is exercised
      List<String> reference = words(random, random.nextInt(40), vocabulary);
      List<String> hypothesis = words(random, random.nextInt(40), vocabulary);
      List<Alignment.Step> expected = fullTablePath(reference, hypothesis);
      for (long cells : new long[] {4, 37, 300, Long.MAX_VALUE}) {
        Alignment a = Alignment.of(reference, hypothesis, cells);
        assertEquals(expected, a.steps(), () -> reference + " vs " + hypothesis + " split at " + cells + " cells");
        assertEquals(reference.size(), a.referenceLength());
      }
    }
  }

  @Test
  void countsMatchTheSteps() {
    Alignment a = Alignment.of(List.of("A", "B", "C", "D"), List.of("A", "X", "C", "D", "Y"), 4);
    assertEquals(3, a.correct());
    assertEquals(1, a.substitutions());
    assertEquals(0, a.deletions());
    assertEquals(1, a.insertions());
    assertEquals("REF: a B c d *\nHYP: a X c d Y", a.render());
  }
}
