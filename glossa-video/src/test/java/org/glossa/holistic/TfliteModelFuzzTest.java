package org.glossa.holistic;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the TFLite reader and converter: any bytes give an ONNX graph or one {@link TfliteException} naming the
 * file; never another exception, never OutOfMemoryError (tensors expanded from sparse storage are bounded, every
 * offset is checked against the bytes there). Seeds in
 * {@code TfliteModelFuzzTestInputs/convertsAnyBytesOrRefusesThem/}: the hand re-crop model (float32, dense) and the
 * head of the pose detector (float16, sparse).
 */
class TfliteModelFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void convertsAnyBytesOrRefusesThem(byte[] data) {
    try {
      byte[] onnx = TfliteToOnnx.convert(TfliteModel.read("fuzz.tflite", data));
      if (onnx.length == 0) {
        throw new AssertionError("an empty graph was written");
      }
    } catch (TfliteException expected) {
      if (!expected.getMessage().startsWith("fuzz.tflite: ")) {
        throw new AssertionError("message does not name the file: " + expected.getMessage());
      }
    }
  }
}
