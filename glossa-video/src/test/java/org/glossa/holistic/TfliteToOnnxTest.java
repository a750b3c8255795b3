package org.glossa.holistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The converted graphs against Google's own runtime: {@code tflite-reference.json} holds what LiteRT.js (XNNPACK)
 * computed for each of MediaPipe Holistic's models on a fixed input ({@code bench/landmarks/reference.sh}); ONNX
 * Runtime on our conversion must give the same outputs.
 */
class TfliteToOnnxTest {

  /** The reference's input formula, value(i) = ((i * 37 + (i >> 8) * 11) % 256) / 255. */
  static float[] patternInput(int size) {
    float[] input = new float[size];
    for (int i = 0; i < size; i++) {
      input[i] = ((i * 37 + (i >> 8) * 11) % 256) / 255f;
    }
    return input;
  }

  @Test
  void everyHolisticModelGivesLiteRtsOutputs() throws IOException, OrtException {
    JsonNode reference;
    try (InputStream in = getClass().getResourceAsStream("/holistic/tflite-reference.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<String> report = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> models = reference.fields();
    while (models.hasNext()) {
      Map.Entry<String, JsonNode> model = models.next();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
          OrtSession session = env.createSession(HolisticModels.onnx(model.getKey()), options)) {
        NodeInfo inputInfo = session.getInputInfo().values().iterator().next();
        long[] shape = ((TensorInfo) inputInfo.getInfo()).getShape();
        int size = 1;
        for (long d : shape) {
          size *= (int) d;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(patternInput(size)), shape);
            OrtSession.Result result = session.run(Map.of(inputInfo.getName(), input))) {
          Iterator<Map.Entry<String, JsonNode>> outputs = model.getValue().fields();
          while (outputs.hasNext()) {
            Map.Entry<String, JsonNode> expected = outputs.next();
            OnnxTensor actual = (OnnxTensor) result.get(expected.getKey()).orElseThrow();
            FloatBuffer values = actual.getFloatBuffer();
            JsonNode e = expected.getValue();
            assertEquals(e.get("length").asInt(), values.remaining(), model.getKey() + " " + expected.getKey());
            // errors relative to the output's rms, or absolute for outputs under 1 (scores near 0 or 1)
            double scale = Math.max(1, Math.sqrt(e.get("squares").asDouble() / e.get("length").asDouble()));
            int stride = e.get("stride").asInt();
            double worst = 0;
            JsonNode samples = e.get("samples");
            for (int k = 0; k < samples.size(); k++) {
              worst = Math.max(worst, Math.abs(values.get(k * stride) - samples.get(k).asDouble()) / scale);
            }
            double sum = 0;
            for (int i = 0; i < values.remaining(); i++) {
              sum += values.get(i);
            }
            double sumError = Math.abs(sum - e.get("sum").asDouble()) / (scale * values.remaining());
            report.add(String.format("%s %s: worst sample error %.2e, mean error %.2e (of rms %.3g)",
                model.getKey(), expected.getKey(), worst, sumError, scale));
            assertTrue(worst < 1e-4 && sumError < 1e-5, report.get(report.size() - 1));
          }
        }
      }
    }
    report.forEach(System.out::println);
  }

  @Test
  void aFileThatIsNoModelIsRefusedByName() {
    TfliteException e = assertThrows(TfliteException.class,
        () -> TfliteModel.read("notes.txt", "just some text, not a model".getBytes()));
    assertTrue(e.getMessage().startsWith("notes.txt: not a TFLite model"), e.getMessage());
  }

  @Test
  void aTruncatedModelIsRefusedByName() {
    byte[] model = HolisticModels.read(HolisticModels.HAND_RECROP);
    byte[] truncated = java.util.Arrays.copyOf(model, model.length / 3);
    TfliteException e = assertThrows(TfliteException.class,
        () -> TfliteToOnnx.convert(TfliteModel.read("hand_recrop.tflite", truncated)));
    assertTrue(e.getMessage().startsWith("hand_recrop.tflite: "), e.getMessage());
  }
}
