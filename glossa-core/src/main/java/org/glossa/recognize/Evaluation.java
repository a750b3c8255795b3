package org.glossa.recognize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.Batch;
import org.glossa.data.BatchLoader;
import org.glossa.data.Batcher;
import org.glossa.data.Sample;
import org.glossa.decode.CtcLoss;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.eval.WerCalculator;
import org.glossa.model.FrameModel;

/**
 * Runs a model over a split in inference mode: frame logits per sample, hypotheses from a decoder, CTC loss on
 * the known glosses, and the WER alignments of every sentence.
 *
 * @param decodeSeconds time spent decoding, apart from the network
 */
public record Evaluation(Map<String, float[][]> logits, Map<String, List<String>> hypotheses, double loss,
    WerCalculator wer, double decodeSeconds) {

  /** Turns frame logits [T, V] into gloss ids. */
  @FunctionalInterface
  public interface Decoder {
    int[] decode(float[][] logits, int numFrames);
  }

  public WerCalculator.Totals totals() {
    return wer.totals();
  }

  /** Greedy decoding. */
  public static Evaluation run(FrameModel model, Batcher batcher, List<Sample> samples) {
    return run(model, batcher, samples, GreedyCtcDecoder::decode);
  }

  public static Evaluation run(FrameModel model, Batcher batcher, List<Sample> samples, Decoder decoder) {
    Map<String, float[][]> logits = new HashMap<>();
    CtcLoss ctc = new CtcLoss();
    double lossSum = 0;
    int lossCount = 0;
    try (BatchLoader loader = batcher.epoch(0, 0)) {
      for (Batch batch : loader) {
        float[][][] out = model.logits(batch);
        for (int b = 0; b < batch.size(); b++) {
          logits.put(batch.ids()[b], out[b]);
          int classes = out[b].length == 0 ? 0 : out[b][0].length;
          float[] flat = new float[out[b].length * classes];
          for (int t = 0; t < out[b].length; t++) {
            System.arraycopy(out[b][t], 0, flat, t * classes, classes);
          }
          CtcLoss.Result r = ctc.compute(flat, 1, out[b].length, classes, new int[] {out[b].length},
              new int[][] {batch.labels()[b]}, new String[] {batch.ids()[b]}, CtcLoss.Reduction.MEAN);
          if (r.infeasible().isEmpty()) {
            lossSum += r.loss();
            lossCount++;
          }
        }
      }
    }
    long start = System.nanoTime();
    Map<String, List<String>> hypotheses = new HashMap<>();
    WerCalculator wer = new WerCalculator();
    for (Sample s : samples) {
      float[][] l = logits.get(s.id());
      if (l == null) {
        continue; // left out by the length policy
      }
      List<String> hypothesis = new ArrayList<>();
      for (int id : decoder.decode(l, l.length)) {
        hypothesis.add(model.vocabulary().gloss(id));
      }
      hypotheses.put(s.id(), hypothesis);
      wer.add(s.id(), s.glosses(), hypothesis);
    }
    double decodeSeconds = (System.nanoTime() - start) / 1e9;
    return new Evaluation(logits, hypotheses, lossCount == 0 ? Double.NaN : lossSum / lossCount, wer, decodeSeconds);
  }
}
