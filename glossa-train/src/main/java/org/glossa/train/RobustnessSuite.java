package org.glossa.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetStats;
import org.glossa.data.FaceSubset;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SignerConditions;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.DecodeOptions;
import org.glossa.recognize.Evaluator;

/**
 * The robustness suite: corpora that each vary one thing real corpora vary (tempo, vocabulary, training size,
 * signers, missed hands, landmark noise, handedness), and on each the four models of a comparison trained with the
 * small presets' recipe for the same wall time: the plain Conv1d + BiLSTM {@code baseline}, the {@code small}
 * teacher, the {@code small} student and the student distilled from that teacher.
 */
public final class RobustnessSuite {

  /**
   * One corpus of the suite: a name, what it varies against {@code base}, and how it is made; or a corpus of the
   * user's own ({@link #own}), a dataset folder trained on as it is, with {@code config} null.
   */
  public record Corpus(String name, String varies, SynthConfig config, Path dataset) {

    public Corpus {
      if ((config == null) == (dataset == null)) {
        throw new IllegalArgumentException("corpus '" + name + "' needs either a synthetic config or a dataset");
      }
    }

    /** A corpus the suite makes with {@code data synth}'s generator. */
    public Corpus(String name, String varies, SynthConfig config) {
      this(name, varies, config, null);
    }

    /** A corpus of the user's own: a dataset folder with train, dev and test splits, named {@code name}. */
    public static Corpus own(String name, Path dataset) {
      return new Corpus(name, "own: " + dataset, null, dataset);
    }
  }

  /**
   * One trained model on one corpus: its best checkpoint's WERs, wall time, epochs, optimizer steps and the median
   * of its epochs' milliseconds per step (how fast the machine ran it).
   */
  public record Run(String corpus, String model, double devWer, double testWer, double minutes, int epochs,
      long steps, double stepMs) {}

  /** The models of a comparison, in training order (the distilled student needs the teacher). */
  public static final List<String> MODELS = List.of("baseline", "teacher", "student", "distilled");

  private final Path workDir;
  private final double minutesPerModel;
  private final long stepsPerModel;
  private final long trainSeed;

  /** A suite whose runs each get {@code minutesPerModel} minutes ({@code --max_minutes}). */
  public RobustnessSuite(Path workDir, double minutesPerModel, long trainSeed) {
    this(workDir, minutesPerModel, 0, trainSeed);
  }

  /**
   * @param workDir         corpora and runs go here; a corpus already made is reused
   * @param minutesPerModel the time budget of each training run ({@code --max_minutes}; 0 = none)
   * @param stepsPerModel   the budget of optimizer steps of each run ({@code --max_steps}; 0 = none): the same
   *                        training on any machine, so tables from different machines or hours compare
   * @param trainSeed       the training seed of every run
   */
  public RobustnessSuite(Path workDir, double minutesPerModel, long stepsPerModel, long trainSeed) {
    if (!(minutesPerModel >= 0) || stepsPerModel < 0 || (minutesPerModel == 0 && stepsPerModel == 0)) {
      throw new IllegalArgumentException("each model needs a budget: minutes > 0 or steps > 0, got "
          + minutesPerModel + " min and " + stepsPerModel + " steps");
    }
    this.workDir = workDir;
    this.minutesPerModel = minutesPerModel;
    this.stepsPerModel = stepsPerModel;
    this.trainSeed = trainSeed;
  }

  /** The budget of each run in words: "5 min", "2000 steps" or "5 min or 2000 steps". */
  public static String budget(double minutes, long steps) {
    String time = minutes > 0 ? trim(minutes) + " min" : null;
    String count = steps > 0 ? steps + " steps" : null;
    return time == null ? count : count == null ? time : time + " or " + count;
  }

  /**
   * The suite's corpora, all at 25 fps with compact faces, 100 dev and 100 test sentences by held-out signers.
   * {@code base}: 80 glosses, 600 training sentences by 8 signers (2 more held out), PHOENIX's tempo of 13 frames
   * per gloss, medium difficulty; every other corpus changes one or two of these.
   */
  public static List<Corpus> corpora(long seed) {
    SynthConfig base = SynthConfig.builder().vocabularySize(80).trainSentences(600).devSentences(100).testSentences(100)
        .signers(10).heldOutSigners(2).minGlosses(3).maxGlosses(8).difficulty(Difficulty.MEDIUM)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(seed).writePose(false).framesPerGloss(SynthConfig.REALISTIC_TEMPO)
        .conditions(SignerConditions.TYPICAL).build();
    return List.of(
        new Corpus("base", "-", base),
        new Corpus("fast", "10 frames per gloss", base.withFramesPerGloss(10)),
        new Corpus("slow", "30 frames per gloss", base.withFramesPerGloss(30)),
        new Corpus("small", "300 training sentences", with(base, 80, 300, 10)),
        new Corpus("large", "500 glosses, 3000 training sentences", with(base, 500, 3000, 10)),
        new Corpus("signers", "2 training signers", with(base, 80, 600, 4)),
        new Corpus("hands", "3x missed hands", base.withConditions(new SignerConditions(1, 3,
            SignerConditions.Dominance.MIXED))),
        new Corpus("noise", "3x landmark noise", base.withConditions(new SignerConditions(3, 1,
            SignerConditions.Dominance.MIXED))),
        new Corpus("flipped", "held-out signers left-handed", base.withConditions(new SignerConditions(1, 1,
            SignerConditions.Dominance.FLIPPED))));
  }

  private static SynthConfig with(SynthConfig c, int vocabulary, int train, int signers) {
    return c.toBuilder().vocabularySize(vocabulary).trainSentences(train).signers(signers).build();
  }

  /**
   * Makes (or reuses) each corpus and trains and evaluates the four models on it, reporting each run as it ends.
   * The user's own corpora are checked first, so a wrong folder stops the suite before hours of training.
   */
  public List<Run> run(List<Corpus> corpora, Consumer<String> log, Consumer<Run> onRun) {
    for (Corpus corpus : corpora) {
      if (corpus.dataset() != null) {
        checkOwn(corpus);
      }
    }
    List<Run> runs = new ArrayList<>();
    for (Corpus corpus : corpora) {
      Path data = corpus.dataset() != null ? corpus.dataset() : workDir.resolve(corpus.name()).resolve("dataset");
      if (corpus.dataset() == null && !Files.exists(data.resolve("dataset.json"))) {
        log.accept("== " + corpus.name() + ": making the corpus (" + corpus.varies() + ")");
        new SyntheticCorpus(corpus.config()).write(data, true);
      }
      Dataset dataset = Dataset.open(data);
      DatasetStats.SplitStats train = DatasetStats.of(dataset, false).splits().get("train");
      log.accept(String.format(Locale.ROOT, "== %s: %d training sentences, %.1f frames per gloss", corpus.name(),
          train.samples(), train.framesPerGloss()));
      Path teacher = null;
      for (String model : MODELS) {
        Path out = workDir.resolve(corpus.name()).resolve(model);
        TrainConfig config = switch (model) {
          case "baseline" -> TrainConfig.recipe("student", "baseline", data, out, minutesPerModel, stepsPerModel);
          case "teacher" -> TrainConfig.recipe("teacher", "small", data, out, minutesPerModel, stepsPerModel);
          case "student" -> TrainConfig.recipe("student", "small", data, out, minutesPerModel, stepsPerModel);
          default -> TrainConfig.recipe("distill", "small", data, out, minutesPerModel, stepsPerModel);
        };
        config = config.withSeed(trainSeed);
        DistillConfig distill = model.equals("distilled")
            ? new DistillConfig(teacher, null, 3.0, 0.7, DistillationLoss.Target.NONBLANK, true) : null;
        log.accept("-- " + corpus.name() + " / " + model + " (" + budget(minutesPerModel, stepsPerModel) + ")");
        long start = System.nanoTime();
        Trainer.Result result = new Trainer(config, distill).run();
        double minutes = (System.nanoTime() - start) / 60e9;
        if (model.equals("teacher")) {
          teacher = result.bestCheckpoint();
        }
        double dev;
        double test;
        try (TrainedModel trained = Checkpoint.load(result.bestCheckpoint()).model()) {
          dev = Evaluator.evaluate(trained, dataset, "dev", DecodeOptions.GREEDY, false, skipped -> { }).wer();
          test = Evaluator.evaluate(trained, dataset, "test", DecodeOptions.GREEDY, false, skipped -> { }).wer();
        }
        Run run = new Run(corpus.name(), model, dev, test, minutes, result.state().epochsDone(),
            result.state().step(), medianStepMs(result.state()));
        runs.add(run);
        onRun.accept(run);
      }
    }
    return runs;
  }

  /** A user's corpus opens as a dataset and has the three splits the suite trains, validates and tests on. */
  private static void checkOwn(Corpus corpus) {
    Dataset dataset = Dataset.open(corpus.dataset());
    for (String split : Dataset.SPLITS) {
      if (!dataset.splits().contains(split) || dataset.entries(split).isEmpty()) {
        throw DataException.inFile(corpus.dataset(), "corpus '" + corpus.name() + "' has no " + split
            + " sentences; the suite trains on train, picks the best checkpoint on dev and reports dev and test");
      }
    }
  }

  /**
   * The table of a suite's runs in Markdown: per corpus the test WER (dev in brackets) of each model, and whether
   * the bars hold: teacher and student no worse than the baseline, the distilled student at least 30%
   * relatively better than the student and no worse than the teacher + 1 point; under it each run's optimizer
   * steps and median ms per step.
   */
  public static String table(List<Run> runs, List<Corpus> corpora, double minutesPerModel, String cpu) {
    return table(runs, corpora, budget(minutesPerModel, 0), cpu);
  }

  /** {@link #table(List, List, double, String)} under any budget ({@link #budget}). */
  public static String table(List<Run> runs, List<Corpus> corpora, String budget, String cpu) {
    Map<String, Map<String, Run>> byCorpus = new LinkedHashMap<>();
    for (Run r : runs) {
      byCorpus.computeIfAbsent(r.corpus(), k -> new LinkedHashMap<>()).put(r.model(), r);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Test WER %% (dev in brackets), greedy; %s of training per model; %s%n%n",
        budget, cpu));
    out.append("| corpus | varies | baseline | teacher | student | distilled | bars met | minutes |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    StringBuilder steps = new StringBuilder();
    steps.append(String.format(Locale.ROOT, "%nOptimizer steps in the budget (median ms per step); under a budget in "
        + "minutes fewer steps mean a rate annealed sooner, so compare these before comparing WERs%n%n"));
    steps.append("| corpus | baseline | teacher | student | distilled |\n");
    steps.append("| --- | --- | --- | --- | --- |\n");
    for (Corpus corpus : corpora) {
      Map<String, Run> row = byCorpus.get(corpus.name());
      if (row == null) {
        continue;
      }
      out.append("| ").append(corpus.name()).append(" | ").append(corpus.varies());
      steps.append("| ").append(corpus.name());
      double minutes = 0;
      for (String model : MODELS) {
        Run r = row.get(model);
        out.append(" | ").append(r == null ? "-" : String.format(Locale.ROOT, "%.1f (%.1f)", r.testWer(), r.devWer()));
        steps.append(" | ").append(r == null ? "-" : String.format(Locale.ROOT, "%d (%.1f)", r.steps(), r.stepMs()));
        minutes += r == null ? 0 : r.minutes();
      }
      out.append(" | ").append(bars(row)).append(String.format(Locale.ROOT, " | %.1f |%n", minutes));
      steps.append(" |\n");
    }
    out.append(steps);
    return out.toString();
  }

  /** The median of a run's per-epoch step times in ms (a partial last epoch weighs no more than a whole one). */
  static double medianStepMs(TrainingState state) {
    double[] ms = state.history().stream().mapToDouble(TrainingState.EpochRecord::stepMs).sorted().toArray();
    if (ms.length == 0) {
      return Double.NaN;
    }
    return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  }

  /** Which of the four bars a corpus meets, e.g. "3/4: distilled vs student". */
  static String bars(Map<String, Run> row) {
    if (!row.keySet().containsAll(MODELS)) {
      return "-";
    }
    double baseline = row.get("baseline").testWer();
    double teacher = row.get("teacher").testWer();
    double student = row.get("student").testWer();
    double distilled = row.get("distilled").testWer();
    List<String> missed = new ArrayList<>();
    if (teacher > baseline) {
      missed.add("teacher > baseline");
    }
    if (student > baseline) {
      missed.add("student > baseline");
    }
    if (distilled > 0.7 * student) {
      missed.add("distilled > 0.7 student");
    }
    if (distilled > teacher + 1) {
      missed.add("distilled > teacher + 1");
    }
    return (4 - missed.size()) + "/4" + (missed.isEmpty() ? "" : ": " + String.join(", ", missed));
  }

  private static String trim(double minutes) {
    return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
  }

  /** The CPU model as lscpu names it ("model name" in /proc/cpuinfo), or "unknown CPU". */
  public static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU")
          + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }
}
