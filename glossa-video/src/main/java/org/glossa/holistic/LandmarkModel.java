package org.glossa.holistic;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of MediaPipe's models in ONNX Runtime: converted from its TFLite file when opened, one image in
 * ({@code [1, size, size, 3]}, NHWC floats), every output back as a flat float array by name.
 */
final class LandmarkModel implements AutoCloseable {

  private final String name;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final long[] inputShape;
  final int inputHeight;
  final int inputWidth;

  LandmarkModel(String fileName, int threads) {
    this.name = fileName;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, threads));
      options.setInterOpNumThreads(1);
      // several sessions run one after another on the same cores: idle pool threads must not spin
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(HolisticModels.onnx(fileName), options);
      NodeInfo input = session.getInputInfo().values().iterator().next();
      this.inputName = input.getName();
      this.inputShape = ((TensorInfo) input.getInfo()).getShape();
    } catch (OrtException e) {
      throw new TfliteException(fileName + ": ONNX Runtime refused the converted graph: " + e.getMessage());
    }
    this.inputHeight = (int) inputShape[1];
    this.inputWidth = (int) inputShape[2];
  }

  /** The input image tensor's number of floats. */
  int inputSize() {
    return inputHeight * inputWidth * 3;
  }

  /** Runs the model on one NHWC image; all outputs by their TFLite names. */
  Map<String, float[]> run(float[] image) {
    return run(image, session.getOutputNames());
  }

  /** Runs the model for some of its outputs only (ONNX Runtime skips what only the others need). */
  Map<String, float[]> run(float[] image, java.util.Set<String> outputNames) {
    if (image.length != inputSize()) {
      throw new IllegalArgumentException(name + " takes " + inputSize() + " floats, got " + image.length);
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), inputShape);
        OrtSession.Result result = session.run(Map.of(inputName, input), outputNames)) {
      Map<String, float[]> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
        float[] copy = new float[values.remaining()];
        values.get(copy);
        outputs.put(e.getKey(), copy);
      }
      return outputs;
    } catch (OrtException e) {
      throw new IllegalStateException(name + ": inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }
}
