package org.glossa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glossa.data.AtomicFiles;
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
import org.glossa.model.ModelConfig;
import org.glossa.model.FrameModel;
import org.glossa.recognize.ModelFiles;
import org.glossa.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa evaluate}: WER of a checkpoint on a split, with alignments and a JSON report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Word error rate of a model on a dataset split: S/D/I/N, per-sentence alignments, most confused "
        + "glosses, a JSON report and decode speed.")
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Checkpoint (.ckpt) or exported model (.onnx).")
  Path model;
  @Option(names = "--provider", defaultValue = "cpu",
      description = "ONNX Runtime execution provider for .onnx models: cpu, cuda or tensorrt (default: ${DEFAULT-VALUE}).")
  String provider = "cpu";
  @Option(names = {"--data-dir", "--data_dir"}, required = true, description = "Dataset folder.")
  Path dataDir;
  @Option(names = "--split", defaultValue = "test", description = "Split (default: ${DEFAULT-VALUE}).")
  String split;
  @Option(names = "--beam", defaultValue = "1", description = "Beam width; 1 = greedy (default: ${DEFAULT-VALUE}).")
  int beam;
  @Option(names = {"--lm-order", "--lm_order"}, defaultValue = "0",
      description = "Gloss n-gram LM order built from the training split; 0 = none (default: ${DEFAULT-VALUE}).")
  int lmOrder;
  @Option(names = {"--lm-weight", "--lm_weight"}, defaultValue = "0.3", description = "LM fusion weight.")
  double lmWeight;
  @Option(names = {"--gloss-bonus", "--gloss_bonus"}, defaultValue = "0", description = "Score added per gloss.")
  double glossBonus;
  @Option(names = {"--batch-size", "--batch_size"}, defaultValue = "16", description = "Batch size.")
  int batchSize;
  @Option(names = "--out", description = "Report folder (default: <model>-<split>/ beside the checkpoint).")
  Path out;
  @Option(names = {"--skip-bad", "--skip_bad"}, description = "Leave out bad samples instead of stopping.")
  boolean skipBad;

  /** What an evaluation measured. */
  public record Report(String model, String split, int sentences, double wer, int substitutions, int deletions,
      int insertions, int referenceWords, double sentenceErrorRate, String decoder, double framesPerSecond,
      double decodeMsPerSentence, List<Map<String, Object>> topConfusions) {}

  @Override
  public Integer call() {
    Report report = evaluate();
    System.out.printf("%s on %s/%s: WER %.2f%% (S=%d D=%d I=%d N=%d), %d sentences, %s, %.0f frames/s%n",
        model.getFileName(), dataDir.getFileName(), split, report.wer(), report.substitutions(), report.deletions(),
        report.insertions(), report.referenceWords(), report.sentences(), report.decoder(), report.framesPerSecond());
    System.out.println("report: " + reportDir());
    return 0;
  }

  Path reportDir() {
    if (out != null) {
      return out;
    }
    String name = ModelFiles.stem(model);
    return model.toAbsolutePath().resolveSibling(name + "-" + split);
  }

  public Report evaluate() {
    try (FrameModel trained = ModelFiles.open(model, provider)) {
      Dataset dataset = Dataset.open(dataDir);
      if (dataset.info().featureDim() != trained.pipeline().inputDim()) {
        throw DataException.inFile(dataDir, "has " + dataset.info().featureDim() + " feature columns but " + model
            + " was trained on " + trained.pipeline().inputDim());
      }
      Dataset.LoadResult loaded = dataset.load(split, skipBad);
      loaded.problems().forEach(p -> System.err.println("skipped: " + p.message()));
      List<Sample> samples = loaded.samples();
      Batcher batcher = new Batcher(samples, trained.pipeline(), trained.vocabulary(),
          BatchConfig.evaluation(batchSize, 0, ModelConfig.TIME_STRIDE), Augmentation.NONE);
      NgramLanguageModel lm = null;
      if (lmOrder > 0) {
        List<int[]> sentences = new ArrayList<>();
        for (Dataset.Entry e : dataset.entries("train")) {
          sentences.add(e.glosses().stream().mapToInt(trained.vocabulary()::id).filter(id -> id > 0).toArray());
        }
        lm = new NgramLanguageModel(sentences, trained.vocabulary().size(), lmOrder);
      }
      BeamCtcDecoder beamDecoder = beam > 1 || lm != null ? new BeamCtcDecoder(Math.max(beam, 1), lm, lmWeight,
          glossBonus) : null;
      long start = System.nanoTime();
      Evaluation evaluation = Evaluation.run(trained, batcher, samples,
          beamDecoder == null ? GreedyCtcDecoder::decode : beamDecoder::decode);
      double seconds = (System.nanoTime() - start) / 1e9;
      WerCalculator wer = evaluation.wer();
      long frames = 0;
      StringBuilder alignments = new StringBuilder();
      StringBuilder hypotheses = new StringBuilder();
      for (Sample s : samples) {
        frames += s.numFrames();
        Alignment a = wer.alignments().get(s.id());
        alignments.append(String.format("id: %s  signer: %s%nScores: (#C #S #D #I) %d %d %d %d%n%s%n%n", s.id(),
            s.signer(), a.correct(), a.substitutions(), a.deletions(), a.insertions(), a.render()));
        hypotheses.append(s.id()).append(' ').append(String.join(" ", evaluation.hypotheses().get(s.id())))
            .append('\n');
      }
      WerCalculator.Totals t = wer.totals();
      List<Map<String, Object>> confusions = new ArrayList<>();
      wer.topConfusions(20).forEach(e -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pair", e.getKey());
        m.put("count", e.getValue());
        confusions.add(m);
      });
      String decoder = beamDecoder == null ? "greedy" : "beam " + beam + (lm == null ? "" : " + " + lmOrder
          + "-gram LM (weight " + lmWeight + ")");
      Report report = new Report(model.toString(), split, t.sentences(), t.wer(), t.substitutions(), t.deletions(),
          t.insertions(), t.referenceWords(), t.sentenceErrorRate(), decoder,
          frames / seconds, 1000 * evaluation.decodeSeconds() / Math.max(1, samples.size()), confusions);
      Path dir = reportDir();
      AtomicFiles.writeString(dir.resolve("alignments.txt"), alignments.toString());
      AtomicFiles.writeString(dir.resolve("hypotheses.txt"), hypotheses.toString());
      try {
        AtomicFiles.writeString(dir.resolve("report.json"), new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return report;
    }
  }
}
