package org.glossa.train;

import java.util.List;

/**
 * Where a training run stands, saved in every checkpoint so {@code --resume} continues it.
 *
 * @param epochsDone   completed epochs
 * @param step         optimizer steps taken
 * @param bestDevWer   best dev WER so far (percent; NaN before the first validation)
 * @param bestEpoch    epoch of the best dev WER
 * @param staleValidations validations since the best one (early stopping)
 * @param history      one record per completed epoch
 */
public record TrainingState(int epochsDone, long step, double bestDevWer, int bestEpoch, int staleValidations,
    List<EpochRecord> history) {

  /** What one epoch measured; dev figures are NaN when it did not validate. */
  public record EpochRecord(int epoch, double trainLoss, double devLoss, double devWer, float learningRate,
      double framesPerSecond, double stepMs, double peakMemoryMb, double seconds) {}

  public TrainingState {
    if (history == null) {
      throw new IllegalArgumentException("history missing");
    }
    history = List.copyOf(history);
  }

  public static TrainingState start() {
    return new TrainingState(0, 0, Double.NaN, 0, 0, List.of());
  }

  /**
   * The state after one more epoch that ended at optimizer step {@code step}: its record added, and when it
   * validated, the best dev WER kept or replaced and the count of validations without a better one updated.
   */
  public TrainingState after(EpochRecord record, long step) {
    List<EpochRecord> extended = new java.util.ArrayList<>(history);
    extended.add(record);
    boolean validated = !Double.isNaN(record.devWer());
    boolean improved = validated && (Double.isNaN(bestDevWer) || record.devWer() < bestDevWer);
    int stale = validated ? (improved ? 0 : staleValidations + 1) : staleValidations;
    return new TrainingState(record.epoch(), step, improved ? record.devWer() : bestDevWer,
        improved ? record.epoch() : bestEpoch, stale, extended);
  }

  /** The last epoch's record. */
  public EpochRecord lastRecord() {
    if (history.isEmpty()) {
      throw new IllegalStateException("no epoch trained yet");
    }
    return history.get(history.size() - 1);
  }
}
