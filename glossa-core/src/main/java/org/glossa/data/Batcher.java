package org.glossa.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cuts a split into padded batches: transforms every sample once with the fitted {@link FeaturePipeline},
 * applies the {@code max_seq_length} policy, plans length-bucketed batches per epoch and builds each batch
 * with its augmentation. A batch depends only on (seed, epoch, batch index), never on thread timing, so
 * prefetching with several workers gives the same batches as none.
 */
public final class Batcher {

  private final List<Sample> samples;   // raw features, kept only for modality dropout
  private final float[][][] features;   // transformed, after the length policy
  private final int[][] labels;
  private final String[] ids;
  private final FeaturePipeline pipeline;
  private final BatchConfig config;
  private final Augmentation augmentation;
  private final List<String> skipped = new ArrayList<>();
  private final int[] kept; // sample index of each prepared entry
  private final float[][][] teacherFeatures; // through a distillation teacher's pipeline, or null
  private final List<ModalityBlock> droppable;
  private final Mirroring mirroring; // null unless augmentation mirrors

  /**
   * @param vocabulary glosses outside it (possible in dev/test) are left out of the labels; references for
   *                   scoring come from the samples themselves
   */
  public Batcher(List<Sample> samples, FeaturePipeline pipeline, GlossVocabulary vocabulary, BatchConfig config,
      Augmentation augmentation) {
    this(samples, pipeline, vocabulary, config, augmentation, null);
  }

  /**
   * With {@code teacherPipeline}, every batch also carries a {@link Batch#teacherView}: the same sequences through
   * that pipeline, with the same time changes (length policy, speed perturbation, frame drop) but none of the value
   * augmentation, so a distillation teacher sees clean input frame-aligned with the student's.
   */
  public Batcher(List<Sample> samples, FeaturePipeline pipeline, GlossVocabulary vocabulary, BatchConfig config,
      Augmentation augmentation, FeaturePipeline teacherPipeline) {
    this.pipeline = pipeline;
    this.config = config;
    this.augmentation = augmentation;
    this.droppable = pipeline.inputLayout().modalities().stream().filter(m -> m.presenceColumn() >= 0).toList();
    this.mirroring = augmentation.mirror() > 0 ? Mirroring.of(pipeline.inputLayout()).orElseThrow(
        () -> new DataException("--mirror needs enhanced Holistic features (pose, left_hand and right_hand blocks); "
            + "these features' blocks are " + pipeline.inputLayout().modalities().stream()
            .map(m -> m.name() + "[" + m.dim() + "]").toList() + "; use --mirror 0")) : null;
    float[][][] transformed = new float[samples.size()][][];
    IntStream.range(0, samples.size()).parallel()
        .forEach(i -> transformed[i] = pipeline.transform(samples.get(i).features()));
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      int[] ids = s.glosses().stream().mapToInt(vocabulary::id).filter(id -> id > 0).toArray();
      int max = config.maxSeqLength();
      if (max > 0 && transformed[i].length > max) {
        if (config.longSequences() == BatchConfig.LongSequences.SKIP) {
          skipped.add(s.id() + ": " + transformed[i].length + " frames > --max_seq_length " + max);
          continue;
        }
        if (max < requiredFrames(ids)) {
          skipped.add(s.id() + ": subsampling " + transformed[i].length + " frames to --max_seq_length " + max
              + " leaves too few frames for its " + ids.length + " glosses");
          continue;
        }
        transformed[i] = resample(transformed[i], max);
      }
      keep.add(i);
    }
    this.kept = keep.stream().mapToInt(Integer::intValue).toArray();
    this.features = new float[kept.length][][];
    this.labels = new int[kept.length][];
    this.ids = new String[kept.length];
    for (int k = 0; k < kept.length; k++) {
      Sample s = samples.get(kept[k]);
      features[k] = transformed[kept[k]];
      labels[k] = s.glosses().stream().mapToInt(vocabulary::id).filter(id -> id > 0).toArray();
      ids[k] = s.id();
    }
    this.samples = (augmentation.modalityDropout() > 0 && !droppable.isEmpty()) || mirroring != null ? samples : null;
    if (teacherPipeline == null) {
      this.teacherFeatures = null;
    } else {
      this.teacherFeatures = new float[kept.length][][];
      IntStream.range(0, kept.length).parallel().forEach(k -> {
        float[][] view = teacherPipeline.transform(samples.get(kept[k]).features());
        teacherFeatures[k] = view.length == features[k].length ? view : resample(view, features[k].length);
      });
    }
  }

  /** Samples left out by the max_seq_length policy, with the reason. */
  public List<String> skipped() {
    return Collections.unmodifiableList(skipped);
  }

  public int numSamples() {
    return features.length;
  }

  /** Frames of the longest sequence a batch can hold, allowing for speed perturbation. */
  public int longestSequence() {
    int longest = 0;
    for (float[][] f : features) {
      longest = Math.max(longest, f.length);
    }
    boolean augment = config.shuffle() && !augmentation.isNone();
    return augment ? (int) Math.ceil(longest * (1 + augmentation.speedPerturbation())) : longest;
  }

  public int featureDim() {
    return pipeline.outputDim();
  }

  /** Frames CTC needs for a label sequence at the model's downsampling: one step per gloss plus one per repeat. */
  public int requiredFrames(int[] labelIds) {
    int steps = labelIds.length;
    for (int i = 1; i < labelIds.length; i++) {
      steps += labelIds[i] == labelIds[i - 1] ? 1 : 0;
    }
    return steps * config.framesPerLabel();
  }

  /** The batches of an epoch, as lists of prepared-sample indices. */
  public List<int[]> plan(int epoch) {
    Integer[] order = new Integer[features.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    List<int[]> batches = new ArrayList<>();
    if (!config.shuffle()) {
      Arrays.sort(order, Comparator.comparingInt((Integer i) -> features[i].length).thenComparing(i -> ids[i]));
      cut(order, 0, order.length, batches);
      return batches;
    }
    Random random = new Random(mix(config.seed(), epoch, -1));
    List<Integer> shuffled = new ArrayList<>(Arrays.asList(order));
    Collections.shuffle(shuffled, random);
    order = shuffled.toArray(new Integer[0]);
    int chunk = config.bucketBatches() * config.batchSize();
    for (int start = 0; start < order.length; start += chunk) {
      int end = Math.min(order.length, start + chunk);
      Arrays.sort(order, start, end, Comparator.comparingInt(i -> features[i].length));
      cut(order, start, end, batches);
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  private void cut(Integer[] order, int start, int end, List<int[]> batches) {
    for (int b = start; b < end; b += config.batchSize()) {
      int size = Math.min(config.batchSize(), end - b);
      int[] batch = new int[size];
      for (int k = 0; k < size; k++) {
        batch[k] = order[b + k];
      }
      batches.add(batch);
    }
  }

  /** Builds (augments, pads) one batch; deterministic in (seed, epoch, batchIndex). */
  public Batch build(int[] indices, int epoch, int batchIndex) {
    Random random = new Random(mix(config.seed(), epoch, batchIndex));
    boolean augment = config.shuffle() && !augmentation.isNone();
    float[][][] sequences = new float[indices.length][][];
    float[][][] teacherSequences = teacherFeatures == null ? null : new float[indices.length][][];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (augment) {
        float[][][] views = augment(i, random);
        sequences[k] = views[0];
        if (teacherSequences != null) {
          teacherSequences[k] = views[1];
        }
      } else {
        sequences[k] = features[i];
        if (teacherSequences != null) {
          teacherSequences[k] = teacherFeatures[i];
        }
      }
    }
    String[] batchIds = new String[indices.length];
    int[][] batchLabels = new int[indices.length][];
    for (int k = 0; k < indices.length; k++) {
      batchLabels[k] = labels[indices[k]].clone();
      batchIds[k] = ids[indices[k]];
    }
    Batch batch = Batch.pad(batchIds, sequences, batchLabels);
    if (teacherSequences == null) {
      return batch;
    }
    Batch teacher = Batch.pad(batchIds, teacherSequences, batchLabels);
    return new Batch(batch.ids(), batch.features(), batch.lengths(), batch.labels(), batch.maxFrames(),
        batch.featureDim(), teacher);
  }

  /** The augmented sequence and, with a teacher pipeline, the teacher's view with the same time changes. */
  private float[][][] augment(int i, Random random) {
    Augmentation a = augmentation;
    float[][] x = features[i];
    float[][] teacher = teacherFeatures == null ? null : teacherFeatures[i];
    if (samples != null) {
      x = editRaw(i, x, random);
    }
    int needed = Math.max(1, requiredFrames(labels[i]));
    if (a.speedPerturbation() > 0) {
      double factor = 1 + (2 * random.nextDouble() - 1) * a.speedPerturbation();
      int length = (int) Math.round(x.length / factor);
      int max = config.maxSeqLength() > 0 ? config.maxSeqLength() : Integer.MAX_VALUE;
      length = Math.min(max, Math.max(length, Math.min(x.length, needed)));
      if (length != x.length && length >= 1) {
        x = resample(x, length);
        teacher = teacher == null ? null : resample(teacher, length);
      }
    }
    if (a.frameDrop() > 0) {
      boolean[] drop = new boolean[x.length];
      int kept = x.length;
      for (int t = 0; t < x.length; t++) {
        if (random.nextDouble() < a.frameDrop() && kept - 1 >= needed) {
          drop[t] = true;
          kept--;
        }
      }
      if (kept < x.length) {
        float[][] y = new float[kept][];
        float[][] z = teacher == null ? null : new float[kept][];
        for (int t = 0, j = 0; t < x.length; t++) {
          if (!drop[t]) {
            if (z != null) {
              z[j] = teacher[t];
            }
            y[j++] = x[t];
          }
        }
        x = y;
        teacher = z;
      }
    }
    boolean copied = false;
    if (a.noiseStd() > 0 || a.timeMasks() > 0 || a.featureMasks() > 0) {
      float[][] y = new float[x.length][];
      for (int t = 0; t < x.length; t++) {
        y[t] = x[t].clone();
      }
      x = y;
      copied = true;
    }
    if (copied && a.noiseStd() > 0) {
      for (float[] frame : x) {
        for (int c = 0; c < frame.length; c++) {
          frame[c] += (float) random.nextGaussian() * a.noiseStd();
        }
      }
    }
    for (int m = 0; m < a.timeMasks() && a.timeMaskWidth() > 0; m++) {
      int width = random.nextInt(a.timeMaskWidth() + 1);
      int start = random.nextInt(Math.max(1, x.length - width + 1));
      for (int t = start; t < Math.min(x.length, start + width); t++) {
        Arrays.fill(x[t], 0f);
      }
    }
    for (int m = 0; m < a.featureMasks() && a.featureMaskWidth() > 0; m++) {
      int dim = x[0].length;
      int width = random.nextInt(Math.min(a.featureMaskWidth(), dim) + 1);
      int start = random.nextInt(Math.max(1, dim - width + 1));
      for (float[] frame : x) {
        Arrays.fill(frame, start, Math.min(dim, start + width), 0f);
      }
    }
    return new float[][][] {x, teacher};
  }

  /**
   * The augmentations that act on the raw features, then re-transforms: removing whole modalities (all columns
   * zero, presence 0: a missed detection) and mirroring.
   */
  private float[][] editRaw(int i, float[][] transformed, Random random) {
    List<ModalityBlock> dropped = new ArrayList<>();
    if (augmentation.modalityDropout() > 0) {
      for (ModalityBlock block : droppable) {
        if (random.nextDouble() < augmentation.modalityDropout()) {
          dropped.add(block);
        }
      }
      if (dropped.size() == droppable.size()) {
        dropped.clear(); // never remove every modality
      }
    }
    boolean mirror = mirroring != null && random.nextDouble() < augmentation.mirror();
    if (dropped.isEmpty() && !mirror) {
      return transformed;
    }
    float[][] raw = samples.get(kept[i]).features();
    float[][] copy = mirror ? mirroring.apply(raw) : Arrays.stream(raw).map(float[]::clone).toArray(float[][]::new);
    for (int t = 0; t < raw.length; t++) {
      for (ModalityBlock block : dropped) {
        Arrays.fill(copy[t], block.offset(), block.end(), 0f);
      }
    }
    float[][] out = pipeline.transform(copy);
    return out.length == transformed.length ? out : resample(out, transformed.length);
  }

  /** Linear interpolation of a sequence to {@code length} frames. */
  static float[][] resample(float[][] x, int length) {
    float[][] y = new float[length][];
    int dim = x[0].length;
    for (int t = 0; t < length; t++) {
      double position = length == 1 ? 0 : (double) t * (x.length - 1) / (length - 1);
      int lower = (int) Math.floor(position);
      int upper = Math.min(x.length - 1, lower + 1);
      float w = (float) (position - lower);
      float[] frame = new float[dim];
      for (int c = 0; c < dim; c++) {
        frame[c] = x[lower][c] * (1 - w) + x[upper][c] * w;
      }
      y[t] = frame;
    }
    return y;
  }

  /** Iterates an epoch's batches, built ahead by {@code workers} background threads (0 = in the caller). */
  public BatchLoader epoch(int epoch, int workers) {
    return new BatchLoader(this, plan(epoch), epoch, workers);
  }

  static long mix(long seed, long epoch, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
