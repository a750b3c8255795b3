package org.glossa.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.Batch;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelConfig;
import org.glossa.model.Presets;

/**
 * A network with everything needed to use it: its config, vocabulary and fitted feature pipeline. Holds
 * native memory: close it.
 */
public final class TrainedModel implements FrameModel {

  private final NDManager manager;
  private final SignNetwork network;
  private final GlossVocabulary vocabulary;
  private final FeaturePipeline pipeline;
  private final ParameterStore store;

  /** Builds a freshly initialised network (seeded through the engine's random seed). */
  public TrainedModel(ModelConfig config, GlossVocabulary vocabulary, FeaturePipeline pipeline) {
    if (config.numClasses() != vocabulary.numClasses()) {
      throw new IllegalArgumentException("model has " + config.numClasses() + " outputs but the vocabulary has "
          + vocabulary.numClasses() + " classes (glosses + blank)");
    }
    if (config.inputDim() != pipeline.outputDim()) {
      throw new IllegalArgumentException("model takes " + config.inputDim() + " features but the pipeline gives "
          + pipeline.outputDim());
    }
    this.manager = NDManager.newBaseManager();
    try {
      this.network = new SignNetwork(config);
      this.network.initialize(manager, DataType.FLOAT32, new Shape(1, 16, config.inputDim()), new Shape(1));
      this.store = new ParameterStore(manager, false);
    } catch (RuntimeException | Error e) {
      manager.close(); // nobody else can: the model that would own it does not exist
      throw e;
    }
    this.vocabulary = vocabulary;
    this.pipeline = pipeline;
  }

  /**
   * An untrained preset at a given size, for measurements (profiling, export sizes): {@code inputDim} features
   * with an identity-like pipeline fitted on Gaussian frames, glosses "G1".."G{numClasses - 1}", weights seeded.
   */
  public static TrainedModel untrained(String kind, String preset, int inputDim, int numClasses, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[][] sample = new float[64][inputDim];
    for (float[] row : sample) {
      for (int c = 0; c < inputDim; c++) {
        row[c] = (float) random.nextGaussian();
      }
    }
    org.glossa.data.FeatureLayout layout = org.glossa.data.FeatureLayout.unstructured(inputDim);
    FeaturePipeline pipeline = FeaturePipeline.fit(List.<float[][]>of(sample), layout, 0, seed);
    List<String> glosses = new ArrayList<>();
    for (int i = 1; i < numClasses; i++) {
      glosses.add("G" + i);
    }
    ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
    return new TrainedModel(Presets.config(kind, preset, layout.modalities(), numClasses, 0.1f),
        new GlossVocabulary(glosses), pipeline);
  }

  public ModelConfig config() {
    return network.config();
  }

  public SignNetwork network() {
    return network;
  }

  @Override
  public GlossVocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public FeaturePipeline pipeline() {
    return pipeline;
  }

  public NDManager manager() {
    return manager;
  }

  public ParameterStore parameterStore() {
    return store;
  }

  /** Parameters by name, in a stable order; includes BatchNorm running statistics. */
  public Map<String, Parameter> parameters() {
    Map<String, Parameter> map = new LinkedHashMap<>();
    network.getParameters().forEach(p -> map.put(p.getKey(), p.getValue()));
    return map;
  }

  /** Trainable parameters: everything but BatchNorm running statistics. */
  public List<Parameter> trainableParameters() {
    List<Parameter> list = new ArrayList<>();
    for (Parameter p : parameters().values()) {
      if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
        list.add(p);
      }
    }
    return list;
  }

  /** Number of trainable parameters. */
  public long parameterCount() {
    long count = 0;
    for (Parameter p : trainableParameters()) {
      count += p.getArray().size();
    }
    return count;
  }

  /** fp32 size of the trainable parameters in MiB. */
  public double sizeMiB() {
    return parameterCount() * 4.0 / (1024 * 1024);
  }

  /** Frame logits per sequence of a batch of transformed features: logits[b] is [T'_b, V]. */
  @Override
  public float[][][] logits(Batch batch) {
    try (NDManager step = manager.newSubManager()) {
      NDList out = forward(step, batch, false);
      return split(out.get(0), out.get(1));
    }
  }

  /** Runs the network; arrays are created in {@code step}. Output NDList(logits [B, T', V], lengths [B]). */
  public NDList forward(NDManager step, Batch batch, boolean training) {
    return network.forward(store, inputs(step, batch), training);
  }

  /** The network's input for a batch: NDList(features [B, T, F], lengths [B] float), created in {@code step}. */
  public NDList inputs(NDManager step, Batch batch) {
    NDArray features = step.create(batch.features(), new Shape(batch.size(), batch.maxFrames(), batch.featureDim()));
    float[] lengths = new float[batch.size()];
    for (int b = 0; b < lengths.length; b++) {
      lengths[b] = batch.lengths()[b];
    }
    return new NDList(features, step.create(lengths));
  }

  /** BatchNorm running statistics (not trained by gradients). */
  public List<Parameter> runningStatistics() {
    List<Parameter> list = new ArrayList<>(parameters().values());
    list.removeAll(trainableParameters());
    return list;
  }

  /** Splits batched logits [B, T', V] into per-sequence arrays cut to their lengths. */
  public static float[][][] split(NDArray logits, NDArray lengths) {
    Shape shape = logits.getShape();
    int batch = (int) shape.get(0);
    int frames = (int) shape.get(1);
    int classes = (int) shape.get(2);
    float[] flat = logits.toFloatArray();
    float[] outLengths = lengths.toFloatArray();
    float[][][] result = new float[batch][][];
    for (int b = 0; b < batch; b++) {
      int length = (int) outLengths[b];
      result[b] = new float[length][classes];
      for (int t = 0; t < length; t++) {
        System.arraycopy(flat, (b * frames + t) * classes, result[b][t], 0, classes);
      }
    }
    return result;
  }

  @Override
  public void close() {
    manager.close();
  }
}
