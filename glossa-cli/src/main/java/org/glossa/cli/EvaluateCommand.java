package org.glossa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.glossa.data.Dataset;
import org.glossa.model.FrameModel;
import org.glossa.recognize.DecodeOptions;
import org.glossa.recognize.EvaluationReport;
import org.glossa.recognize.Evaluator;
import org.glossa.recognize.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glossa evaluate}: WER of a checkpoint on a split, with alignments and a JSON report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Word error rate of a model on a dataset split: S/D/I/N, per-sentence alignments, most confused "
        + "glosses, a JSON report and decode speed.")
public final class EvaluateCommand implements Callable<Integer> {

  @Mixin
  ModelOptions modelOptions;
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


  @Override
  public Integer call() {
    EvaluationReport report = evaluate();
    System.out.printf("%s on %s/%s: WER %.2f%% (S=%d D=%d I=%d N=%d), %d sentences, %s, %.0f frames/s%n",
        modelOptions.model.getFileName(), dataDir.getFileName(), split, report.wer(), report.substitutions(), report.deletions(),
        report.insertions(), report.referenceWords(), report.sentences(), report.decoder(), report.framesPerSecond());
    System.out.println("report: " + reportDir());
    return 0;
  }

  Path reportDir() {
    if (out != null) {
      return out;
    }
    return ModelFiles.reportDir(modelOptions.model, split);
  }

  DecodeOptions decodeOptions() {
    return DecodeOptions.builder().beam(beam).lmOrder(lmOrder).lmWeight(lmWeight).glossBonus(glossBonus)
        .batchSize(batchSize).build();
  }

  EvaluationReport evaluate() {
    DecodeOptions options = decodeOptions();
    try (FrameModel frameModel = modelOptions.open()) {
      EvaluationReport report = Evaluator.evaluate(frameModel, Dataset.open(dataDir), split, options, skipBad,
          problem -> System.err.println("skipped: " + problem));
      report.write(reportDir(), modelOptions.model.toString());
      return report;
    }
  }
}
