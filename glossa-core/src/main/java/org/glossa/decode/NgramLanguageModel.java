package org.glossa.decode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gloss n-gram language model with interpolated absolute discounting (Kneser–Ney style back-off to
 * lower orders, add-one at the unigram level), estimated from training sentences. Scores are natural logs.
 * Context ids: glosses 1..V; the sentence start is 0 and the sentence end is V + 1.
 */
public final class NgramLanguageModel {

  private static final double DISCOUNT = 0.75;

  private final int order;
  private final int vocabularySize;
  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, Integer> contextCounts = new HashMap<>();
  private final Map<String, Integer> contextTypes = new HashMap<>();
  private final int[] unigrams;
  private long totalUnigrams;

  /** Estimates an {@code order}-gram model from sentences of gloss ids (1..vocabularySize). */
  public NgramLanguageModel(List<int[]> sentences, int vocabularySize, int order) {
    if (order < 1) {
      throw new IllegalArgumentException("n-gram order must be >= 1, got " + order);
    }
    this.order = order;
    this.vocabularySize = vocabularySize;
    this.unigrams = new int[vocabularySize + 2];
    for (int[] sentence : sentences) {
      int[] padded = new int[sentence.length + order];
      System.arraycopy(sentence, 0, padded, order - 1, sentence.length);
      padded[padded.length - 1] = vocabularySize + 1;
      for (int i = order - 1; i < padded.length; i++) {
        unigrams[padded[i]]++;
        totalUnigrams++;
        for (int n = 2; n <= order; n++) {
          String context = key(padded, i - n + 1, i);
          String full = context + "|" + padded[i];
          if (counts.merge(full, 1, Integer::sum) == 1) {
            contextTypes.merge(context, 1, Integer::sum);
          }
          contextCounts.merge(context, 1, Integer::sum);
        }
      }
    }
  }

  public int order() {
    return order;
  }

  private static String key(int[] ids, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(ids[i]).append(',');
    }
    return sb.toString();
  }

  /** log P(next | history), history = the preceding ids (sentence start implied before them). */
  public double logProbability(int[] history, int next) {
    int n = Math.min(order - 1, history.length + order - 1);
    int[] context = new int[order - 1];
    for (int i = 0; i < order - 1; i++) {
      int h = history.length - (order - 1) + i;
      context[i] = h >= 0 ? history[h] : 0;
    }
    return Math.log(probability(context, 0, next, n));
  }

  /** log P(end of sentence | history). */
  public double logEndProbability(int[] history) {
    return logProbability(history, vocabularySize + 1);
  }

  private double probability(int[] context, int from, int next, int contextLength) {
    if (contextLength == 0 || from >= context.length) {
      return (unigrams[next] + 1.0) / (totalUnigrams + vocabularySize + 1.0);
    }
    String c = key(context, from, context.length);
    double lower = probability(context, from + 1, next, contextLength - 1);
    Integer total = contextCounts.get(c);
    if (total == null) {
      return lower;
    }
    int count = counts.getOrDefault(c + "|" + next, 0);
    double types = contextTypes.getOrDefault(c, 0);
    return Math.max(count - DISCOUNT, 0) / total + DISCOUNT * types / total * lower;
  }
}
