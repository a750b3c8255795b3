package org.glossa.recognize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.glossa.data.Augmentation;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.Sample;
import org.glossa.decode.BeamCtcDecoder;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.decode.NgramLanguageModel;
import org.glossa.eval.Alignment;
import org.glossa.eval.WerCalculator;
import org.glossa.model.FrameModel;

/**
 * Word error rate of a model on a dataset split, as {@code glossa evaluate} reports it:
 *
 * <pre>{@code
 * try (Recognizer recognizer = Recognizer.open(Path.of("student.onnx"))) {
 *   EvaluationReport report = Evaluator.evaluate(recognizer, Dataset.open(dataDir), "test", DecodeOptions.GREEDY);
 *   System.out.println(report.wer());
 * }
 * }</pre>
 */
public final class Evaluator {

  private Evaluator() {}

  public static EvaluationReport evaluate(Recognizer recognizer, Dataset dataset, String split,
      DecodeOptions options) {
    return evaluate(recognizer.model(), dataset, split, options, false, problem -> { });
  }

  /**
   * As {@link #evaluate(Recognizer, Dataset, String, DecodeOptions)}; with {@code skipBad} bad samples are left out
   * and each is passed to {@code skipped} instead of stopping the evaluation.
   *
   * @throws DataException when the dataset's feature width is not the model's, or (without skipBad) a sample is bad
   */
  public static EvaluationReport evaluate(FrameModel model, Dataset dataset, String split, DecodeOptions options,
      boolean skipBad, Consumer<String> skipped) {
    checkFeatureWidth(model, dataset);
    Dataset.LoadResult loaded = dataset.load(split, skipBad);
    loaded.problems().forEach(p -> skipped.accept(p.message()));
    List<Sample> samples = loaded.samples();
    Batcher batcher = new Batcher(samples, model.pipeline(), model.vocabulary(),
        BatchConfig.evaluation(options.batchSize(), 0, model.timeStride()), Augmentation.NONE);
    NgramLanguageModel lm = null;
    if (options.lmOrder() > 0) {
      List<int[]> sentences = new ArrayList<>();
      for (Dataset.Entry e : dataset.entries("train")) {
        sentences.add(e.glosses().stream().mapToInt(model.vocabulary()::id).filter(id -> id > 0).toArray());
      }
      lm = new NgramLanguageModel(sentences, model.vocabulary().size(), options.lmOrder());
    }
    BeamCtcDecoder beam = options.greedy() ? null
        : new BeamCtcDecoder(options.beam(), lm, options.lmWeight(), options.glossBonus());
    long start = System.nanoTime();
    Evaluation evaluation = Evaluation.run(model, batcher, samples,
        beam == null ? GreedyCtcDecoder::decode : beam::decode);
    double seconds = (System.nanoTime() - start) / 1e9;
    WerCalculator wer = evaluation.wer();
    long frames = 0;
    StringBuilder alignments = new StringBuilder();
    Map<String, List<String>> hypotheses = new LinkedHashMap<>();
    for (Sample s : samples) {
      frames += s.numFrames();
      Alignment a = wer.alignments().get(s.id());
      alignments.append(String.format("id: %s  signer: %s%nScores: (#C #S #D #I) %d %d %d %d%n%s%n%n", s.id(),
          s.signer(), a.correct(), a.substitutions(), a.deletions(), a.insertions(), a.render()));
      hypotheses.put(s.id(), evaluation.hypotheses().get(s.id()));
    }
    List<Map<String, Object>> confusions = new ArrayList<>();
    wer.topConfusions(20).forEach(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pair", e.getKey());
      m.put("count", e.getValue());
      confusions.add(m);
    });
    WerCalculator.Totals t = wer.totals();
    return new EvaluationReport(split, t.sentences(), t.wer(), t.substitutions(), t.deletions(), t.insertions(),
        t.referenceWords(), t.sentenceErrorRate(), options.describe(), frames / seconds,
        1000 * evaluation.decodeSeconds() / Math.max(1, samples.size()), confusions, hypotheses,
        alignments.toString());
  }

  /** Refuses a dataset whose features are not as wide as the model's input, naming the dataset's folder. */
  static void checkFeatureWidth(FrameModel model, Dataset dataset) {
    if (dataset.info().featureDim() != model.pipeline().inputDim()) {
      throw DataException.inFile(dataset.dir(), "has " + dataset.info().featureDim() + " feature columns but the "
          + "model reads " + model.pipeline().inputDim());
    }
  }
}
