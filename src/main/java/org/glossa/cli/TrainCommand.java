package org.glossa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.glossa.data.Augmentation;
import org.glossa.train.DistillConfig;
import org.glossa.train.Precision;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa train} (student baseline) and {@code glossa train-teacher}. */
public abstract class TrainCommand implements Callable<Integer> {

  @Option(names = {"--data-dir", "--data_dir"}, required = true, description = "Dataset folder.")
  Path dataDir;
  @Option(names = {"--output-dir", "--output_dir"}, required = true, description = "Where checkpoints and logs go.")
  Path outputDir;
  @Option(names = "--preset", description = "Model size: tiny, small, seed-student / seed-teacher, or baseline (a "
      + "plain Conv1d x2 + 2-layer BiLSTM, the yardstick) (default: small).")
  String preset = "small";
  @Option(names = "--epochs", description = "Epochs.")
  Integer epochs;
  @Option(names = {"--batch-size", "--batch_size"}, description = "Sequences per batch.")
  Integer batchSize;
  @Option(names = "--lr", description = "Peak learning rate (AdamW).")
  Float lr;
  @Option(names = "--dropout", description = "Dropout rate.")
  Float dropout;
  @Option(names = {"--remove-pca", "--remove_pca"}, negatable = true,
      description = "Keep standardised features with their modality blocks instead of PCA "
          + "(default: on for the student, off for the teacher).")
  Boolean removePca;
  @Option(names = {"--pca-dim", "--pca_dim"}, defaultValue = "512", description = "PCA components (default: ${DEFAULT-VALUE}).")
  int pcaDim;
  @Option(names = {"--max-seq-length", "--max_seq_length"},
      description = "Longest input in frames; longer ones are subsampled, never truncated (0 = no limit).")
  Integer maxSeqLength;
  @Option(names = {"--weight-decay", "--weight_decay"}, defaultValue = "0.01", description = "AdamW weight decay.")
  float weightDecay;
  @Option(names = {"--clip-norm", "--clip_norm"}, defaultValue = "5", description = "Gradient norm clip (0 = off).")
  float clipNorm;
  @Option(names = {"--warmup-steps", "--warmup_steps"}, defaultValue = "200", description = "Warm-up steps.")
  int warmupSteps;
  @Option(names = {"--val-every", "--val_every"}, defaultValue = "1", description = "Validate every N epochs.")
  int valEvery;
  @Option(names = "--patience", defaultValue = "10", description = "Early stop after N validations without gain (0 = off).")
  int patience;
  @Option(names = "--workers", defaultValue = "1", description = "Background batch builders.")
  int workers;
  @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
  long seed;
  @Option(names = {"--no-augment", "--no_augment"}, description = "Turn augmentation off.")
  boolean noAugment;
  @Option(names = {"--speed-perturbation", "--speed_perturbation"}, description = "Augmentation: resample time by "
      + "a factor in [1 - s, 1 + s] (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
  float speedPerturbation;
  @Option(names = {"--frame-drop", "--frame_drop"}, defaultValue = "0.05",
      description = "Augmentation: probability of dropping a frame (default: ${DEFAULT-VALUE}).")
  float frameDrop;
  @Option(names = {"--feature-noise", "--feature_noise"}, defaultValue = "0.05",
      description = "Augmentation: Gaussian noise std on standardised features (default: ${DEFAULT-VALUE}).")
  float featureNoise;
  @Option(names = {"--time-masks", "--time_masks"}, defaultValue = "2",
      description = "Augmentation: time masks of up to 8 frames (default: ${DEFAULT-VALUE}).")
  int timeMasks;
  @Option(names = {"--feature-masks", "--feature_masks"}, defaultValue = "2",
      description = "Augmentation: feature masks of up to 16 columns (default: ${DEFAULT-VALUE}).")
  int featureMasks;
  @Option(names = {"--modality-dropout", "--modality_dropout"}, defaultValue = "0.1",
      description = "Augmentation: probability of removing a whole modality (default: ${DEFAULT-VALUE}).")
  float modalityDropout;
  @Option(names = {"--skip-bad", "--skip_bad"}, description = "Leave out bad samples instead of stopping.")
  boolean skipBad;
  @Option(names = {"--grad-accum", "--grad_accum"}, defaultValue = "1",
      description = "Add up the gradients of N batches per optimizer step (effective batch N x batch_size).")
  int gradAccum;
  @Option(names = {"--grad-checkpointing", "--grad_checkpointing"},
      description = "Recompute activations during the backward pass instead of storing them (less memory).")
  boolean gradCheckpointing;
  @Option(names = "--precision", defaultValue = "fp32",
      description = "fp32 or bf16 (mixed precision; master weights stay fp32). Default: ${DEFAULT-VALUE}.")
  String precision;
  @Option(names = {"--max-memory", "--max_memory"}, defaultValue = "0",
      description = "Memory budget in MB: stop early with a clear error above it (0 = 90%% of RAM).")
  int maxMemory;
  @Option(names = {"--max-minutes", "--max_minutes"}, defaultValue = "0", description = "Time budget of the "
      + "training loop in minutes, validation included: the learning rate decays to its end within it, and the run "
      + "stops validated, with its best checkpoint, when it is spent or after --epochs (0 = no budget).")
  double maxMinutes;
  @Option(names = "--config", description = "YAML file of flags (keys as the flag names, e.g. batch_size: 8); "
      + "flags given on the command line win.")
  Path config;
  @Option(names = {"--max-batches", "--max_batches"}, defaultValue = "0", hidden = true)
  int maxBatches;
  @Option(names = {"--stop-after", "--stop_after"}, defaultValue = "0", hidden = true)
  int stopAfter;
  @Option(names = "--resume", description = "Continue from <output_dir>/last.ckpt if it exists.")
  boolean resume;

  abstract TrainConfig defaults(Path dataDir, Path outputDir);

  TrainConfig config() {
    TrainConfig d = defaults(dataDir, outputDir);
    Augmentation augmentation = noAugment ? Augmentation.NONE : new Augmentation(speedPerturbation, frameDrop,
        featureNoise, timeMasks, Augmentation.DEFAULT.timeMaskWidth(), featureMasks,
        Augmentation.DEFAULT.featureMaskWidth(), modalityDropout);
    return new TrainConfig(d.kind(), preset, dataDir, outputDir, d.checkpointName(),
        epochs != null ? epochs : d.epochs(), batchSize != null ? batchSize : d.batchSize(),
        lr != null ? lr : d.lr(), dropout != null ? dropout : d.dropout(),
        removePca != null ? removePca : d.removePca(), pcaDim, maxSeqLength != null ? maxSeqLength : d.maxSeqLength(),
        weightDecay, clipNorm, warmupSteps, valEvery, patience, workers, seed, augmentation, skipBad, maxBatches,
        resume, stopAfter, gradAccum, gradCheckpointing, parsePrecision(precision), maxMemory, maxMinutes);
  }

  static Precision parsePrecision(String value) {
    try {
      return Precision.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision must be fp32 or bf16, got '" + value + "'");
    }
  }

  /** Distillation settings; null for plain CTC training. */
  DistillConfig distillConfig() {
    return null;
  }

  @Override
  public Integer call() {
    Trainer.Result result = new Trainer(config(), distillConfig()).run();
    System.out.printf("best dev WER %.2f%% at epoch %d -> %s%n", result.bestDevWer(), result.bestEpoch(),
        result.bestCheckpoint());
    return 0;
  }

  /** {@code glossa train}. */
  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train the MobileNetV3-style student baseline with CTC (best checkpoint: best_model.ckpt). "
          + "Defaults as the original pipeline: --epochs 100 --batch_size 4 --lr 1e-4 --dropout 0.6 --remove_pca.")
  public static final class Student extends TrainCommand {
    @Override
    TrainConfig defaults(Path dataDir, Path outputDir) {
      return TrainConfig.student(dataDir, outputDir);
    }
  }

  /** {@code glossa train-teacher}. */
  @Command(name = "train-teacher", mixinStandardHelpOptions = true,
      description = "Train the I3D-style teacher with CTC (best checkpoint: best_i3d.ckpt). Defaults as the "
          + "original pipeline: --epochs 50 --batch_size 2 --lr 5e-5 --dropout 0.3 --max_seq_length 256.")
  public static final class Teacher extends TrainCommand {
    @Override
    TrainConfig defaults(Path dataDir, Path outputDir) {
      return TrainConfig.teacher(dataDir, outputDir);
    }
  }
}
