package org.glossa.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.glossa.data.Augmentation;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.Sample;
import org.glossa.model.ModelConfig;
import org.glossa.network.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a training run works with, made once before its first epoch: the batchers of both splits, the
 * learning-rate schedule over the run's optimizer steps, the memory guard (probed with the longest batch), and when
 * distilling the teacher's dev figures.
 *
 * @param train         training batches (augmented, with the teacher's view when its pipeline differs)
 * @param dev           dev batches for validation
 * @param devSamples    the dev sentences
 * @param stepsPerEpoch optimizer steps an epoch takes ({@code --grad_accum} batches each)
 * @param schedule      warm-up and cosine decay over all epochs' steps
 * @param memory        stops the run with a clear error above the memory budget
 * @param reference     the teacher on dev, or null without distillation
 * @param data          what the run report says of the data
 */
record TrainingPlan(Batcher train, Batcher dev, List<Sample> devSamples, int stepsPerEpoch,
    LearningRateSchedule schedule, MemoryGuard memory, TeacherReference reference, RunReport.DataSummary data) {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  static TrainingPlan of(TrainConfig config, TrainedModel model, TrainedModel teacher, List<Sample> trainSamples,
      List<Sample> devSamples, OptimizerStep optimizerStep) {
    FeaturePipeline pipeline = model.pipeline();
    RunReport.DataSummary dataSummary = new RunReport.DataSummary(config.dataDir(), trainSamples.size(),
        devSamples.size(), pipeline.inputLayout().featureDim());
    BatchConfig trainBatching = new BatchConfig(config.batchSize(), config.maxSeqLength(),
        BatchConfig.LongSequences.SUBSAMPLE, true, 50, ModelConfig.TIME_STRIDE, config.seed());
    FeaturePipeline teacherView = teacher == null || DistillConfig.samePipeline(teacher.pipeline(), pipeline) ? null
        : teacher.pipeline();
    Batcher trainBatcher = new Batcher(trainSamples, pipeline, model.vocabulary(), trainBatching,
        Trainer.augmentationFor(config.augmentation(), pipeline.inputLayout()), teacherView);
    TeacherReference reference = teacher == null ? null : TeacherReference.of(teacher, devSamples, config);
    Batcher devBatcher = new Batcher(devSamples, pipeline, model.vocabulary(),
        BatchConfig.evaluation(Math.max(8, config.batchSize()), config.maxSeqLength(), ModelConfig.TIME_STRIDE),
        Augmentation.NONE);
    trainBatcher.skipped().forEach(s -> LOG.warn("left out of training: {}", s));
    int batchesPerEpoch = trainBatcher.plan(0).size();
    if (config.maxBatches() > 0) {
      batchesPerEpoch = Math.min(batchesPerEpoch, config.maxBatches());
    }
    int stepsPerEpoch = config.optimizerSteps(batchesPerEpoch);
    LearningRateSchedule schedule = new LearningRateSchedule(config.lr(), warmupSteps(config, stepsPerEpoch),
        (long) stepsPerEpoch * config.epochs(), 0.05f);
    LOG.info("model={} preset={} parameters={} ({} MB fp32) input_dim={} classes={} train={} dev={} device=cpu "
            + "threads={} batch={}x{} precision={} grad_checkpointing={}", config.kind(), config.preset(),
        model.parameterCount(), String.format("%.2f", model.sizeMiB()), model.config().inputDim(),
        model.config().numClasses(), trainBatcher.numSamples(), devBatcher.numSamples(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"), config.batchSize(), config.gradAccum(),
        config.precision().name().toLowerCase(), config.gradCheckpointing());
    MemoryGuard memory = new MemoryGuard(config.maxMemoryMb());
    memory.probe(batch -> {
      try (NDManager step = model.manager().newSubManager()) {
        try {
          // Inference-mode normalisation, so the probe leaves BatchNorm statistics untouched.
          optimizerStep.accumulateGradients(model, List.of(batch), false, step);
        } finally {
          OptimizerStep.zeroGradients(model.trainableParameters(), step);
        }
      }
    }, model.config().inputDim(), config.batchSize(), trainBatcher.longestSequence(),
        teacherView == null ? 0 : teacherView.outputDim());
    if (reference != null) {
      LOG.info("teacher on dev: WER {}% (the reference of the agreement metrics)", Trainer.fmt(reference.teacherWer()));
    }
    return new TrainingPlan(trainBatcher, devBatcher, devSamples, stepsPerEpoch, schedule, memory, reference,
        dataSummary);
  }

  /** The configured warm-up, at most a tenth of the epochs' steps and half of a step budget. */
  static int warmupSteps(TrainConfig config, int stepsPerEpoch) {
    long cap = Math.max(1, (long) stepsPerEpoch * config.epochs() / 10);
    if (config.maxSteps() > 0) {
      cap = Math.min(cap, Math.max(1, config.maxSteps() / 2));
    }
    return (int) Math.min(config.warmupSteps(), cap);
  }
}
