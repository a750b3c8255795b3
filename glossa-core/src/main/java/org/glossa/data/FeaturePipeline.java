package org.glossa.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The feature transform fitted on the training split and stored with every model: per-column
 * standardisation, then (optionally) PCA to {@code pcaDim} columns.
 *
 * <p>Without PCA the output keeps the input's modality blocks (what {@code --remove_pca} is for: a model can
 * embed each modality on its own). With PCA the output is one block "pca" of principal components, ordered by
 * explained variance, each with its largest-magnitude loading positive so a fit is reproducible.
 *
 * <p>Shapes: input [T, inputDim] → output [T, outputDim].
 */
public final class FeaturePipeline {

  /** Frames used to fit the PCA covariance at most (drawn at random with a fixed seed). */
  static final int MAX_PCA_FRAMES = 40_000;

  private final float[] mean;
  private final float[] scale; // 1 / std
  private final float[][] components; // [outputDim][inputDim], or null without PCA
  private final FeatureLayout inputLayout;
  private final double explainedVariance;

  private FeaturePipeline(float[] mean, float[] scale, float[][] components, FeatureLayout inputLayout,
      double explainedVariance) {
    this.mean = mean;
    this.scale = scale;
    this.components = components;
    this.inputLayout = inputLayout;
    this.explainedVariance = explainedVariance;
  }

  /**
   * Fits on training sequences. {@code pcaDim <= 0} means no PCA; a {@code pcaDim} at or above the input
   * dimension keeps every component (a rotation).
   */
  public static FeaturePipeline fit(List<float[][]> sequences, FeatureLayout layout, int pcaDim, long seed) {
    int dim = layout.featureDim();
    double[] sum = new double[dim];
    double[] sumSquares = new double[dim];
    long count = 0;
    for (float[][] sequence : sequences) {
      for (float[] frame : sequence) {
        if (frame.length != dim) {
          throw new IllegalArgumentException("frame has " + frame.length + " columns, layout has " + dim);
        }
        for (int c = 0; c < dim; c++) {
          sum[c] += frame[c];
          sumSquares[c] += (double) frame[c] * frame[c];
        }
        count++;
      }
    }
    if (count < 2) {
      throw new IllegalArgumentException("need at least 2 training frames to fit the feature pipeline");
    }
    float[] mean = new float[dim];
    float[] scale = new float[dim];
    for (int c = 0; c < dim; c++) {
      double m = sum[c] / count;
      double variance = Math.max(0, sumSquares[c] / count - m * m);
      double std = Math.sqrt(variance);
      mean[c] = (float) m;
      scale[c] = (float) (std < 1e-6 ? 1.0 : 1.0 / std); // constant columns stay centred, not blown up
    }
    if (pcaDim <= 0) {
      return new FeaturePipeline(mean, scale, null, layout, 1.0);
    }
    int outputDim = Math.min(pcaDim, dim);
    SymmetricEigen eigen = new SymmetricEigen(covariance(sequences, mean, scale, count, seed));
    double total = 0;
    for (int i = 0; i < dim; i++) {
      total += eigen.value(i);
    }
    float[][] components = new float[outputDim][dim];
    double kept = 0;
    for (int k = 0; k < outputDim; k++) {
      int index = dim - 1 - k; // eigenvalues ascend: the largest first
      double[] vector = eigen.vector(index);
      kept += eigen.value(index);
      int largest = 0;
      for (int c = 1; c < dim; c++) {
        if (Math.abs(vector[c]) > Math.abs(vector[largest])) {
          largest = c;
        }
      }
      double sign = vector[largest] < 0 ? -1 : 1;
      for (int c = 0; c < dim; c++) {
        components[k][c] = (float) (sign * vector[c]);
      }
    }
    return new FeaturePipeline(mean, scale, components, layout, total > 0 ? kept / total : 1.0);
  }

  /**
   * Covariance [dim][dim] of the standardised training frames, over at most {@link #MAX_PCA_FRAMES} of them
   * drawn with {@code seed}.
   */
  private static double[][] covariance(List<float[][]> sequences, float[] mean, float[] scale, long count,
      long seed) {
    int dim = mean.length;
    int rows = (int) Math.min(count, MAX_PCA_FRAMES);
    double keep = (double) rows / count;
    Random random = new Random(seed);
    double[][] covariance = new double[dim][dim];
    double[] x = new double[dim];
    int row = 0;
    outer:
    for (float[][] sequence : sequences) {
      for (float[] frame : sequence) {
        if (keep < 1 && random.nextDouble() >= keep) {
          continue;
        }
        if (row == rows) {
          break outer;
        }
        for (int c = 0; c < dim; c++) {
          x[c] = (frame[c] - mean[c]) * scale[c];
        }
        for (int a = 0; a < dim; a++) { // upper triangle, one contiguous row at a time
          double xa = x[a];
          double[] target = covariance[a];
          for (int b = a; b < dim; b++) {
            target[b] += xa * x[b];
          }
        }
        row++;
      }
    }
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        covariance[a][b] /= row;
        covariance[b][a] = covariance[a][b];
      }
    }
    return covariance;
  }

  /** Column means of the training features (a copy). */
  public float[] mean() {
    return mean.clone();
  }

  /** 1 / standard deviation per column (a copy). */
  public float[] scale() {
    return scale.clone();
  }

  /** PCA components [outputDim][inputDim] (a copy), or null without PCA. */
  public float[][] components() {
    if (components == null) {
      return null;
    }
    float[][] copy = new float[components.length][];
    for (int k = 0; k < copy.length; k++) {
      copy[k] = components[k].clone();
    }
    return copy;
  }

  public int inputDim() {
    return mean.length;
  }

  public int outputDim() {
    return components == null ? mean.length : components.length;
  }

  public boolean usesPca() {
    return components != null;
  }

  /** Share of the standardised variance kept by the PCA (1 without PCA). */
  public double explainedVariance() {
    return explainedVariance;
  }

  public FeatureLayout inputLayout() {
    return inputLayout;
  }

  /** Column blocks of the output: the input's modalities without PCA, one "pca" block with it. */
  public FeatureLayout outputLayout() {
    return components == null ? inputLayout
        : new FeatureLayout(List.of(new ModalityBlock("pca", 0, components.length, -1)));
  }

  /** Transforms a sequence [T, inputDim] to [T, outputDim]. */
  public float[][] transform(float[][] sequence) {
    float[][] out = new float[sequence.length][];
    float[] standardised = new float[mean.length];
    for (int t = 0; t < sequence.length; t++) {
      float[] frame = sequence[t];
      if (frame.length != mean.length) {
        throw new IllegalArgumentException("frame " + t + " has " + frame.length + " columns, the pipeline expects "
            + mean.length);
      }
      for (int c = 0; c < mean.length; c++) {
        standardised[c] = (frame[c] - mean[c]) * scale[c];
      }
      if (components == null) {
        out[t] = standardised.clone();
        continue;
      }
      float[] projected = new float[components.length];
      for (int k = 0; k < components.length; k++) {
        float[] w = components[k];
        float acc = 0;
        for (int c = 0; c < w.length; c++) {
          acc += w[c] * standardised[c];
        }
        projected[k] = acc;
      }
      out[t] = projected;
    }
    return out;
  }

  /** Saves as an .npz archive (mean, scale, components, layout), atomically. */
  public void write(Path file) {
    Npz.write(file, toArrays());
  }

  /** The arrays of the .npz form. */
  public Map<String, NpyArray> toArrays() {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("mean", NpyArray.ofFloats(mean, mean.length));
    arrays.put("scale", NpyArray.ofFloats(scale, scale.length));
    if (components != null) {
      arrays.put("components", NpyArray.ofMatrix(components, mean.length));
    }
    arrays.put("explained_variance", NpyArray.ofFloats(new float[] {(float) explainedVariance}, 1));
    try {
      arrays.put("layout", NpyArray.ofString(DatasetInfo.JSON.writeValueAsString(inputLayout.modalities())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return arrays;
  }

  /** The identity on {@code layout}: for models that include the transform themselves. */
  public static FeaturePipeline identity(FeatureLayout layout) {
    float[] zeros = new float[layout.featureDim()];
    float[] ones = new float[layout.featureDim()];
    java.util.Arrays.fill(ones, 1f);
    return new FeaturePipeline(zeros, ones, null, layout, 1.0);
  }

  public static FeaturePipeline read(Path file) {
    return fromArrays(Npz.read(file), file);
  }

  /** Rebuilds a pipeline from the arrays of its .npz form; {@code file} names the source in errors. */
  public static FeaturePipeline fromArrays(Map<String, NpyArray> arrays, Path file) {
    NpyArray mean = require(arrays, "mean", file);
    NpyArray scale = require(arrays, "scale", file);
    NpyArray layoutJson = require(arrays, "layout", file);
    NpyArray components = arrays.get("components");
    NpyArray explained = arrays.get("explained_variance");
    if (layoutJson.isNumeric() || layoutJson.strings().length != 1) {
      throw DataException.inFile(file, "corrupt feature pipeline: 'layout' must be one JSON string");
    }
    List<ModalityBlock> blocks;
    FeatureLayout layout;
    try {
      blocks = DatasetInfo.JSON.readValue(layoutJson.strings()[0], new TypeReference<List<ModalityBlock>>() {});
      layout = new FeatureLayout(blocks);
    } catch (JsonProcessingException | RuntimeException e) {
      throw DataException.inFile(file, "corrupt feature pipeline layout: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (!mean.isNumeric() || !scale.isNumeric() || mean.values().length != layout.featureDim()
        || scale.values().length != layout.featureDim()) {
      throw DataException.inFile(file, "feature pipeline arrays do not match its layout of " + layout.featureDim()
          + " columns");
    }
    float[][] matrix = null;
    if (components != null) {
      int[] shape = components.shape();
      if (!components.isNumeric() || shape.length != 2 || shape[0] < 1 || shape[1] != layout.featureDim()) {
        throw DataException.inFile(file, "feature pipeline 'components' must be [outputDim >= 1, "
            + layout.featureDim() + "], got shape " + java.util.Arrays.toString(shape));
      }
      matrix = components.toMatrix();
    }
    double explainedVariance = 1.0;
    if (explained != null) {
      if (!explained.isNumeric() || explained.values().length != 1) {
        throw DataException.inFile(file, "feature pipeline 'explained_variance' must be one number");
      }
      explainedVariance = explained.values()[0];
    }
    return new FeaturePipeline(mean.values(), scale.values(), matrix, layout, explainedVariance);
  }

  private static NpyArray require(Map<String, NpyArray> arrays, String key, Path file) {
    NpyArray array = arrays.get(key);
    if (array == null) {
      throw DataException.inFile(file, "not a feature pipeline: no '" + key + "' array");
    }
    return array;
  }
}
