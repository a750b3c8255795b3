package org.glossa.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.GlossVocabulary;

/**
 * CTC prefix beam search: keeps the {@code beamWidth} most likely gloss prefixes, each with the probability of
 * ending in a blank and in its last gloss, so alignments that collapse to the same prefix are summed. With a
 * language model, each new gloss adds {@code lmWeight · log P_LM(gloss | prefix)} plus an insertion bonus
 * {@code glossBonus}, and the end-of-sentence probability is added when ranking finished hypotheses
 * (shallow fusion).
 *
 * <p>Each frame extends the beams only by its {@code max(beamWidth, 40)} most likely glosses (as ctcdecode's
 * cutoff_top_n): without a language model no other extension could enter the beam, so the result is that of the
 * full search; with one, a gloss outside them would need an LM gain of the gap to the 40th.
 */
public final class BeamCtcDecoder {

  private final int beamWidth;
  private final NgramLanguageModel languageModel;
  private final double lmWeight;
  private final double glossBonus;
  private final int topGlosses;

  public BeamCtcDecoder(int beamWidth, NgramLanguageModel languageModel, double lmWeight, double glossBonus) {
    this(beamWidth, languageModel, lmWeight, glossBonus, TOP_GLOSSES);
  }

  /** With {@code topGlosses} extensions per frame (ctcdecode's cutoff_top_n; Integer.MAX_VALUE = all). */
  public BeamCtcDecoder(int beamWidth, NgramLanguageModel languageModel, double lmWeight, double glossBonus,
      int topGlosses) {
    this.topGlosses = topGlosses;
    if (beamWidth < 1) {
      throw new IllegalArgumentException("--beam must be >= 1, got " + beamWidth);
    }
    this.beamWidth = beamWidth;
    this.languageModel = languageModel;
    this.lmWeight = languageModel == null ? 0 : lmWeight;
    this.glossBonus = glossBonus;
  }

  private static final class Beam {
    final int[] prefix;
    double blank = Double.NEGATIVE_INFINITY;    // log P(prefix, ending in blank)
    double nonBlank = Double.NEGATIVE_INFINITY; // log P(prefix, ending in its last gloss)
    double lm;                                  // accumulated weighted LM score and bonus

    Beam(int[] prefix, double lm) {
      this.prefix = prefix;
      this.lm = lm;
    }

    double total() {
      return logAdd(blank, nonBlank);
    }
  }

  /** Decodes logits [T, V] over the first {@code numFrames} frames. */
  public int[] decode(float[][] logits, int numFrames) {
    Map<Key, Beam> beams = new HashMap<>();
    Beam empty = new Beam(new int[0], 0);
    empty.blank = 0;
    beams.put(new Key(empty.prefix), empty);
    int numClasses = numFrames == 0 ? 0 : logits[0].length;
    double[] logProbs = new double[numClasses];
    int[] candidates = new int[Math.min(Math.max(beamWidth, topGlosses), Math.max(0, numClasses - 1))];
    for (int t = 0; t < numFrames; t++) {
      logSoftmax(logits[t], logProbs);
      int count = topGlosses(logProbs, candidates);
      Map<Key, Beam> next = new HashMap<>();
      for (Beam beam : beams.values()) {
        double total = beam.total();
        // stay on the prefix through a blank
        Beam same = get(next, beam.prefix, beam.lm);
        same.blank = logAdd(same.blank, total + logProbs[GlossVocabulary.BLANK_ID]);
        int last = beam.prefix.length == 0 ? -1 : beam.prefix[beam.prefix.length - 1];
        if (last >= 0) {
          // repeat the last gloss without a blank in between: same prefix
          same.nonBlank = logAdd(same.nonBlank, beam.nonBlank + logProbs[last]);
        }
        for (int c = 0; c < count; c++) {
          int k = candidates[c];
          int[] extended = Arrays.copyOf(beam.prefix, beam.prefix.length + 1);
          extended[beam.prefix.length] = k;
          double lm = beam.lm + glossBonus
              + (languageModel == null ? 0 : lmWeight * languageModel.logProbability(beam.prefix, k));
          Beam target = get(next, extended, lm);
          // a repeated gloss needs a blank in between
          double from = k == last ? beam.blank : total;
          target.nonBlank = logAdd(target.nonBlank, from + logProbs[k]);
        }
      }
      List<Beam> sorted = new ArrayList<>(next.values());
      sorted.sort((a, b) -> Double.compare(b.total() + b.lm, a.total() + a.lm));
      beams = new HashMap<>();
      for (int i = 0; i < Math.min(beamWidth, sorted.size()); i++) {
        beams.put(new Key(sorted.get(i).prefix), sorted.get(i));
      }
    }
    Beam best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Beam beam : beams.values()) {
      double score = beam.total() + beam.lm
          + (languageModel == null ? 0 : lmWeight * languageModel.logEndProbability(beam.prefix));
      if (score > bestScore) {
        bestScore = score;
        best = beam;
      }
    }
    return best == null ? new int[0] : best.prefix;
  }

  /** Glosses per frame considered for extensions (at least the beam width). */
  static final int TOP_GLOSSES = 40;

  /** Fills {@code out} with the most likely non-blank classes (negligible ones left out); returns how many. */
  private static int topGlosses(double[] logProbs, int[] out) {
    int count = 0;
    for (int k = 1; k < logProbs.length; k++) {
      if (logProbs[k] < -30) {
        continue; // negligible
      }
      if (count < out.length) {
        out[count++] = k;
        for (int i = count - 1; i > 0 && logProbs[out[i]] > logProbs[out[i - 1]]; i--) {
          int tmp = out[i];
          out[i] = out[i - 1];
          out[i - 1] = tmp;
        }
      } else if (logProbs[k] > logProbs[out[count - 1]]) {
        int i = count - 1;
        out[i] = k;
        for (; i > 0 && logProbs[out[i]] > logProbs[out[i - 1]]; i--) {
          int tmp = out[i];
          out[i] = out[i - 1];
          out[i - 1] = tmp;
        }
      }
    }
    return count;
  }

  /** A prefix as a hash key. */
  private record Key(int[] prefix) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && Arrays.equals(prefix, other.prefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(prefix);
    }
  }

  private static Beam get(Map<Key, Beam> beams, int[] prefix, double lm) {
    return beams.computeIfAbsent(new Key(prefix), k -> new Beam(prefix, lm));
  }

  private static void logSoftmax(float[] row, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : row) {
      sum += Math.exp(v - max);
    }
    double norm = max + Math.log(sum);
    for (int k = 0; k < row.length; k++) {
      out[k] = row[k] - norm;
    }
  }

  static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
  }
}
