package org.glossa.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.glossa.data.Batch;
import org.glossa.data.DataException;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.data.Npz;

/**
 * An exported Glossa ONNX model run by ONNX Runtime: the same {@link FrameModel} contract as a checkpoint, so
 * evaluation, decoding and streaming take either. Vocabulary and feature pipeline come from the file's
 * metadata. One session, reused; ONNX Runtime sessions are thread-safe.
 */
public final class OnnxFrameModel implements FrameModel {

  /** The {@code glossa.format} metadata value of the files {@code glossa export} writes. */
  public static final String FORMAT = "glossa-onnx-1";

  /** Execution providers: CPU always; CUDA and TensorRT when the runtime build and a GPU have them. */
  public enum Provider { CPU, CUDA, TENSORRT }

  private final Path file;
  private final OrtSession session;
  private final GlossVocabulary vocabulary;
  private final FeaturePipeline pipeline;
  private final FeaturePipeline fittedPipeline;
  private final Map<String, String> metadata;
  private final int inputDim;
  private final int timeStride;
  private final String inputName;
  /** The int64 [batch] input of valid frames; null: each recording runs alone, unpadded. */
  private final String lengthsName;
  private final String outputName;
  /** The int64 [batch] output of valid output steps; null: computed from the lengths and the stride. */
  private final String outputLengthsName;
  private final int blankColumn;
  private final ModelCard.Layout layout;
  private final int numClasses;

  /** A Glossa export: everything from its metadata. */
  private OnnxFrameModel(Path file, OrtSession session, Map<String, String> metadata) {
    this.file = file;
    this.session = session;
    this.metadata = Map.copyOf(metadata);
    if (!FORMAT.equals(metadata.get("glossa.format"))) {
      throw DataException.inFile(file, "not a Glossa ONNX model (metadata glossa.format is "
          + metadata.get("glossa.format") + "): export one with 'glossa export', or describe a model from another "
          + "tool with a model card (--card card.json, docs/library.md)");
    }
    this.vocabulary = new GlossVocabulary(List.of(required(metadata, "glossa.vocabulary", file).split("\n", -1)));
    this.fittedPipeline = FeaturePipeline.fromArrays(Npz.fromBytes(base64(required(metadata, "glossa.pipeline", file),
        file), file + " (glossa.pipeline)"), file);
    boolean raw = "raw_features".equals(metadata.get("glossa.input"));
    this.pipeline = raw ? FeaturePipeline.identity(fittedPipeline.inputLayout()) : fittedPipeline;
    this.inputDim = raw ? fittedPipeline.inputDim() : fittedPipeline.outputDim();
    this.timeStride = stride(metadata.getOrDefault("glossa.time_stride", Integer.toString(ModelConfig.TIME_STRIDE)),
        file);
    this.inputName = "features";
    this.lengthsName = "lengths";
    this.outputName = "logits";
    this.outputLengthsName = "output_lengths";
    this.blankColumn = GlossVocabulary.BLANK_ID;
    this.layout = ModelCard.Layout.BATCH_TIME_CLASS;
    this.numClasses = vocabulary.numClasses();
  }

  /** Another tool's model, described by {@code card}. */
  private OnnxFrameModel(Path file, OrtSession session, ModelCard card) throws OrtException {
    this.file = file;
    this.session = session;
    this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    this.vocabulary = card.vocabulary();
    this.fittedPipeline = card.pipeline();
    this.pipeline = fittedPipeline;
    this.inputDim = card.featureWidth();
    this.timeStride = card.timeStride();
    List<String> inputs = List.copyOf(session.getInputInfo().keySet());
    List<String> outputs = List.copyOf(session.getOutputInfo().keySet());
    this.inputName = card.inputName() != null ? card.inputName() : inputs.get(0);
    this.lengthsName = card.lengthsName();
    this.outputName = card.outputName() != null ? card.outputName() : outputs.get(0);
    this.outputLengthsName = null;
    this.blankColumn = card.blank();
    this.layout = card.outputLayout();
    this.numClasses = card.numClasses();
    for (String name : new String[] {inputName, lengthsName}) {
      if (name != null && !inputs.contains(name)) {
        throw DataException.inFile(file, "has no input '" + name + "' (the card names it); its inputs are " + inputs);
      }
    }
    for (String name : inputs) {
      if (!name.equals(inputName) && !name.equals(lengthsName)) {
        throw DataException.inFile(file, "has an input '" + name + "' the card does not name; Glossa feeds the "
            + "features (input_name) and optionally their lengths (lengths_name), inputs " + inputs);
      }
    }
    if (session.getInputInfo().get(inputName).getInfo() instanceof ai.onnxruntime.TensorInfo info) {
      long[] shape = info.getShape();
      if (shape.length != 3 || (shape[2] > 0 && shape[2] != inputDim)) {
        throw DataException.inFile(file, "input '" + inputName + "' has shape " + Arrays.toString(shape) + "; the card "
            + "says [batch, frames, " + inputDim + "] (feature_width " + inputDim + ")");
      }
    }
    if (!outputs.contains(outputName)) {
      throw DataException.inFile(file, "has no output '" + outputName + "' (the card names it); its outputs are "
          + outputs);
    }
  }

  private static int stride(String text, Path file) {
    try {
      int stride = Integer.parseInt(text.strip());
      if (stride >= 1 && stride <= 1024) {
        return stride;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw DataException.inFile(file, "metadata glossa.time_stride is '" + text + "', not a stride of 1..1024");
  }

  private static String required(Map<String, String> metadata, String key, Path file) {
    String value = metadata.get(key);
    if (value == null) {
      throw DataException.inFile(file, "metadata " + key + " is missing; export the model again with 'glossa export'");
    }
    return value;
  }

  private static byte[] base64(String text, Path file) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, "metadata glossa.pipeline is not base64: " + e.getMessage());
    }
  }

  /** Opens a Glossa export {@code file} with {@code threads} intra-op threads (0 = one per core). */
  public static OnnxFrameModel open(Path file, Provider provider, int threads) {
    return open(file, null, provider, threads);
  }

  /**
   * Opens {@code file} with {@code threads} intra-op threads (0 = one per core); {@code card} describes a model
   * another tool wrote (null: a Glossa export, described by its own metadata).
   */
  public static OnnxFrameModel open(Path file, ModelCard card, Provider provider, int threads) {
    if (!Files.isRegularFile(file)) {
      throw DataException.inFile(file, "ONNX model not found");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    // The session copies its options when it is created, so they are closed in every case; the session is closed
    // unless a model owns it (reading the metadata or checking it can throw).
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
      options.setInterOpNumThreads(1);
      addProvider(options, provider);
      OrtSession session = env.createSession(file.toString(), options);
      try {
        return card == null ? new OnnxFrameModel(file, session, session.getMetadata().getCustomMetadata())
            : new OnnxFrameModel(file, session, card);
      } catch (Throwable failure) {
        closeAfterFailure(session, failure);
        throw failure;
      }
    } catch (OrtException e) {
      throw DataException.inFile(file, "ONNX Runtime cannot load it: " + e.getMessage());
    }
  }

  /** Closes a session whose model could not be made; the failure that stopped it stays the error reported. */
  private static void closeAfterFailure(OrtSession session, Throwable failure) {
    try {
      session.close();
    } catch (OrtException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void addProvider(OrtSession.SessionOptions options, Provider provider) throws OrtException {
    var available = OrtEnvironment.getAvailableProviders();
    switch (provider) {
      case CPU -> { }
      case CUDA -> {
        if (!available.contains(ai.onnxruntime.OrtProvider.CUDA)) {
          throw new IllegalArgumentException("--provider cuda: this ONNX Runtime has no CUDA provider (available: "
              + available + "); use the onnxruntime_gpu artifact on a machine with an NVIDIA GPU");
        }
        options.addCUDA();
      }
      case TENSORRT -> {
        if (!available.contains(ai.onnxruntime.OrtProvider.TENSOR_RT)) {
          throw new IllegalArgumentException("--provider tensorrt: this ONNX Runtime has no TensorRT provider "
              + "(available: " + available + "); see docs/deployment.md for the TensorRT route");
        }
        options.addTensorrt(0);
      }
    }
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** The fitted feature pipeline (also when the graph includes it). */
  public FeaturePipeline fittedPipeline() {
    return fittedPipeline;
  }

  public int inputDim() {
    return inputDim;
  }

  @Override
  public GlossVocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public FeaturePipeline pipeline() {
    return pipeline;
  }

  @Override
  public int timeStride() {
    return timeStride;
  }

  @Override
  public float[][][] logits(Batch batch) {
    if (batch.featureDim() != inputDim) {
      throw new IllegalArgumentException("batch has " + batch.featureDim() + " features, " + file + " takes "
          + inputDim);
    }
    try {
      if (lengthsName != null) {
        return run(batch.features(), batch.size(), batch.maxFrames(), batch.lengths());
      }
      // no lengths input: padding would reach the network, so each recording runs alone at its own length
      float[][][] out = new float[batch.size()][][];
      int width = batch.featureDim();
      for (int b = 0; b < out.length; b++) {
        int frames = batch.lengths()[b];
        float[] one = Arrays.copyOfRange(batch.features(), b * batch.maxFrames() * width,
            (b * batch.maxFrames() + frames) * width);
        out[b] = run(one, 1, frames, new int[] {frames})[0];
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs the graph on {@code size} padded sequences and returns each one's valid output steps, blank in column 0. */
  private float[][][] run(float[] features, int size, int maxFrames, int[] lengths) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
    try {
      inputs.put(inputName, OnnxTensor.createTensor(env, FloatBuffer.wrap(features),
          new long[] {size, maxFrames, inputDim}));
      if (lengthsName != null) {
        inputs.put(lengthsName, OnnxTensor.createTensor(env,
            LongBuffer.wrap(Arrays.stream(lengths).asLongStream().toArray()), new long[] {size}));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor logits = (OnnxTensor) result.get(outputName).orElseThrow();
        long[] shape = logits.getInfo().getShape();
        if (shape.length != 3) {
          throw DataException.inFile(file, "output '" + outputName + "' has shape " + Arrays.toString(shape)
              + "; expected 3 axes (" + layout.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        boolean timeFirst = layout == ModelCard.Layout.TIME_BATCH_CLASS;
        int steps = (int) (timeFirst ? shape[0] : shape[1]);
        int batchAxis = (int) (timeFirst ? shape[1] : shape[0]);
        int classes = (int) shape[2];
        if (batchAxis != size || classes != numClasses) {
          throw DataException.inFile(file, "output '" + outputName + "' has shape " + Arrays.toString(shape)
              + "; expected " + size + " sequences and " + numClasses + " classes (" + (numClasses - 1)
              + " glosses and the blank) in " + layout.name().toLowerCase(java.util.Locale.ROOT) + " order");
        }
        long[] outLengths = outputLengthsName == null ? null
            : (long[]) result.get(outputLengthsName).orElseThrow().getValue();
        FloatBuffer flat = logits.getFloatBuffer();
        float[][][] out = new float[size][][];
        for (int b = 0; b < size; b++) {
          int valid = outLengths != null ? (int) outLengths[b]
              : Math.min(steps, (lengths[b] + timeStride - 1) / timeStride);
          out[b] = new float[valid][];
          for (int t = 0; t < valid; t++) {
            float[] row = new float[classes];
            flat.get(timeFirst ? (t * size + b) * classes : (b * steps + t) * classes, row);
            out[b][t] = blankColumn == 0 ? row : blankFirst(row);
          }
        }
        return out;
      }
    } finally {
      for (OnnxTensor tensor : inputs.values()) {
        tensor.close();
      }
    }
  }

  /** A row of class scores with the blank moved to column 0 and the glosses after it in their order. */
  private float[] blankFirst(float[] row) {
    float[] copy = new float[row.length];
    copy[0] = row[blankColumn];
    System.arraycopy(row, 0, copy, 1, blankColumn);
    System.arraycopy(row, blankColumn + 1, copy, blankColumn + 1, row.length - blankColumn - 1);
    return copy;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }
}
