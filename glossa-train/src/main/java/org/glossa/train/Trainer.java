package org.glossa.train;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.glossa.data.AtomicFiles;
import org.glossa.data.Augmentation;
import org.glossa.data.Batch;
import org.glossa.data.BatchLoader;
import org.glossa.data.Batcher;
import org.glossa.data.BuildInfo;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.Mirroring;
import org.glossa.data.Sample;
import org.glossa.decode.CtcLoss;
import org.glossa.eval.ProcessMemory;
import org.glossa.model.ModelConfig;
import org.glossa.model.Presets;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.Evaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a student or teacher with CTC: AdamW, gradient clipping, warm-up + cosine schedule, dev WER every
 * {@code val_every} epochs, early stopping, the best checkpoint by dev WER plus {@code last.ckpt} after every
 * epoch, and {@code --resume} from {@code last.ckpt}. With {@code --ema_decay} validation and the best checkpoint
 * use the weights' moving average ({@link WeightAverage}). Each epoch seeds the engine with (seed, epoch) and the
 * batches depend only on (seed, epoch, batch), so a resumed run repeats an uninterrupted one.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** What a run produced. */
  public record Result(Path bestCheckpoint, Path lastCheckpoint, double bestDevWer, int bestEpoch,
      TrainingState state, long parameterCount) {}

  private final TrainConfig config;
  private final DistillConfig distill;
  private OptimizerStep optimizerStep;
  private AdamW profileOptimizer;
  private StepClock clock = StepClock.OFF;
  private com.fasterxml.jackson.databind.node.ObjectNode provenance;

  public Trainer(TrainConfig config) {
    this(config, null);
  }

  /** With {@code distill}, the student learns from a teacher as well as from CTC ({@code glossa distill}). */
  public Trainer(TrainConfig config, DistillConfig distill) {
    this.config = config;
    this.distill = distill;
    this.optimizerStep = OptimizerStep.of(config);
  }

  public Result run() {
    config.precision().checkSupported();
    Dataset dataset = Dataset.open(config.dataDir());
    provenance = provenance(dataset);
    Dataset.LoadResult train = dataset.load("train", config.skipBad());
    Dataset.LoadResult dev = dataset.load("dev", config.skipBad());
    report(train);
    report(dev);
    if (train.samples().isEmpty() || dev.samples().isEmpty()) {
      throw DataException.inFile(config.dataDir(), "training needs non-empty train and dev splits");
    }
    try {
      Files.createDirectories(config.outputDir());
    } catch (IOException e) {
      throw DataException.inFile(config.outputDir(), "cannot create output folder: " + e.getMessage());
    }
    AtomicFiles.deleteStaleTemporaries(config.outputDir()); // left by a killed run
    writeResolvedConfig();
    Path last = config.outputDir().resolve("last.ckpt");
    Path best = config.outputDir().resolve(config.checkpointName() + ".ckpt");
    AdamW optimizer = new AdamW(0.9f, 0.999f, 1e-8f, config.weightDecay());
    if (distill != null && distill.teacherCache() && !config.augmentation().changesOnlyHandedness()) {
      throw new IllegalArgumentException("--teacher_cache needs augmentation that keeps every frame as it is "
          + "(--mirror at most; or --no_augment): with other augmentation the teacher sees different input every "
          + "epoch");
    }
    // Teacher and student hold native memory: both are closed when training ends and on every failure before it.
    try (TrainedModel teacher = distill == null ? null : Checkpoint.load(distill.teacherCheckpoint()).model()) {
      if (distill != null) {
        DistillConfig.checkCompatible(teacher, distill.teacherCheckpoint(), "teacher", dataset.vocabulary(),
            dataset.info().featureDim(), config.dataDir());
        optimizerStep = new OptimizerStep(new GradientPass(new CtcLoss(), config.gradCheckpointing(),
            new Distillation(teacher, new DistillationLoss(distill.temperature(), distill.target()), distill.alpha(),
                distill.teacherCache())), config.clipNorm());
        optimizerStep.timeWith(clock); // the new pass keeps timing what timeWith asked for
        LOG.info("distilling from {} ({} {}, {} parameters): T={} alpha={} target={} teacher_cache={}",
            distill.teacherCheckpoint(), teacher.config().kind(), teacher.config().preset(),
            teacher.parameterCount(), distill.temperature(), distill.alpha(),
            distill.target().name().toLowerCase(), distill.teacherCache());
      }
      TrainedModel model = null;
      try {
        TrainingState state;
        Checkpoint.Contents resumed = null;
        if (config.resume() && Files.exists(last)) {
          resumed = Checkpoint.load(last);
          model = resumed.model();
          state = resumed.state();
          optimizer.restore(model.parameters(), resumed.optimizer(), resumed.optimizerStep());
          LOG.info("resuming from {} after epoch {}", last, state.epochsDone());
        } else {
          if (config.resume()) {
            LOG.info("--resume: no {} yet, starting fresh", last);
          }
          if (distill != null && distill.studentCheckpoint() != null) {
            model = Checkpoint.load(distill.studentCheckpoint()).model();
            DistillConfig.checkCompatible(model, distill.studentCheckpoint(), "student", dataset.vocabulary(),
                dataset.info().featureDim(), config.dataDir());
            LOG.info("progressive training: starting from {} ({} {})", distill.studentCheckpoint(),
                model.config().kind(), model.config().preset());
          } else {
            FeaturePipeline pipeline = FeaturePipeline.fit(train.samples().stream().map(Sample::features).toList(),
                dataset.info().layout(), config.removePca() ? 0 : config.pcaDim(), config.seed());
            ModelConfig modelConfig = Presets.config(config.kind(), config.preset(),
                pipeline.outputLayout().modalities(), dataset.vocabulary().numClasses(), config.dropout());
            Engine.getInstance().setRandomSeed((int) config.seed());
            model = new TrainedModel(modelConfig, dataset.vocabulary(), pipeline);
          }
          state = TrainingState.start();
        }
        try (WeightAverage average = config.emaDecay() > 0 ? new WeightAverage(model, config.emaDecay()) : null) {
          if (average != null && resumed != null && !resumed.average().isEmpty()) {
            average.restore(resumed.average(), resumed.averageSteps());
          } else if (average != null && resumed != null) {
            LOG.warn("{} holds no weight average: the average starts again from the resumed weights", last);
          } else if (resumed != null && !resumed.average().isEmpty()) {
            LOG.warn("--ema_decay 0: the weight average in {} is dropped; validation uses the live weights", last);
          }
          return train(model, teacher, average, state, optimizer, train.samples(), dev.samples(), best, last);
        }
      } finally {
        if (model != null) {
          model.close();
        }
      }
    }
  }

  /**
   * The run's settings as a checkpoint keeps them: the training config, when distilling its settings, and the
   * provenance (Glossa's version and commit, the dataset's name, folder and fingerprint).
   */
  private com.fasterxml.jackson.databind.node.ObjectNode checkpointSettings() {
    com.fasterxml.jackson.databind.node.ObjectNode settings = Checkpoint.JSON.valueToTree(config);
    if (distill != null) {
      settings.set("distillation", Checkpoint.JSON.valueToTree(distill.flags()));
    }
    settings.set("provenance", provenance);
    return settings;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode provenance(Dataset dataset) {
    com.fasterxml.jackson.databind.node.ObjectNode provenance = Checkpoint.JSON.createObjectNode()
        .put("glossa_version", BuildInfo.version()).put("glossa_commit", BuildInfo.commit());
    provenance.putObject("dataset").put("name", dataset.info().name())
        .put("path", dataset.dir().toAbsolutePath().toString()).put("fingerprint", dataset.fingerprint());
    return provenance;
  }

  /** {@code config.yaml} beside the checkpoints: the run's settings, readable with {@code --config}. */
  private void writeResolvedConfig() {
    String command = distill != null ? "distill" : config.kind().equals("teacher") ? "train-teacher" : "train";
    StringBuilder yaml = new StringBuilder("# glossa " + command + " --config "
        + config.outputDir().resolve("config.yaml") + "  (resolved settings of this run)\n");
    java.util.Map<String, Object> flags = new java.util.LinkedHashMap<>(config.flags());
    if (distill != null) {
      flags.putAll(distill.flags());
    }
    try {
      yaml.append(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
          .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
          .writeValueAsString(flags));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    AtomicFiles.writeString(config.outputDir().resolve("config.yaml"), yaml.toString());
  }

  private static void report(Dataset.LoadResult result) {
    result.problems().forEach(p -> LOG.warn("skipped bad sample: {}", p.message()));
  }

  /**
   * The augmentation a run applies to features of {@code layout}: the recipe's mirroring is left out where the
   * features have no hand blocks to mirror (an explicit --mirror there is refused by the Batcher instead).
   */
  static Augmentation augmentationFor(Augmentation requested, FeatureLayout layout) {
    if (requested.equals(TrainConfig.RECIPE_AUGMENTATION) && Mirroring.of(layout).isEmpty()) {
      LOG.info("the features have no left and right hand blocks to mirror: the recipe trains without mirroring");
      return Augmentation.NONE;
    }
    return requested;
  }

  /**
   * The loop: an epoch of optimizer steps, validation on dev (every {@code val_every} epochs, at the end, and when
   * the budget is spent), the epoch's figures, the best and the last checkpoint; then stop on the budget,
   * {@code --stop_after} or early stopping.
   */
  private Result train(TrainedModel model, TrainedModel teacher, WeightAverage average, TrainingState state,
      AdamW optimizer, List<Sample> trainSamples, List<Sample> devSamples, Path best, Path last) {
    TrainingPlan plan = TrainingPlan.of(config, model, teacher, trainSamples, devSamples, optimizerStep);
    try (TensorBoardWriter events = new TensorBoardWriter(config.outputDir())) {
      if (state.step() > 0) {
        events.sessionStart(state.step());
      }
      TrainingBudget budget = new TrainingBudget(config.maxMinutes(), config.maxSteps());
      for (int epoch = state.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
        if (budget.isSpent(state.step())) { // resumed after the step budget ended the run: nothing left to do
          LOG.info("{} already spent at step {}", budget.describe(state.step()), state.step());
          break;
        }
        long start = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1000 + epoch));
        EpochSteps steps = trainEpoch(model, optimizer, average, plan, budget, events, epoch, state.step());
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean outOfTime = budget.isSpent(steps.lastStep());
        boolean validate = epoch % config.valEvery() == 0 || epoch == config.epochs() || outOfTime;
        // Validation and the best checkpoint see the averaged weights (once it has moved); training goes on with the
        // live ones.
        try (WeightAverage.Swap swap = validate && average != null && average.hasUpdates() ? average.swapIn(model)
            : null) {
          Evaluation evaluation = null;
          if (validate) {
            long validationStart = System.nanoTime();
            evaluation = Evaluation.run(model, plan.dev(), plan.devSamples());
            budget.validated(System.nanoTime() - validationStart);
          }
          state = state.after(new TrainingState.EpochRecord(epoch, steps.meanLoss(),
              evaluation != null ? evaluation.loss() : Double.NaN,
              evaluation != null ? evaluation.totals().wer() : Double.NaN, steps.lr(), steps.frames() / seconds,
              1000 * seconds / Math.max(1, steps.count()), ProcessMemory.peakMb(), seconds), steps.lastStep());
          report(state.lastRecord(), steps, plan.reference() == null || evaluation == null ? null
              : plan.reference().compare(evaluation), events);
          if (state.bestEpoch() == epoch) {
            Checkpoint.save(best, model, state, checkpointSettings(), null);
          }
        }
        Checkpoint.save(last, model, state, checkpointSettings(), optimizer, average);
        RunReport.write(config.outputDir(), config, plan.data(), model, state);
        if (epoch == config.stopAfterEpoch()) {
          break;
        }
        if (outOfTime) {
          LOG.info("{} spent after {} steps of epoch {}; best dev WER {}% at epoch {}",
              budget.describe(steps.lastStep()), steps.count(), epoch, fmt(state.bestDevWer()),
              state.bestEpoch());
          break;
        }
        if (config.patience() > 0 && state.staleValidations() >= config.patience()) {
          LOG.info("early stop: no better dev WER in {} validations (best {}% at epoch {})",
              state.staleValidations(), fmt(state.bestDevWer()), state.bestEpoch());
          break;
        }
      }
    }
    return new Result(best, last, state.bestDevWer(), state.bestEpoch(), state, model.parameterCount());
  }

  /**
   * One epoch's optimizer steps.
   *
   * @param count steps with a loss (skipped ones left out)
   * @param lossSum their losses' sum
   * @param frames input frames trained on
   * @param lr the learning rate of the last step
   * @param lastStep the global step count after the epoch
   */
  record EpochSteps(int count, double lossSum, long frames, float lr, long lastStep,
      DistillationFigures distillation) {

    double meanLoss() {
      return lossSum / Math.max(1, count);
    }
  }

  /**
   * Trains one epoch (or until the budget is spent): the batches in groups of {@code --grad_accum}, one
   * optimizer step per group, each step logged to TensorBoard and the progress line.
   */
  private EpochSteps trainEpoch(TrainedModel model, AdamW optimizer, WeightAverage average, TrainingPlan plan,
      TrainingBudget budget, TensorBoardWriter events, int epoch, long step) {
    LearningRateSchedule schedule = plan.schedule();
    optimizerStep.resetSkipped();
    DistillationFigures distillation = DistillationFigures.NONE;
    double lossSum = 0;
    int steps = 0;
    long frames = 0;
    float lr = schedule.at(step, budget.spentSince(step, schedule.warmupSteps()));
    TrainingProgress progress = new TrainingProgress(epoch, config.epochs(), plan.stepsPerEpoch(),
        TrainingProgress.detectTerminal());
    try (BatchLoader loader = plan.train().epoch(epoch, config.workers())) {
      Iterator<Batch> batches = loader.iterator();
      int used = 0;
      List<Batch> group = new ArrayList<>(config.gradAccum());
      while (batches.hasNext() && (config.maxBatches() == 0 || used < config.maxBatches())) {
        group.add(batches.next());
        used++;
        boolean lastOfEpoch = !batches.hasNext() || used == config.maxBatches();
        if (group.size() < config.gradAccum() && !lastOfEpoch) {
          continue;
        }
        lr = schedule.at(step, budget.spentSince(step, schedule.warmupSteps()));
        long stepStart = System.nanoTime();
        OptimizerStep.Result result = optimizerStep.run(model, optimizer, group, lr);
        long groupFrames = group.stream().mapToLong(Batch::numFrames).sum();
        group.clear();
        step++;
        frames += groupFrames;
        plan.memory().check(step);
        if (!Double.isNaN(result.loss())) {
          if (average != null) {
            average.afterStep(model);
          }
          lossSum += result.loss();
          steps++;
          distillation = distillation.plus(result.distillation());
          events.scalar("train/loss", result.loss(), step);
          events.scalar("train/grad_norm", result.gradientNorm(), step);
          events.scalar("train/learning_rate", lr, step);
          events.scalar("train/frames_per_s", groupFrames / ((System.nanoTime() - stepStart) / 1e9), step);
          if (distill != null) {
            events.scalar("distill/soft_loss", result.distillation().softLoss(), step);
            events.scalar("distill/hard_loss", result.distillation().hardLoss(), step);
          }
        } else if (optimizerStep.skipped() > 10 && optimizerStep.skipped() > steps) {
          throw new IllegalStateException("training diverged: " + optimizerStep.skipped() + " batches with non-finite "
              + "gradients in epoch " + epoch + "; lower --lr (now " + config.lr() + ")");
        }
        progress.step(result.loss(), groupFrames);
        if (budget.isSpent(step)) { // a partial epoch: validated and saved by the caller like a whole one
          break;
        }
      }
    } finally {
      progress.finish();
    }
    EpochSteps result = new EpochSteps(steps, lossSum, frames, lr, step, distillation);
    if (!Double.isFinite(result.meanLoss())) {
      throw new IllegalStateException("training loss became " + result.meanLoss() + " in epoch " + epoch
          + "; lower --lr or check the features for extreme values");
    }
    return result;
  }

  /** Logs an epoch's figures and writes them to TensorBoard. */
  private void report(TrainingState.EpochRecord record, EpochSteps steps, TeacherReference.Agreement agreement,
      TensorBoardWriter events) {
    int epoch = record.epoch();
    long step = steps.lastStep();
    LOG.info("epoch={}/{} train_loss={} dev_loss={} dev_wer={}% lr={} frames_per_s={} step_ms={} "
            + "peak_mem_mb={} skipped_batches={} time_s={}", epoch, config.epochs(), fmt(record.trainLoss()),
        fmt(record.devLoss()), fmt(record.devWer()), String.format("%.2e", record.learningRate()),
        Math.round(record.framesPerSecond()), fmt(record.stepMs()), Math.round(record.peakMemoryMb()), optimizerStep.skipped(),
        fmt(record.seconds()));
    events.scalar("epoch/train_loss", record.trainLoss(), step);
    events.scalar("val/loss", record.devLoss(), step);
    events.scalar("val/wer", record.devWer(), step);
    events.scalar("epoch/frames_per_s", record.framesPerSecond(), step);
    events.scalar("epoch/peak_memory_mb", record.peakMemoryMb(), step);
    if (distill != null) {
      DistillationFigures d = steps.distillation();
      int count = Math.max(1, steps.count());
      LOG.info("epoch={} soft_loss={} hard_loss={} train_frame_agreement={}% dev_frame_agreement={}% "
              + "dev_wer_vs_teacher={}%", epoch, fmt(d.softLoss() / count), fmt(d.hardLoss() / count),
          fmt(d.agreementPercent()), agreement == null ? "-" : fmt(agreement.frameAgreement()),
          agreement == null ? "-" : fmt(agreement.werAgainstTeacher()));
      events.scalar("distill/epoch_soft_loss", d.softLoss() / count, step);
      events.scalar("distill/epoch_hard_loss", d.hardLoss() / count, step);
      events.scalar("distill/train_frame_agreement", d.agreementPercent(), step);
      if (agreement != null) {
        events.scalar("val/teacher_frame_agreement", agreement.frameAgreement(), step);
        events.scalar("val/wer_vs_teacher", agreement.werAgainstTeacher(), step);
      }
    }
  }

  /** One training step at a fixed learning rate on a fresh optimizer's state (for profiling). */
  public double profileStep(TrainedModel model, Batch batch) {
    if (profileOptimizer == null) {
      profileOptimizer = new AdamW(0.9f, 0.999f, 1e-8f, config.weightDecay());
    }
    return optimizerStep.run(model, profileOptimizer, List.of(batch), 1e-4f).loss();
  }

  /** Times the parts of every following step on {@code clock} ({@code glossa profile --breakdown}). */
  public void timeWith(StepClock clock) {
    this.clock = clock;
    optimizerStep.timeWith(clock);
  }

  static String fmt(double value) {
    return Double.isNaN(value) ? "-" : String.format("%.3f", value);
  }
}
