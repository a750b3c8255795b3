package org.glossa.decode;

import java.util.ArrayList;
import java.util.List;
import org.glossa.data.GlossVocabulary;

/** Best-path CTC decoding: the most likely class per frame, repeats merged, blanks dropped. */
public final class GreedyCtcDecoder {

  private GreedyCtcDecoder() {}

  /** Decodes frame scores [T, V] (logits or log-probabilities) over the first {@code numFrames} frames. */
  public static int[] decode(float[][] scores, int numFrames) {
    int[] best = new int[numFrames];
    for (int t = 0; t < numFrames; t++) {
      best[t] = argmax(scores[t]);
    }
    return collapse(best);
  }

  /** The best class of one frame (the first on ties). */
  public static int argmax(float[] row) {
    int best = 0;
    for (int k = 1; k < row.length; k++) {
      if (row[k] > row[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Merges repeated ids, then drops blanks: {3, 3, 0, 3} → {3, 3}. */
  public static int[] collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    int previous = -1;
    for (int id : path) {
      if (id != previous && id != GlossVocabulary.BLANK_ID) {
        out.add(id);
      }
      previous = id;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** One decoded gloss and the output frames its best path spans ({@code last} inclusive). */
  public record Segment(int id, int first, int last) {
  }

  /**
   * The greedy decoding with where each gloss sits: a segment per run of one non-blank class on the best path (a
   * run broken by a blank and resumed by the same class is a second gloss, as in {@link #collapse}).
   */
  public static List<Segment> segments(float[][] scores, int numFrames) {
    List<Segment> out = new ArrayList<>();
    int previous = -1;
    int start = 0;
    for (int t = 0; t <= numFrames; t++) {
      int id = t < numFrames ? argmax(scores[t]) : -1;
      if (id != previous) {
        if (previous >= 0 && previous != GlossVocabulary.BLANK_ID) {
          out.add(new Segment(previous, start, t - 1));
        }
        previous = id;
        start = t;
      }
    }
    return out;
  }
}
