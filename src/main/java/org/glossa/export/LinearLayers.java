package org.glossa.export;

/**
 * Writes linear layers (and pointwise convolutions) y = x · Wᵀ + b into a graph, in fp32 or INT8.
 *
 * <p>INT8 follows ONNX Runtime's dynamic quantization pattern, which its graph optimizer fuses into one
 * {@code DynamicQuantizeMatMul} kernel: {@code DynamicQuantizeLinear(x)} (uint8, per-tensor scale and zero point
 * computed at run time) → {@code MatMulInteger} with int8 weights quantized symmetrically per output column →
 * {@code Cast} to float → {@code Mul} by the product of the two scales → {@code Add} bias. The LSTM becomes
 * ONNX Runtime's {@code DynamicQuantizeLSTM} with int8 weights per gate row.
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

  /**
   * A bidirectional LSTM over x [T, B, C] with ONNX-ordered weights w [2, 4H, C], r [2, 4H, H] and bias b [2, 8H];
   * returns Y [T, 2, B, H]. In INT8, ONNX Runtime's {@code DynamicQuantizeLSTM} (com.microsoft) with int8 weights
   * per gate row: its W and R are the transposes of ONNX LSTM's, [2, C, 4H] and [2, H, 4H].
   */
  String lstm(String x, float[] w, float[] r, float[] b, String sequenceLengths, int hidden, int inputs) {
    if (!int8) {
      return g.nodeMulti("LSTM", new String[] {x, g.floats("lstm_w", w, 2, 4L * hidden, inputs),
          g.floats("lstm_r", r, 2, 4L * hidden, hidden), g.floats("lstm_bias", b, 2, 8L * hidden), sequenceLengths},
          1, "direction", "bidirectional", "hidden_size", (long) hidden)[0];
    }
    String[] wq = transposedInt8("lstm_w", w, 4 * hidden, inputs);
    String[] rq = transposedInt8("lstm_r", r, 4 * hidden, hidden);
    return g.contribNode("DynamicQuantizeLSTM", new String[] {x, wq[0], rq[0], g.floats("lstm_bias", b, 2,
        8L * hidden), sequenceLengths, "", "", "", wq[1], wq[2], rq[1], rq[2]}, 1, "direction", "bidirectional",
        "hidden_size", (long) hidden)[0];
  }

  /** [2, rows, cols] fp32 → int8 [2, cols, rows] with scales and zero points [2, rows] (one per gate row). */
  private String[] transposedInt8(String stem, float[] values, int rows, int cols) {
    byte[] quantized = new byte[2 * rows * cols];
    float[] scales = new float[2 * rows];
    for (int d = 0; d < 2; d++) {
      float[][] matrix = new float[rows][cols];
      for (int row = 0; row < rows; row++) {
        System.arraycopy(values, (d * rows + row) * cols, matrix[row], 0, cols);
      }
      Quantized q = quantizeRows(matrix);
      System.arraycopy(q.scales(), 0, scales, d * rows, rows);
      for (int row = 0; row < rows; row++) {
        for (int c = 0; c < cols; c++) {
          quantized[(d * cols + c) * rows + row] = q.values()[row * cols + c];
        }
      }
    }
    return new String[] {g.int8(stem + "_int8", quantized, 2, cols, rows), g.floats(stem + "_scale", scales, 2, rows),
        g.int8(stem + "_zero_point", new byte[2 * rows], 2, rows)};
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
