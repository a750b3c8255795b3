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
  @Option(names = {"--warmup-steps", "--warmup_steps"}, description = "Warm-up steps, at most a tenth of the epochs' "
      + "steps and half of --max_steps (small and tiny presets 1000, baseline and seed presets 200).")
  Integer warmupSteps;
  @Option(names = {"--val-every", "--val_every"}, defaultValue = "1", description = "Validate every N epochs.")
  int valEvery;
  @Option(names = "--patience", defaultValue = "10", description = "Early stop after N validations without gain (0 = off).")
  int patience;
  @Option(names = "--workers", defaultValue = "1", description = "Background batch builders.")
  int workers;
  @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
  long seed;
  @Option(names = {"--no-augment", "--no_augment"}, description = "Turn augmentation off (the small presets mirror "
      + "half of the sentences and nothing else unless an augmentation flag is given; the seed presets augment "
      + "in every way).")
  boolean noAugment;
  @Option(names = {"--speed-perturbation", "--speed_perturbation"}, description = "Augmentation: resample time by "
      + "a factor in [1 - s, 1 + s] (seed presets 0.1, small presets 0).")
  Float speedPerturbation;
  @Option(names = {"--frame-drop", "--frame_drop"},
      description = "Augmentation: probability of dropping a frame (seed presets 0.05, small presets 0).")
  Float frameDrop;
  @Option(names = {"--feature-noise", "--feature_noise"},
      description = "Augmentation: Gaussian noise std on standardised features (seed presets 0.05, small presets 0).")
  Float featureNoise;
  @Option(names = {"--time-masks", "--time_masks"},
      description = "Augmentation: time masks of up to 8 frames (seed presets 2, small presets 0).")
  Integer timeMasks;
  @Option(names = {"--feature-masks", "--feature_masks"},
      description = "Augmentation: feature masks of up to 16 columns (seed presets 2, small presets 0).")
  Integer featureMasks;
  @Option(names = {"--modality-dropout", "--modality_dropout"},
      description = "Augmentation: probability of removing a whole modality (seed presets 0.1, small presets 0).")
  Float modalityDropout;
  @Option(names = "--mirror", description = "Augmentation: probability of mirroring a sentence left for right, "
      + "hands swapped, as a left-handed signer signs it (enhanced Holistic features only; small presets 0.5, "
      + "seed presets 0).")
  Float mirror;
  @Option(names = {"--skip-bad", "--skip_bad"}, description = "Leave out bad samples instead of stopping.")
  boolean skipBad;
  @Option(names = {"--grad-accum", "--grad_accum"}, defaultValue = "1",
      description = "Add up the gradients of N batches per optimizer step (effective batch N x batch_size).")
  int gradAccum;
  @Option(names = {"--grad-checkpointing", "--grad_checkpointing"},
      description = "Recompute activations during the backward pass instead of storing them (less memory).")
  boolean gradCheckpointing;
  @Option(names = "--precision", defaultValue = "fp32",
      description = "fp32, the only precision the training engine runs here (bf16 aborts the process in DJL "
          + "0.36's PyTorch engine and is refused; docs/training.md). Default: ${DEFAULT-VALUE}.")
  String precision;
  @Option(names = {"--max-memory", "--max_memory"}, defaultValue = "0",
      description = "Memory budget in MB: stop early with a clear error above it (0 = 90%% of RAM).")
  int maxMemory;
  @Option(names = {"--max-minutes", "--max_minutes"}, defaultValue = "0", description = "Time budget of the "
      + "training loop in minutes, validation included: the learning rate decays to its end within it, and the run "
      + "stops validated, with its best checkpoint, when it is spent or after --epochs (0 = no budget).")
  double maxMinutes;
  @Option(names = {"--max-steps", "--max_steps"}, defaultValue = "0", description = "Budget of optimizer steps over "
      + "the whole run (resumed sessions included): like --max_minutes, but the same on every machine; with both, "
      + "whichever is spent first (0 = no budget).")
  long maxSteps;
  @Option(names = {"--ema-decay", "--ema_decay"}, description = "Validate and keep as the best checkpoint a moving "
      + "average of the weights whose decay grows to this cap (small presets 0.999, seed presets 0 = the live "
      + "weights).")
  Float emaDecay;
  @Option(names = "--config", description = "YAML file of flags (keys as the flag names, e.g. batch_size: 8); "
      + "flags given on the command line win.")
  Path config;
  @Option(names = {"--max-batches", "--max_batches"}, defaultValue = "0", hidden = true)
  int maxBatches;
  @Option(names = {"--stop-after", "--stop_after"}, defaultValue = "0", hidden = true)
  int stopAfter;
  @Option(names = "--resume", description = "Continue from <output_dir>/last.ckpt if it exists.")
  boolean resume;

  /** The original pipeline's settings, kept by the seed presets. */
  abstract TrainConfig originalDefaults(Path dataDir, Path outputDir);

  /** What {@link TrainConfig#recipe} trains: student, teacher or distill. */
  abstract String recipeKind();

  TrainConfig defaults() {
    return TrainConfig.originalDefaults(preset) ? originalDefaults(dataDir, outputDir)
        : TrainConfig.recipe(recipeKind(), preset, dataDir, outputDir, maxMinutes, maxSteps);
  }

  TrainConfig config() {
    TrainConfig d = defaults();
    return d.toBuilder().preset(preset)
        .epochs(epochs != null ? epochs : d.epochs()).batchSize(batchSize != null ? batchSize : d.batchSize())
        .lr(lr != null ? lr : d.lr()).dropout(dropout != null ? dropout : d.dropout())
        .removePca(removePca != null ? removePca : d.removePca()).pcaDim(pcaDim)
        .maxSeqLength(maxSeqLength != null ? maxSeqLength : d.maxSeqLength())
        .weightDecay(weightDecay).clipNorm(clipNorm).warmupSteps(warmupSteps != null ? warmupSteps : d.warmupSteps())
        .valEvery(valEvery).patience(patience)
        .workers(workers).seed(seed).augmentation(augmentation(d.augmentation())).skipBad(skipBad)
        .maxBatches(maxBatches).resume(resume).stopAfterEpoch(stopAfter).gradAccum(gradAccum)
        .gradCheckpointing(gradCheckpointing).precision(parsePrecision(precision)).maxMemoryMb(maxMemory)
        .maxMinutes(maxMinutes).maxSteps(maxSteps).emaDecay(emaDecay != null ? emaDecay : d.emaDecay()).build();
  }

  /**
   * Off with --no_augment; the preset's choice when no augmentation flag is given; else the flags over the preset's
   * augmentation, or over DEFAULT where the preset has none.
   */
  private Augmentation augmentation(Augmentation preset) {
    boolean anyFlag = speedPerturbation != null || frameDrop != null || featureNoise != null || timeMasks != null
        || featureMasks != null || modalityDropout != null || mirror != null;
    if (noAugment) {
      return Augmentation.NONE;
    }
    if (!anyFlag) {
      return preset;
    }
    Augmentation d = preset.isNone() ? Augmentation.DEFAULT : preset;
    Augmentation widths = d.timeMaskWidth() > 0 && d.featureMaskWidth() > 0 ? d : Augmentation.DEFAULT;
    return new Augmentation(speedPerturbation != null ? speedPerturbation : d.speedPerturbation(),
        frameDrop != null ? frameDrop : d.frameDrop(), featureNoise != null ? featureNoise : d.noiseStd(),
        timeMasks != null ? timeMasks : d.timeMasks(), widths.timeMaskWidth(),
        featureMasks != null ? featureMasks : d.featureMasks(), widths.featureMaskWidth(),
        modalityDropout != null ? modalityDropout : d.modalityDropout(), mirror != null ? mirror : d.mirror());
  }

  /** The precision of a flag; one the engine cannot run is refused here, before any data or model loads. */
  static Precision parsePrecision(String value) {
    Precision precision;
    try {
      precision = Precision.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision must be fp32, got '" + value + "'");
    }
    precision.checkSupported();
    return precision;
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
          + "Small presets: --epochs 30 (or until --max_minutes) --batch_size 4 --lr 3e-3 --dropout 0.3 (small; tiny "
          + "and baseline 0.1), --warmup_steps 1000 (baseline 200), --mirror 0.5 only, --ema_decay 0.999; "
          + "seed-student: as the original pipeline, --epochs 100 "
          + "--batch_size 4 --lr 1e-4 --dropout 0.6 --remove_pca, augmented.")
  public static final class Student extends TrainCommand {
    @Override
    TrainConfig originalDefaults(Path dataDir, Path outputDir) {
      return TrainConfig.student(dataDir, outputDir);
    }

    @Override
    String recipeKind() {
      return "student";
    }
  }

  /** {@code glossa train-teacher}. */
  @Command(name = "train-teacher", mixinStandardHelpOptions = true,
      description = "Train the I3D-style teacher with CTC (best checkpoint: best_i3d.ckpt). Small presets: "
          + "--epochs 30 (or until --max_minutes) --batch_size 4 --lr 3e-3 --dropout 0.1 --remove_pca "
          + "--max_seq_length 256 --warmup_steps 1000, --mirror 0.5 only, --ema_decay 0.999; seed-teacher: as the "
          + "original pipeline, --epochs 50 "
          + "--batch_size 2 --lr 5e-5 --dropout 0.3 --max_seq_length 256, augmented.")
  public static final class Teacher extends TrainCommand {
    @Override
    TrainConfig originalDefaults(Path dataDir, Path outputDir) {
      return TrainConfig.teacher(dataDir, outputDir);
    }

    @Override
    String recipeKind() {
      return "teacher";
    }
  }
}
