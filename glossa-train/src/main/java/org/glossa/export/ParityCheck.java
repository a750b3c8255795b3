package org.glossa.export;

import java.util.Random;
import org.glossa.data.Batch;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.model.FrameModel;

/**
 * Compares two frame models (e.g. a checkpoint and its ONNX export) on the same raw features: the largest
 * absolute difference of their logits over the valid frames of a padded batch.
 */
public final class ParityCheck {

  private ParityCheck() {}

  /**
   * Random raw feature sequences of the given lengths, [T][rawDim] each (seeded), distributed as the training
   * features were: mean + N(0, 1) · std per column of the fitted pipeline. (Plain N(0, 1) raw values would be
   * tens of standard deviations out for columns with a small spread, a regime no real input reaches.)
   */
  public static float[][][] randomSequences(org.glossa.data.FeaturePipeline fitted, int[] lengths, long seed) {
    Random random = new Random(seed);
    float[] mean = fitted.mean();
    float[] scale = fitted.scale();
    int rawDim = mean.length;
    float[][][] sequences = new float[lengths.length][][];
    for (int b = 0; b < lengths.length; b++) {
      sequences[b] = new float[lengths[b]][rawDim];
      for (float[] frame : sequences[b]) {
        for (int c = 0; c < rawDim; c++) {
          frame[c] = mean[c] + (float) random.nextGaussian() / scale[c];
        }
      }
    }
    return sequences;
  }

  /**
   * How two models differ on the same input.
   *
   * @param maxDifference largest |a − b| of a logit over valid frames
   * @param agreement     share of valid frames where both pick the same class
   */
  public record Result(double maxDifference, double agreement) {}

  /** Runs both models once on the same raw sequences (each through its own pipeline) and compares them. */
  public static Result compare(FrameModel a, FrameModel b, float[][][] rawSequences) {
    float[][][] la = a.logits(batch(a, rawSequences));
    float[][][] lb = b.logits(batch(b, rawSequences));
    double max = 0;
    long same = 0;
    long total = 0;
    for (int s = 0; s < la.length; s++) {
      if (la[s].length != lb[s].length) {
        throw new IllegalStateException("sequence " + s + ": " + la[s].length + " vs " + lb[s].length + " frames");
      }
      for (int t = 0; t < la[s].length; t++) {
        for (int v = 0; v < la[s][t].length; v++) {
          max = Math.max(max, Math.abs(la[s][t][v] - lb[s][t][v]));
        }
        same += GreedyCtcDecoder.argmax(la[s][t]) == GreedyCtcDecoder.argmax(lb[s][t]) ? 1 : 0;
        total++;
      }
    }
    return new Result(max, total == 0 ? 1 : (double) same / total);
  }

  private static Batch batch(FrameModel model, float[][][] raw) {
    float[][][] transformed = new float[raw.length][][];
    String[] ids = new String[raw.length];
    for (int b = 0; b < raw.length; b++) {
      transformed[b] = model.pipeline().transform(raw[b]);
      ids[b] = "random" + b;
    }
    return Batch.pad(ids, transformed, null);
  }
}
