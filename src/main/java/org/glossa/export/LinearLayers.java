package org.glossa.export;

/**
 * Writes linear layers (and pointwise convolutions) y = x · Wᵀ + b into a graph, in fp32 or INT8.
 *
 * <p>INT8 follows ONNX Runtime's dynamic quantization pattern, which its graph optimizer fuses into one
 * {@code DynamicQuantizeMatMul} kernel: {@code DynamicQuantizeLinear(x)} (uint8, per-tensor scale and zero point
 * computed at run time) → {@code MatMulInteger} with int8 weights quantized symmetrically per output column →
 * {@code Cast} to float → {@code Mul} by the product of the two scales → {@code Add} bias. LSTM weights are
 * stored as int8 too and expanded by {@code DequantizeLinear} (per gate row), which keeps the file small; the
 * recurrence itself runs in fp32.
 */
final class LinearLayers {

  private final OnnxGraph g;
  private final boolean int8;

  LinearLayers(OnnxGraph g, boolean int8) {
    this.g = g;
    this.int8 = int8;
  }

  /** x [..., in] → [..., out] with weight [out][in] and bias [out]. */
  String apply(String x, float[][] weight, float[] bias, String stem) {
    int out = weight.length;
    int in = weight[0].length;
    String y;
    if (!int8) {
      y = g.node("MatMul", new String[] {x, g.floats(stem + "_weight", OnnxExporter.transpose(weight), in, out)});
    } else {
      Quantized q = quantizeRows(weight);
      byte[] columns = new byte[in * out];  // [in, out]: MatMulInteger's B
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          columns[i * out + o] = q.values()[o * in + i];
        }
      }
      String[] quantized = g.nodeMulti("DynamicQuantizeLinear", new String[] {x}, 3);
      String product = g.node("MatMulInteger", new String[] {quantized[0], g.int8(stem + "_weight_int8", columns, in,
          out), quantized[2]});
      String asFloat = g.node("Cast", new String[] {product}, "to", 1L);
      String scale = g.node("Mul", new String[] {quantized[1], g.floats(stem + "_weight_scale", q.scales(), out)});
      y = g.node("Mul", new String[] {asFloat, scale});
    }
    return g.node("Add", new String[] {y, g.floats(stem + "_bias", bias, out)});
  }

  /** The W and R inputs of an ONNX LSTM, from row-major fp32 weights of the given shapes. */
  String[] lstmWeights(float[] w, long[] wShape, float[] r, long[] rShape) {
    if (!int8) {
      return new String[] {g.floats("lstm_w", w, wShape), g.floats("lstm_r", r, rShape)};
    }
    return new String[] {dequantized("lstm_w", w, wShape), dequantized("lstm_r", r, rShape)};
  }

  /** int8 rows [d, rows, cols] with one scale per (d, row), expanded to fp32 by DequantizeLinear on axis 1. */
  private String dequantized(String stem, float[] values, long[] shape) {
    int directions = (int) shape[0];
    int rows = (int) shape[1];
    int cols = (int) shape[2];
    String[] parts = new String[directions];
    for (int d = 0; d < directions; d++) {
      float[][] matrix = new float[rows][cols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(values, (d * rows + r) * cols, matrix[r], 0, cols);
      }
      Quantized q = quantizeRows(matrix);
      parts[d] = g.node("DequantizeLinear", new String[] {g.int8(stem + "_int8", q.values(), 1, rows, cols),
          g.floats(stem + "_scale", q.scales(), rows)}, "axis", 1L);
    }
    return directions == 1 ? parts[0] : g.node("Concat", parts, "axis", 0L);
  }

  /** Symmetric int8 quantization per row: scale = max|row| / 127, zero point 0. */
  record Quantized(byte[] values, float[] scales) {}

  static Quantized quantizeRows(float[][] rows) {
    int cols = rows[0].length;
    byte[] values = new byte[rows.length * cols];
    float[] scales = new float[rows.length];
    for (int r = 0; r < rows.length; r++) {
      float max = 0;
      for (float v : rows[r]) {
        max = Math.max(max, Math.abs(v));
      }
      float scale = max > 0 ? max / 127f : 1f;
      scales[r] = scale;
      for (int c = 0; c < cols; c++) {
        values[r * cols + c] = (byte) Math.max(-127, Math.min(127, Math.round(rows[r][c] / scale)));
      }
    }
    return new Quantized(values, scales);
  }
}
