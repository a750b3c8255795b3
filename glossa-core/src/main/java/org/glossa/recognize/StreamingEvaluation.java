package org.glossa.recognize;

import java.util.Arrays;
import java.util.List;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.Sample;
import org.glossa.eval.Percentile;
import org.glossa.eval.WerCalculator;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;

/**
 * Streaming recognition of a whole dataset split against offline recognition of the same model (both greedy), as
 * {@code glossa stream --data_dir} reports it: how much WER the sliding window costs, and how fast it runs.
 *
 * @param sentences      sentences streamed
 * @param streaming      WER totals of the sliding-window stream
 * @param offline        WER totals of whole-sentence recognition
 * @param frames         frames streamed
 * @param computeMs      model time of all windows
 * @param medianWindowMs the median over sentences of each sentence's median window time
 */
public record StreamingEvaluation(int sentences, WerCalculator.Totals streaming, WerCalculator.Totals offline,
    long frames, double computeMs, double medianWindowMs) {

  /** Frames per second of model time while streaming. */
  public double framesPerSecond() {
    return frames / (computeMs / 1000);
  }

  /**
   * Streams every sentence of {@code split} frame by frame through {@code options}' window and recognises it whole.
   *
   * @throws DataException when the dataset's feature width is not the model's, or a sample is bad
   */
  public static StreamingEvaluation run(Recognizer recognizer, Dataset dataset, String split,
      StreamOptions options) {
    Evaluator.checkFeatureWidth(recognizer.model(), dataset);
    List<Sample> samples = dataset.load(split, false).samples();
    WerCalculator streaming = new WerCalculator();
    WerCalculator offline = new WerCalculator();
    long frames = 0;
    double computeMs = 0;
    double[] windowMs = new double[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample sample = samples.get(i);
      StreamingRecognizer stream = recognizer.stream(options);
      for (float[] frame : sample.features()) {
        stream.accept(frame);
      }
      stream.finish();
      streaming.add(sample.id(), sample.glosses(), stream.glosses());
      offline.add(sample.id(), sample.glosses(), recognizer.recognize(sample.features(), dataset.info().fps())
          .words());
      frames += sample.numFrames();
      computeMs += stream.computeMs();
      windowMs[i] = stream.latencyPercentileMs(50);
    }
    Arrays.sort(windowMs);
    return new StreamingEvaluation(samples.size(), streaming.totals(), offline.totals(), frames, computeMs,
        windowMs.length == 0 ? Double.NaN : Percentile.of(windowMs, 50));
  }
}
