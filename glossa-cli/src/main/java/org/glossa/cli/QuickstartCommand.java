package org.glossa.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.glossa.recognize.DecodeOptions;
import org.glossa.recognize.EvaluationReport;
import org.glossa.recognize.Evaluator;
import org.glossa.recognize.ModelFiles;
import org.glossa.recognize.Recognizer;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetInfo;
import org.glossa.data.DatasetStats;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.export.OnnxExport;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.DistillConfig;
import org.glossa.train.DistillationLoss;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glossa quickstart}: the pipeline end to end on the embedded default dataset. Makes the
 * synthetic-signer dataset on first use (reused afterwards), prints its statistics, trains the small teacher
 * and the small student baseline, distils a student from the teacher, evaluates all three on dev and test, prints
 * a table, then exports the distilled student to fp32 and INT8 ONNX and evaluates those too.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the embedded synthetic-signer dataset (made on first use): "
        + "dataset, teacher, student baseline, distilled student, evaluation, ONNX fp32 and INT8 export.")
public final class QuickstartCommand implements Callable<Integer> {

  @Option(names = {"--work-dir", "--work_dir"}, defaultValue = "runs/quickstart",
      description = "Where the dataset and results go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic dataset (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"--train-seed", "--train_seed"}, defaultValue = "42",
      description = "Training seed of the three models (default: ${DEFAULT-VALUE}); the README's spread is over "
          + "training seeds 42, 43 and 44.")
  long trainSeed;

  @Option(names = {"--teacher-epochs", "--teacher_epochs"}, defaultValue = "15",
      description = "Teacher epochs (default: ${DEFAULT-VALUE}).")
  int teacherEpochs;

  @Option(names = {"--student-epochs", "--student_epochs"}, defaultValue = "20",
      description = "Student epochs (default: ${DEFAULT-VALUE}).")
  int studentEpochs;

  @Option(names = {"--data-only", "--data_only"}, description = "Stop after making the dataset.")
  boolean dataOnly;

  /** One row of the final table. */
  record Row(String model, long parameters, double sizeMb, double devWer, double testWer, double trainMinutes) {}

  @Override
  public Integer call() {
    Path dataDir = workDir.resolve("dataset");
    if (!Files.exists(dataDir.resolve("dataset.json"))) {
      SynthConfig config = SynthConfig.defaults().withSeed(seed); // PHOENIX's tempo, about 13 frames per gloss
      System.out.println("== 1. dataset: generating the synthetic-signer corpus into " + dataDir);
      DatasetInfo info = new SyntheticCorpus(config).write(dataDir, true);
      System.out.println("   " + info.description());
    } else {
      System.out.println("== 1. dataset: reusing " + dataDir + " (delete it to regenerate)");
    }
    System.out.println();
    System.out.print(DatasetStats.of(Dataset.open(dataDir), false).render());
    if (dataOnly) {
      return 0;
    }
    List<Row> rows = new ArrayList<>();
    System.out.println("\n== 2. teacher (I3D-style, preset small) -> " + workDir.resolve("teacher"));
    rows.add(trainAndEvaluate("teacher (I3D-style)", teacher(dataDir), dataDir));
    System.out.println("\n== 3. student baseline (MobileNetV3-style, preset small) -> " + workDir.resolve("student"));
    rows.add(trainAndEvaluate("student baseline", student(dataDir), dataDir));
    System.out.println("\n== 4. distilled student (teacher -> student, T=3, alpha=0.7, non-blank KL) -> "
        + workDir.resolve("distilled"));
    rows.add(trainAndEvaluate("student distilled", distilled(dataDir), distillation(), dataDir));
    System.out.println("\n== results (greedy decoding; WER in %)");
    System.out.printf("%-22s %12s %10s %9s %9s %10s%n", "model", "parameters", "fp32 MB", "dev WER", "test WER",
        "train min");
    for (Row r : rows) {
      System.out.printf("%-22s %12d %10.2f %9.2f %9.2f %10.1f%n", r.model(), r.parameters(), r.sizeMb(), r.devWer(),
          r.testWer(), r.trainMinutes());
    }
    deploy(workDir.resolve("distilled").resolve("best_student.ckpt"), dataDir);
    return 0;
  }

  /** Step 4: the student as fp32 and INT8 ONNX, each evaluated on test like the checkpoint. */
  private void deploy(Path checkpoint, Path dataDir) {
    System.out.println("\n== 5. deployment: the distilled student exported to ONNX and run by ONNX Runtime (test)");
    Path fp32 = checkpoint.resolveSibling("student.onnx");
    Path int8 = checkpoint.resolveSibling("student-int8.onnx");
    Checkpoint.Contents contents = Checkpoint.load(checkpoint);
    try (TrainedModel model = contents.model()) {
      OnnxExport.write(model, new OnnxExport.Options(false, false), checkpoint.toString(), contents.settings(), fp32);
      OnnxExport.write(model, new OnnxExport.Options(true, false), checkpoint.toString(), contents.settings(), int8);
    }
    System.out.printf("%-30s %10s %9s %12s%n", "model", "size MiB", "test WER", "frames/s");
    for (Path file : List.of(checkpoint, fp32, int8)) {
      EvaluationReport report = evaluate(file, dataDir, "test");
      double mib;
      try {
        mib = Files.size(file) / 1048576.0;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      String name = file == checkpoint ? "checkpoint (training engine)" : file == fp32 ? "ONNX fp32" : "ONNX int8";
      System.out.printf("%-30s %10.2f %9.2f %,12.0f%n", name, mib, report.wer(), report.framesPerSecond());
    }
    System.out.println("   files: " + fp32 + ", " + int8 + " (see docs/deployment.md; glossa bench for latencies)");
  }

  // The small presets' recipe, with the quickstart's epochs.
  TrainConfig teacher(Path dataDir) {
    return TrainConfig.recipe("teacher", "small", dataDir, workDir.resolve("teacher"), 0).withEpochs(teacherEpochs)
        .withSeed(trainSeed);
  }

  TrainConfig student(Path dataDir) {
    return TrainConfig.recipe("student", "small", dataDir, workDir.resolve("student"), 0).withEpochs(studentEpochs)
        .withSeed(trainSeed);
  }

  /** The baseline's settings, learning from the teacher too; posteriors cached (mirroring keeps every frame). */
  TrainConfig distilled(Path dataDir) {
    return TrainConfig.recipe("distill", "small", dataDir, workDir.resolve("distilled"), 0)
        .withEpochs(studentEpochs).withSeed(trainSeed);
  }

  DistillConfig distillation() {
    return new DistillConfig(workDir.resolve("teacher").resolve("best_i3d.ckpt"), null, 3.0, 0.7,
        DistillationLoss.Target.NONBLANK, true);
  }

  private Row trainAndEvaluate(String name, TrainConfig config, Path dataDir) {
    return trainAndEvaluate(name, config, null, dataDir);
  }

  private Row trainAndEvaluate(String name, TrainConfig config, DistillConfig distill, Path dataDir) {
    long start = System.nanoTime();
    Trainer.Result result = new Trainer(config, distill).run();
    double minutes = (System.nanoTime() - start) / 60e9;
    System.out.printf("   %s: report %s, curves %s, TensorBoard: tensorboard --logdir %s%n", name,
        config.outputDir().resolve("report.html"), config.outputDir().resolve("curves_*.png"), config.outputDir());
    double[] wer = new double[2];
    String[] splits = {"dev", "test"};
    for (int i = 0; i < 2; i++) {
      EvaluationReport report = evaluate(result.bestCheckpoint(), dataDir, splits[i]);
      wer[i] = report.wer();
      System.out.printf("   %s %s WER %.2f%% (S=%d D=%d I=%d N=%d) report in %s%n", name, splits[i], report.wer(),
          report.substitutions(), report.deletions(), report.insertions(), report.referenceWords(),
          ModelFiles.reportDir(result.bestCheckpoint(), splits[i]));
    }
    return new Row(name, result.parameterCount(), result.parameterCount() * 4.0 / (1024 * 1024), wer[0], wer[1],
        minutes);
  }

  /** Greedy WER of a model file on a split, its report written beside it as {@code glossa evaluate} does. */
  private static EvaluationReport evaluate(Path model, Path dataDir, String split) {
    try (Recognizer recognizer = Recognizer.open(model)) {
      EvaluationReport report = Evaluator.evaluate(recognizer, Dataset.open(dataDir), split, DecodeOptions.GREEDY);
      report.write(ModelFiles.reportDir(model, split), model.toString());
      return report;
    }
  }
}
