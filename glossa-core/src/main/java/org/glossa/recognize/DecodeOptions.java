package org.glossa.recognize;

/**
 * How frame scores become glosses: greedy CTC (beam 1, no language model) by default, else a beam search with an
 * optional gloss n-gram language model built from the training split. Checked when built; the message names the
 * flag and the value.
 *
 * @param beam beam width, 1 = greedy
 * @param lmOrder n-gram order of the gloss language model, 0 = none
 * @param lmWeight the language model's fusion weight
 * @param glossBonus score added per emitted gloss
 * @param batchSize sentences per forward pass
 */
public record DecodeOptions(int beam, int lmOrder, double lmWeight, double glossBonus, int batchSize) {

  /** Greedy decoding, 16 sentences a batch. */
  public static final DecodeOptions GREEDY = new DecodeOptions(1, 0, 0.3, 0, 16);

  public DecodeOptions {
    if (beam < 1 || beam > 1024) {
      throw new IllegalArgumentException("--beam must be 1..1024, got " + beam);
    }
    if (lmOrder < 0 || lmOrder > 10) {
      throw new IllegalArgumentException("--lm_order must be 0..10, got " + lmOrder);
    }
    if (!Double.isFinite(lmWeight) || lmWeight < 0) {
      throw new IllegalArgumentException("--lm_weight must be a finite number >= 0, got " + lmWeight);
    }
    if (!Double.isFinite(glossBonus)) {
      throw new IllegalArgumentException("--gloss_bonus must be a finite number, got " + glossBonus);
    }
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("--batch_size must be 1..4096, got " + batchSize);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().beam(beam).lmOrder(lmOrder).lmWeight(lmWeight).glossBonus(glossBonus).batchSize(batchSize);
  }

  /** Whether decoding is plain greedy CTC. */
  public boolean greedy() {
    return beam == 1 && lmOrder == 0;
  }

  /** A line for reports: "greedy", "beam 8" or "beam 8 + 3-gram LM (weight 0.3)". */
  public String describe() {
    return greedy() ? "greedy" : "beam " + beam + (lmOrder == 0 ? "" : " + " + lmOrder + "-gram LM (weight "
        + lmWeight + ")");
  }

  /** Builds options from {@link #GREEDY}'s defaults. */
  public static final class Builder {
    private int beam = GREEDY.beam;
    private int lmOrder = GREEDY.lmOrder;
    private double lmWeight = GREEDY.lmWeight;
    private double glossBonus = GREEDY.glossBonus;
    private int batchSize = GREEDY.batchSize;

    private Builder() {}

    public Builder beam(int width) {
      this.beam = width;
      return this;
    }

    public Builder lmOrder(int order) {
      this.lmOrder = order;
      return this;
    }

    public Builder lmWeight(double weight) {
      this.lmWeight = weight;
      return this;
    }

    public Builder glossBonus(double bonus) {
      this.glossBonus = bonus;
      return this;
    }

    public Builder batchSize(int size) {
      this.batchSize = size;
      return this;
    }

    public DecodeOptions build() {
      return new DecodeOptions(beam, lmOrder, lmWeight, glossBonus, batchSize);
    }
  }
}
