package org.glossa.data;

/**
 * How a split is cut into batches.
 *
 * @param batchSize       sequences per batch
 * @param maxSeqLength    longest sequence fed to a model, in frames (0 = no limit)
 * @param longSequences   what happens to longer sequences: SUBSAMPLE keeps every gloss and evenly drops
 *                        frames down to maxSeqLength; SKIP leaves the sample out (counted). Never truncation,
 *                        which would cut glosses off while keeping their labels.
 * @param shuffle         shuffle (training) or keep a stable length-sorted order (evaluation)
 * @param bucketBatches   batches per length bucket when shuffling: samples are shuffled, grouped in chunks of
 *                        bucketBatches x batchSize, sorted by length within a chunk, so a batch holds similar
 *                        lengths and little padding
 * @param framesPerLabel  input frames a model needs per output step (its time downsampling); augmentation
 *                        never shortens a sequence below what CTC needs for its labels at this rate
 * @param seed            seed of shuffling and augmentation
 */
public record BatchConfig(int batchSize, int maxSeqLength, LongSequences longSequences, boolean shuffle,
    int bucketBatches, int framesPerLabel, long seed) {

  /** Policy for sequences above maxSeqLength. */
  public enum LongSequences { SUBSAMPLE, SKIP }

  public BatchConfig {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch_size must be >= 1, got " + batchSize);
    }
    if (maxSeqLength < 0) {
      throw new IllegalArgumentException("--max_seq_length must be >= 0 (0 = no limit), got " + maxSeqLength);
    }
    if (bucketBatches < 1 || framesPerLabel < 1) {
      throw new IllegalArgumentException("bucketBatches and framesPerLabel must be >= 1");
    }
  }

  /** Evaluation batching: stable order, no augmentation-driven shuffling. */
  public static BatchConfig evaluation(int batchSize, int maxSeqLength, int framesPerLabel) {
    return new BatchConfig(batchSize, maxSeqLength, LongSequences.SUBSAMPLE, false, 1, framesPerLabel, 0);
  }
}
