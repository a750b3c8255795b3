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
}
