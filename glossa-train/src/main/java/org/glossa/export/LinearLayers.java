package org.glossa.export;

import org.glossa.onnx.OnnxGraph;

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

  /** Layer kinds that {@code --keep_fp32} can leave in fp32 in an INT8 graph. */
  static final java.util.Set<String> KINDS = java.util.Set.of("embed", "pointwise", "se", "lstm", "classifier",
      "conv");

  private final OnnxGraph g;
  private final boolean int8;
  private final java.util.Set<String> keepFp32;

  LinearLayers(OnnxGraph g, boolean int8, java.util.Set<String> keepFp32) {
    this.g = g;
    this.int8 = int8;
    this.keepFp32 = keepFp32;
  }

  /** The layer kind of a stem: "embed_pose" → "embed", "se_reduce" → "se". */
  private boolean quantized(String stem) {
    String kind = stem.startsWith("embed") ? "embed" : stem.startsWith("se_") ? "se" : stem;
    return int8 && !keepFp32.contains(kind);
  }

  /** x [..., in] → [..., out] with weight [out][in] and bias [out]. */
  String apply(String x, float[][] weight, float[] bias, String stem) {
    int out = weight.length;
    int in = weight[0].length;
    String y;
    if (!quantized(stem)) {
      y = g.node("MatMul", new String[] {x, g.floats(stem + "_weight", OnnxExporter.transpose(weight), in, out)});
    } else if (stem.startsWith("se_")) {
      y = fourBit(x, weight, stem);
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
    if (!quantized("lstm")) {
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

  /**
   * Squeeze-and-excitation layers in 4 bits: ONNX Runtime's {@code MatMulNBits} (com.microsoft) with blocks of 32
   * weights along the input, each with its own scale (symmetric, zero point 8). They act on one pooled vector per
   * sequence, so their speed does not matter, but they hold a fifth of the seed student's weights: 4 bits keep
   * its INT8 file under 15 MiB. Unpacked, weight = (q − 8) · scale.
   */
  private String fourBit(String x, float[][] weight, String stem) {
    int n = weight.length;
    int k = weight[0].length;
    int block = 32;
    int blocks = (k + block - 1) / block;
    byte[] packed = new byte[n * blocks * block / 2];
    float[] scales = new float[n * blocks];
    for (int o = 0; o < n; o++) {
      for (int b = 0; b < blocks; b++) {
        float max = 0;
        for (int j = 0; j < block && b * block + j < k; j++) {
          max = Math.max(max, Math.abs(weight[o][b * block + j]));
        }
        float scale = max > 0 ? max / 7f : 1f;
        scales[o * blocks + b] = scale;
        for (int j = 0; j < block; j++) {
          int column = b * block + j;
          float value = column < k ? weight[o][column] : 0f;
          int q = Math.max(0, Math.min(15, Math.round(value / scale) + 8));
          int index = (o * blocks + b) * (block / 2) + j / 2;
          packed[index] |= (byte) (j % 2 == 0 ? q : q << 4);
        }
      }
    }
    return g.contribNode("MatMulNBits", new String[] {x, g.uint8(stem + "_weight_4bit", packed, n, blocks,
        block / 2), g.floats(stem + "_weight_scale", scales, (long) n * blocks)}, 1, "K", (long) k, "N", (long) n,
        "bits", 4L, "block_size", (long) block)[0];
  }

  /**
   * The weight [Cout, Cin / groups, k] of a wider convolution. These run in fp32 (ONNX Runtime has no fused
   * integer convolution; {@code ConvInteger} was slower than fp32 here); in an INT8 graph they are stored as int8
   * per output channel and expanded by {@code DequantizeLinear}, which costs a few microseconds per call for
   * their few weights and keeps the file at about one byte per parameter.
   */
  String convWeight(float[] w, long[] shape) {
    if (!quantized("conv")) {
      return g.floats("conv_weight", w, shape);
    }
    int rows = (int) shape[0];
    int cols = w.length / rows;
    float[][] matrix = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(w, r * cols, matrix[r], 0, cols);
    }
    Quantized q = quantizeRows(matrix);
    return g.node("DequantizeLinear", new String[] {g.int8("conv_weight_int8", q.values(), shape),
        g.floats("conv_weight_scale", q.scales(), rows)}, "axis", 0L);
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
