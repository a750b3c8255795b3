package org.glossa.export;

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
import org.glossa.model.FrameModel;

/**
 * An exported Glossa ONNX model run by ONNX Runtime: the same {@link FrameModel} contract as a checkpoint, so
 * evaluation, decoding and streaming take either. Vocabulary and feature pipeline come from the file's
 * metadata. One session, reused; ONNX Runtime sessions are thread-safe.
 */
public final class OnnxFrameModel implements FrameModel {

  /** Execution providers: CPU always; CUDA and TensorRT when the runtime build and a GPU have them. */
  public enum Provider { CPU, CUDA, TENSORRT }

  private final Path file;
  private final OrtSession session;
  private final GlossVocabulary vocabulary;
  private final FeaturePipeline pipeline;
  private final FeaturePipeline fittedPipeline;
  private final Map<String, String> metadata;
  private final int inputDim;

  private OnnxFrameModel(Path file, OrtSession session, Map<String, String> metadata) {
    this.file = file;
    this.session = session;
    this.metadata = Map.copyOf(metadata);
    if (!OnnxExport.FORMAT.equals(metadata.get("glossa.format"))) {
      throw DataException.inFile(file, "not a Glossa ONNX model (metadata glossa.format is "
          + metadata.get("glossa.format") + "; export one with 'glossa export')");
    }
    this.vocabulary = new GlossVocabulary(List.of(required(metadata, "glossa.vocabulary", file).split("\n", -1)));
    this.fittedPipeline = FeaturePipeline.fromArrays(Npz.fromBytes(base64(required(metadata, "glossa.pipeline", file),
        file), file + " (glossa.pipeline)"), file);
    boolean raw = "raw_features".equals(metadata.get("glossa.input"));
    this.pipeline = raw ? FeaturePipeline.identity(fittedPipeline.inputLayout()) : fittedPipeline;
    this.inputDim = raw ? fittedPipeline.inputDim() : fittedPipeline.outputDim();
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

  /** Opens {@code file} with {@code threads} intra-op threads (0 = one per core). */
  public static OnnxFrameModel open(Path file, Provider provider, int threads) {
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
        return new OnnxFrameModel(file, session, session.getMetadata().getCustomMetadata());
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
  public float[][][] logits(Batch batch) {
    if (batch.featureDim() != inputDim) {
      throw new IllegalArgumentException("batch has " + batch.featureDim() + " features, " + file + " takes "
          + inputDim);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] lengths = Arrays.stream(batch.lengths()).asLongStream().toArray();
    try (OnnxTensor features = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.features()),
            new long[] {batch.size(), batch.maxFrames(), batch.featureDim()});
        OnnxTensor lengthTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[] {batch.size()});
        OrtSession.Result result = session.run(Map.of("features", features, "lengths", lengthTensor))) {
      OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
      long[] outLengths = ((long[]) result.get("output_lengths").orElseThrow().getValue());
      long[] shape = logits.getInfo().getShape();
      FloatBuffer flat = logits.getFloatBuffer();
      int frames = (int) shape[1];
      int classes = (int) shape[2];
      float[][][] out = new float[batch.size()][][];
      for (int b = 0; b < out.length; b++) {
        out[b] = new float[(int) outLengths[b]][classes];
        for (int t = 0; t < out[b].length; t++) {
          flat.get((b * frames + t) * classes, out[b][t]);
        }
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
    }
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
