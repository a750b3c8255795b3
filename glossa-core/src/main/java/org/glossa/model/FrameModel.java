package org.glossa.model;

import org.glossa.data.Batch;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;

/**
 * Anything that turns a batch of features into frame logits: a trained network on the training engine
 * ({@link TrainedModel}) or an exported ONNX model run by ONNX Runtime. Evaluation, decoding and streaming work
 * with either.
 */
public interface FrameModel extends AutoCloseable {

  /** Frame logits per sequence: logits[b] is [T'_b, V], T'_b = ceil(length_b / {@link #timeStride}) (for Glossa's networks {@link ModelConfig#outputLength}(length_b)); blank in column 0. */
  float[][][] logits(Batch batch);

  GlossVocabulary vocabulary();

  /** Input frames per output step: {@link ModelConfig#TIME_STRIDE} for Glossa's networks. */
  default int timeStride() {
    return ModelConfig.TIME_STRIDE;
  }

  /** The transform the batches must go through before {@link #logits} (identity if the model includes it). */
  FeaturePipeline pipeline();

  @Override
  void close();
}
