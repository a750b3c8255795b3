package org.glossa.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glossa.data.Augmentation;

/**
 * Settings of a training run. {@link #student}, {@link #teacher} and {@link #distill} give the original pipeline's
 * defaults (the seed presets), {@link #recipe} those of the small presets.
 *
 * @param kind          "student" or "teacher"
 * @param checkpointName name of the best checkpoint: best_model (student) or best_i3d (teacher)
 * @param pcaDim        PCA components when {@code removePca} is false
 * @param warmupSteps   optimizer steps of linear learning-rate warm-up
 * @param valEvery      validate on dev every this many epochs (and after the last)
 * @param patience      stop after this many validations without a better dev WER (0 = never)
 * @param maxBatches    stop each epoch after this many batches (0 = all; for smoke tests)
 * @param stopAfterEpoch end the run after this epoch as if interrupted (0 = never; for resume tests)
 * @param gradAccum     micro-batches of {@code batchSize} whose gradients add up to one optimizer step
 * @param gradCheckpointing recompute activations in the backward pass instead of keeping them (less memory)
 * @param precision     fp32 or bf16 mixed precision
 * @param maxMemoryMb   stop with a clear error when the process would need more resident memory (0 = 90% of RAM)
 * @param maxMinutes    time budget of the training loop, validation included (0 = none): the learning-rate
 *                      schedule runs to its end within it, and the run ends, validated and with its best
 *                      checkpoint, when it is spent or after {@code epochs}, whichever comes first
 * @param maxSteps      budget of optimizer steps over the whole run (0 = none): like {@code maxMinutes}, but the
 *                      same on every machine; with both, whichever is spent first
 * @param emaDecay      cap of the decay of the weights' moving average that validation and the best checkpoint
 *                      use ({@link WeightAverage}; 0 = validate the live weights)
 */
public record TrainConfig(String kind, String preset, Path dataDir, Path outputDir, String checkpointName, int epochs,
    int batchSize, float lr, float dropout, boolean removePca, int pcaDim, int maxSeqLength, float weightDecay,
    float clipNorm, int warmupSteps, int valEvery, int patience, int workers, long seed, Augmentation augmentation,
    boolean skipBad, int maxBatches, boolean resume, int stopAfterEpoch, int gradAccum, boolean gradCheckpointing,
    Precision precision, int maxMemoryMb, double maxMinutes, long maxSteps, float emaDecay) {

  /** Longest time budget: a year, far beyond any run and far from overflowing nanoseconds. */
  public static final double MAX_MINUTES = 366 * 24 * 60;

  public TrainConfig {
    if (!(maxMinutes >= 0 && maxMinutes <= MAX_MINUTES)) { // NaN too
      throw new IllegalArgumentException("--max_minutes must be in [0, " + (long) MAX_MINUTES + "] (0 = no limit), "
          + "got " + maxMinutes);
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException("--max_steps must be >= 0 (0 = no limit), got " + maxSteps);
    }
    if (epochs < 1 || batchSize < 1 || !(lr > 0) || valEvery < 1 || patience < 0 || workers < 0 || maxBatches < 0) {
      throw new IllegalArgumentException("need epochs, batch_size, val_every >= 1, lr > 0, patience, workers, "
          + "max_batches >= 0");
    }
    if (!removePca && pcaDim < 1) {
      throw new IllegalArgumentException("--pca_dim must be >= 1, got " + pcaDim);
    }
    if (gradAccum < 1 || maxMemoryMb < 0 || precision == null) {
      throw new IllegalArgumentException("--grad_accum must be >= 1 and --max_memory >= 0, got " + gradAccum + " and "
          + maxMemoryMb);
    }
    if (clipNorm < 0 || weightDecay < 0 || warmupSteps < 0) {
      throw new IllegalArgumentException("clip norm, weight decay and warm-up must be >= 0");
    }
    if (maxSeqLength < 0) { // checked with the other flags, not after the dataset and the model have loaded
      throw new IllegalArgumentException("--max_seq_length must be >= 0 (0 = no limit), got " + maxSeqLength);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("--ema_decay must be in [0, 1) (0 = no weight average), got " + emaDecay);
    }
  }

  /** A run without a time budget (ends after {@code epochs} or by patience). */
  public TrainConfig(String kind, String preset, Path dataDir, Path outputDir, String checkpointName, int epochs,
      int batchSize, float lr, float dropout, boolean removePca, int pcaDim, int maxSeqLength, float weightDecay,
      float clipNorm, int warmupSteps, int valEvery, int patience, int workers, long seed, Augmentation augmentation,
      boolean skipBad, int maxBatches, boolean resume, int stopAfterEpoch, int gradAccum, boolean gradCheckpointing,
      Precision precision, int maxMemoryMb) {
    this(kind, preset, dataDir, outputDir, checkpointName, epochs, batchSize, lr, dropout, removePca, pcaDim,
        maxSeqLength, weightDecay, clipNorm, warmupSteps, valEvery, patience, workers, seed, augmentation, skipBad,
        maxBatches, resume, stopAfterEpoch, gradAccum, gradCheckpointing, precision, maxMemoryMb, 0, 0, 0f);
  }

  /** The original pipeline's student defaults: 100 epochs, batch 4, lr 1e-4, dropout 0.6, PCA removed. */
  public static TrainConfig student(Path dataDir, Path outputDir) {
    return common("student", dataDir, outputDir, "best_model").epochs(100).lr(1e-4f).dropout(0.6f).build();
  }

  /**
   * What every preset shares: batch 4, PCA removed (modality blocks kept), no length limit, AdamW weight decay
   * 0.01, gradient clipping at 5, 200 warm-up steps, validation every epoch with patience 10, one batch worker,
   * seed 42, the default augmentation, fp32; epochs, learning rate and dropout are set by each preset.
   */
  private static Builder common(String kind, Path dataDir, Path outputDir, String checkpointName) {
    return new TrainConfig(kind, "small", dataDir, outputDir, checkpointName, 1, 4, 1e-3f, 0f, true, 512, 0, 1e-2f, 5f,
        PLAIN_WARMUP_STEPS, 1, 10, 1, 42, Augmentation.DEFAULT, false, 0, false, 0, 1, false, Precision.FP32, 0, 0, 0, 0f).toBuilder();
  }

  /**
   * The original pipeline's distillation defaults: a student (best checkpoint best_student) for 50 epochs, batch 4,
   * lr 5e-5, dropout 0.6, PCA removed.
   */
  public static TrainConfig distill(Path dataDir, Path outputDir) {
    return common("student", dataDir, outputDir, "best_student").epochs(50).lr(5e-5f).dropout(0.6f).build();
  }

  /** The original pipeline's teacher defaults: 50 epochs, batch 2, lr 5e-5, dropout 0.3, max length 256. */
  public static TrainConfig teacher(Path dataDir, Path outputDir) {
    return common("teacher", dataDir, outputDir, "best_i3d").epochs(50).batchSize(2).lr(5e-5f).dropout(0.3f)
        .removePca(false).maxSeqLength(256).build();
  }

  /** Epochs of the recipe without a time budget. */
  public static final int RECIPE_EPOCHS = 30;
  /** Epochs of the recipe under {@code --max_minutes}: more than any budget allows, so the budget ends the run. */
  public static final int RECIPE_EPOCHS_IN_BUDGET = 10_000;

  /**
   * The recipe's augmentation: half of the sentences mirrored left for right. On the robustness suite (2 minutes,
   * small student, AMD EPYC) it took the {@code flipped} corpus (left-handed test signers) from 82.0 to 43.5 test
   * WER and {@code base} (a fifth of all signers left-handed) from 43.2 to 34.2, with fewer epochs in the time.
   * Features without hand blocks to mirror train without it.
   */
  public static final Augmentation RECIPE_AUGMENTATION = Augmentation.NONE.withMirror(0.5f);

  /**
   * Dropout of the recipe: 0.3 for the small student (plain or distilled), 0.1 otherwise. The small student
   * learns its training signers far better than held-out ones (train loss 0.2 at 41% dev WER); on the suite
   * (2 minutes, mirroring on, AMD EPYC) 0.3 took its test WER from 34.2 to 33.3 on {@code base} and from 43.0 to
   * 38.8 on {@code signers} (2 training signers); 0.5 gave 40.6 on {@code base}. The teacher, which does not
   * reach such training losses in minutes, lost with 0.3 (41.5 -> 44.1 on {@code base}).
   */
  static float recipeDropout(String kind, String preset) {
    return preset.equals("small") && !kind.equals("teacher") ? 0.3f : 0.1f;
  }

  /**
   * Warm-up of the recipe's teacher and student: 1000 optimizer steps, at most a tenth of a run of epochs and half of
   * a step budget ({@code TrainingPlan}). On the suite at 2000 steps per model (Intel Xeon, 2 cores) it took the test
   * WER on {@code base} / {@code slow} / {@code hands} from 31.9 / 39.5 / 41.2 (200 steps) to 29.5 / 19.5 / 35.0 for
   * the small teacher, from 49.2 / 48.3 / 53.7 to 44.3 / 38.4 / 49.0 for the student and from 41.2 / 39.7 / 48.6 to
   * 37.9 / 23.3 / 42.4 for the distilled student (400 steps gave the teacher 27.9 / 23.3 dev on base / slow, 1000
   * 25.4 / 16.7): at lr 3e-3 and batch 4 the first epochs' full rate sets the networks back. The baseline preset, our
   * yardstick, keeps {@link #PLAIN_WARMUP_STEPS}.
   */
  public static final int RECIPE_WARMUP_STEPS = 1000;

  /** Warm-up steps of the original pipeline, the seed presets and the baseline preset. */
  public static final int PLAIN_WARMUP_STEPS = 200;

  /** Warm-up steps of the recipe: {@link #RECIPE_WARMUP_STEPS}, the baseline preset {@link #PLAIN_WARMUP_STEPS}. */
  static int recipeWarmupSteps(String preset) {
    return preset.equals("baseline") ? PLAIN_WARMUP_STEPS : RECIPE_WARMUP_STEPS;
  }

  /** The recipe validates and keeps the weights' moving average ({@link WeightAverage}) with this decay cap. */
  public static final float RECIPE_EMA_DECAY = 0.999f;

  /** True for the seed presets, which keep the original pipeline's settings; the others train with the recipe. */
  public static boolean originalDefaults(String preset) {
    return preset != null && preset.startsWith("seed");
  }

  /**
   * The recipe of the small presets (tiny, small, baseline): minutes, not days. A higher learning rate, little
   * dropout ({@link #recipeDropout}), of the augmentations only mirroring ({@link #RECIPE_AUGMENTATION}; the
   * others slow the escape from CTC's all-blank phase in short runs more than they help), standardised features
   * with their modality blocks for both networks, {@link #RECIPE_EPOCHS} epochs or, under a time budget, as many
   * as fit.
   *
   * @param kind "student", "teacher" or "distill" (a student whose best checkpoint is best_student)
   */
  public static TrainConfig recipe(String kind, String preset, Path dataDir, Path outputDir, double maxMinutes) {
    return recipe(kind, preset, dataDir, outputDir, maxMinutes, 0);
  }

  /** {@link #recipe(String, String, Path, Path, double)} with a budget of optimizer steps too (0 = none). */
  public static TrainConfig recipe(String kind, String preset, Path dataDir, Path outputDir, double maxMinutes,
      long maxSteps) {
    boolean teacher = kind.equals("teacher");
    String checkpoint = switch (kind) {
      case "teacher" -> "best_i3d";
      case "student" -> "best_model";
      case "distill" -> "best_student";
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
    return common(teacher ? "teacher" : "student", dataDir, outputDir, checkpoint).preset(preset)
        .epochs(maxMinutes > 0 || maxSteps > 0 ? RECIPE_EPOCHS_IN_BUDGET : RECIPE_EPOCHS).lr(3e-3f)
        .dropout(recipeDropout(kind, preset)).warmupSteps(recipeWarmupSteps(preset))
        .maxSeqLength(teacher ? 256 : 0).augmentation(RECIPE_AUGMENTATION).maxMinutes(maxMinutes)
        .maxSteps(maxSteps).emaDecay(RECIPE_EMA_DECAY).build();
  }

  /** This config with another number of epochs. */
  public TrainConfig withEpochs(int newEpochs) {
    return toBuilder().epochs(newEpochs).build();
  }

  /** This config with another training seed. */
  public TrainConfig withSeed(long newSeed) {
    return toBuilder().seed(newSeed).build();
  }

  /** This config with other optimisation knobs. */
  public TrainConfig withOptimization(int gradAccum, boolean gradCheckpointing, Precision precision) {
    return toBuilder().gradAccum(gradAccum).gradCheckpointing(gradCheckpointing).precision(precision).build();
  }

  /** This config with a time budget in minutes (0 = none). */
  public TrainConfig withMaxMinutes(double minutes) {
    return toBuilder().maxMinutes(minutes).build();
  }

  /** Optimizer steps per epoch for {@code batches} batches. */
  public int optimizerSteps(int batches) {
    return (batches + gradAccum - 1) / gradAccum;
  }

  /**
   * The resolved settings as command-line flag names (snake_case) and values, in the form {@code --config} reads,
   * so a run can be repeated from the {@code config.yaml} saved beside its checkpoints.
   */
  public Map<String, Object> flags() {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("data_dir", dataDir.toString());
    flags.put("output_dir", outputDir.toString());
    flags.put("preset", preset);
    flags.put("epochs", epochs);
    flags.put("batch_size", batchSize);
    flags.put("grad_accum", gradAccum);
    flags.put("lr", lr);
    flags.put("dropout", dropout);
    flags.put("remove_pca", removePca);
    flags.put("pca_dim", pcaDim);
    flags.put("max_seq_length", maxSeqLength);
    flags.put("weight_decay", weightDecay);
    flags.put("clip_norm", clipNorm);
    flags.put("warmup_steps", warmupSteps);
    flags.put("val_every", valEvery);
    flags.put("patience", patience);
    flags.put("workers", workers);
    flags.put("seed", seed);
    flags.put("no_augment", augmentation.isNone());
    if (!augmentation.isNone()) {
      flags.put("speed_perturbation", augmentation.speedPerturbation());
      flags.put("frame_drop", augmentation.frameDrop());
      flags.put("feature_noise", augmentation.noiseStd());
      flags.put("time_masks", augmentation.timeMasks());
      flags.put("feature_masks", augmentation.featureMasks());
      flags.put("modality_dropout", augmentation.modalityDropout());
      flags.put("mirror", augmentation.mirror());
    }
    flags.put("skip_bad", skipBad);
    flags.put("grad_checkpointing", gradCheckpointing);
    flags.put("precision", precision.name().toLowerCase(java.util.Locale.ROOT));
    flags.put("max_memory", maxMemoryMb);
    flags.put("max_minutes", maxMinutes);
    flags.put("max_steps", maxSteps);
    flags.put("ema_decay", emaDecay);
    return flags;
  }

  /** A builder holding this config's settings, to change some of them by name. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes settings by name: {@code config.toBuilder().epochs(5).seed(7).build()}. {@link #build} checks the
   * result as the constructor does.
   */
  public static final class Builder {
    private String kind;
    private String preset;
    private Path dataDir;
    private Path outputDir;
    private String checkpointName;
    private int epochs;
    private int batchSize;
    private float lr;
    private float dropout;
    private boolean removePca;
    private int pcaDim;
    private int maxSeqLength;
    private float weightDecay;
    private float clipNorm;
    private int warmupSteps;
    private int valEvery;
    private int patience;
    private int workers;
    private long seed;
    private Augmentation augmentation;
    private boolean skipBad;
    private int maxBatches;
    private boolean resume;
    private int stopAfterEpoch;
    private int gradAccum;
    private boolean gradCheckpointing;
    private Precision precision;
    private int maxMemoryMb;
    private double maxMinutes;
    private long maxSteps;
    private float emaDecay;

    private Builder(TrainConfig c) {
      kind = c.kind;
      preset = c.preset;
      dataDir = c.dataDir;
      outputDir = c.outputDir;
      checkpointName = c.checkpointName;
      epochs = c.epochs;
      batchSize = c.batchSize;
      lr = c.lr;
      dropout = c.dropout;
      removePca = c.removePca;
      pcaDim = c.pcaDim;
      maxSeqLength = c.maxSeqLength;
      weightDecay = c.weightDecay;
      clipNorm = c.clipNorm;
      warmupSteps = c.warmupSteps;
      valEvery = c.valEvery;
      patience = c.patience;
      workers = c.workers;
      seed = c.seed;
      augmentation = c.augmentation;
      skipBad = c.skipBad;
      maxBatches = c.maxBatches;
      resume = c.resume;
      stopAfterEpoch = c.stopAfterEpoch;
      gradAccum = c.gradAccum;
      gradCheckpointing = c.gradCheckpointing;
      precision = c.precision;
      maxMemoryMb = c.maxMemoryMb;
      maxMinutes = c.maxMinutes;
      maxSteps = c.maxSteps;
      emaDecay = c.emaDecay;
    }

    public Builder kind(String value) {
      kind = value;
      return this;
    }

    public Builder preset(String value) {
      preset = value;
      return this;
    }

    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder outputDir(Path value) {
      outputDir = value;
      return this;
    }

    public Builder checkpointName(String value) {
      checkpointName = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder lr(float value) {
      lr = value;
      return this;
    }

    public Builder dropout(float value) {
      dropout = value;
      return this;
    }

    public Builder removePca(boolean value) {
      removePca = value;
      return this;
    }

    public Builder pcaDim(int value) {
      pcaDim = value;
      return this;
    }

    public Builder maxSeqLength(int value) {
      maxSeqLength = value;
      return this;
    }

    public Builder weightDecay(float value) {
      weightDecay = value;
      return this;
    }

    public Builder clipNorm(float value) {
      clipNorm = value;
      return this;
    }

    public Builder warmupSteps(int value) {
      warmupSteps = value;
      return this;
    }

    public Builder valEvery(int value) {
      valEvery = value;
      return this;
    }

    public Builder patience(int value) {
      patience = value;
      return this;
    }

    public Builder workers(int value) {
      workers = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder augmentation(Augmentation value) {
      augmentation = value;
      return this;
    }

    public Builder skipBad(boolean value) {
      skipBad = value;
      return this;
    }

    public Builder maxBatches(int value) {
      maxBatches = value;
      return this;
    }

    public Builder resume(boolean value) {
      resume = value;
      return this;
    }

    public Builder stopAfterEpoch(int value) {
      stopAfterEpoch = value;
      return this;
    }

    public Builder gradAccum(int value) {
      gradAccum = value;
      return this;
    }

    public Builder gradCheckpointing(boolean value) {
      gradCheckpointing = value;
      return this;
    }

    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    public Builder maxMemoryMb(int value) {
      maxMemoryMb = value;
      return this;
    }

    public Builder maxMinutes(double value) {
      maxMinutes = value;
      return this;
    }

    public Builder maxSteps(long value) {
      maxSteps = value;
      return this;
    }

    public Builder emaDecay(float value) {
      emaDecay = value;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(kind, preset, dataDir, outputDir, checkpointName, epochs, batchSize, lr, dropout,
          removePca, pcaDim, maxSeqLength, weightDecay, clipNorm, warmupSteps, valEvery, patience, workers, seed,
          augmentation, skipBad, maxBatches, resume, stopAfterEpoch, gradAccum, gradCheckpointing, precision,
          maxMemoryMb, maxMinutes, maxSteps, emaDecay);
    }
  }
}
