package org.glossa.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.ModalityBlock;
import org.glossa.model.BaselineSpec;
import org.glossa.model.ModelConfig;
import org.glossa.model.StudentSpec;
import org.glossa.model.TeacherSpec;
import org.glossa.network.TrainedModel;
import org.glossa.onnx.OnnxGraph;

/**
 * Writes a trained network as an ONNX graph (opset 17) from its own parameters, mirroring
 * {@link org.glossa.network.SignNetwork} operation for operation in inference mode.
 *
 * <p>Inputs: {@code features [batch, frames, F]} float (pipeline-transformed features, or raw features when the
 * feature pipeline is folded in) and {@code lengths [batch]} int64. Outputs: {@code logits [batch, frames', V]}
 * and {@code output_lengths [batch]} int64, frames' = ceil(ceil(frames / 2) / 2). Batch and time are dynamic.
 *
 * <p>The graph works in [batch, time, channels]: BatchNorm is folded into the preceding convolution or linear
 * layer, pointwise (1×1) convolutions and linear layers are MatMuls (which the INT8 path turns into dynamically
 * quantized integer MatMuls), wider convolutions are Conv nodes between two Transposes, padding frames are
 * zeroed after every stage as in training, and the bidirectional LSTM is one ONNX LSTM node per layer with
 * {@code sequence_lens}, its gates reordered from PyTorch's (input, forget, cell, output) to ONNX's (input,
 * output, forget, cell).
 */
public final class OnnxExporter {

  private static final float BN_EPSILON = 1e-5f; // DJL BatchNorm's default

  private final TrainedModel model;
  private final LinearLayers linear;
  private final OnnxGraph g;
  private final String one;
  private final String two;
  private final Map<String, String> masks = new java.util.HashMap<>();

  private OnnxExporter(TrainedModel model, boolean int8, java.util.Set<String> keepFp32) {
    this.model = model;
    this.g = new OnnxGraph("glossa_" + model.config().kind());
    this.linear = new LinearLayers(g, int8, keepFp32);
    this.one = g.longs("one", new long[] {1});
    this.two = g.longs("two", new long[] {2});
  }

  /** The ONNX model of {@code model}; {@code metadata} goes into metadata_props. */
  static ModelProto build(TrainedModel model, OnnxExport.Options options, Map<String, String> metadata,
      String version) {
    boolean withFeatures = options.withFeatures();
    OnnxExporter e = new OnnxExporter(model, options.int8(), options.keepFp32());
    int inputDim = withFeatures ? model.pipeline().inputDim() : model.config().inputDim();
    e.g.input("features", TensorProto.DataType.FLOAT, "batch", "frames", (long) inputDim);
    e.g.input("lengths", TensorProto.DataType.INT64, "batch");
    String x = withFeatures ? e.pipeline("features", model.pipeline()) : "features";
    String[] out = e.network(x, "lengths");
    e.g.output(out[0], TensorProto.DataType.FLOAT, "batch", "output_frames", (long) model.config().numClasses());
    e.g.output(out[1], TensorProto.DataType.INT64, "batch");
    return e.g.model(metadata, version);
  }

  /** Standardisation and (optionally) PCA, as {@link FeaturePipeline#transform}. */
  private String pipeline(String x, FeaturePipeline pipeline) {
    String centred = g.node("Sub", new String[] {x, g.floats("feature_mean", pipeline.mean(), pipeline.inputDim())});
    String scaled = g.node("Mul", new String[] {centred,
        g.floats("feature_scale", pipeline.scale(), pipeline.inputDim())});
    float[][] components = pipeline.components();
    if (components == null) {
      return scaled;
    }
    return g.node("MatMul", new String[] {scaled, g.floats("pca_components", transpose(components),
        components[0].length, components.length)});
  }

  private String[] network(String x, String lengths) {
    ModelConfig config = model.config();
    Map<String, Block> net = children(model.network());
    if (config.baseline() == null) {
      x = embedding(x, net.get("embedding"), net.get("embedding_bn"), config.modalities());
    } else if (BaselineSpec.paddedInputDim(config.inputDim()) > config.inputDim()) { // as SignNetwork.embed
      long padding = BaselineSpec.paddedInputDim(config.inputDim()) - config.inputDim();
      x = g.node("Pad", new String[] {x, g.longs("pads", new long[] {0, 0, 0, 0, 0, padding}, 6)});
    }
    x = mask(x, lengths);
    if (config.baseline() != null) {
      for (int i = 0; i < BaselineSpec.CONVOLUTIONS; i++) {
        x = mask(convBn(x, child(net.get("conv" + i), "conv"), 1, 1, "relu"), lengths);
        x = maxPool(x);
        lengths = halve(lengths);
        x = mask(x, lengths);
      }
    } else if (config.student() != null) {
      StudentSpec spec = config.student();
      x = convBn(x, child(net.get("stem"), "conv"), 2, 1, "hard_swish");
      lengths = halve(lengths);
      x = mask(x, lengths);
      int channels = spec.stemChannels();
      for (int i = 0; i < spec.blocks().size(); i++) {
        StudentSpec.Block b = spec.blocks().get(i);
        String[] state = invertedResidual(x, lengths, net.get("block" + i), channels, b);
        x = state[0];
        lengths = state[1];
        channels = b.outChannels();
      }
      x = mask(convBn(x, child(net.get("head"), "conv"), 1, 1, "hard_swish"), lengths);
    } else {
      TeacherSpec spec = config.teacher();
      x = convBn(x, child(net.get("stem"), "conv"), 2, 1, "relu");
      lengths = halve(lengths);
      x = mask(x, lengths);
      for (int i = 0; i < spec.blocks().size(); i++) {
        x = inception(x, lengths, net.get("inception" + i));
        if (i == spec.poolAfter()) {
          x = maxPool(x);
          lengths = halve(lengths);
          x = mask(x, lengths);
        }
      }
    }
    x = lstm(x, lengths, net.get("bilstm"));
    Block classifier = net.get("classifier");
    String logits = linear.apply(x, matrix(classifier, "weight"), values(classifier, "bias"), "classifier");
    g.renameLastOutput("logits");
    String outputLengths = g.node("Identity", new String[] {lengths});
    g.renameLastOutput("output_lengths");
    return new String[] {"logits", "output_lengths"};
  }

  /** Temporal max-pool, width 3, stride 2, on x [B, T, C]: {@code Stage.maxPool}. */
  private String maxPool(String x) {
    return timeOp(x, "MaxPool", new String[0], "kernel_shape", new long[] {3}, "strides", new long[] {2}, "pads",
        new long[] {1, 1});
  }

  /** Per-modality linear projections, concatenated, with the following BatchNorm folded in. */
  private String embedding(String x, Block embedding, Block norm, List<ModalityBlock> modalities) {
    float[][] bn = batchNorm(norm);
    Map<String, Block> projections = children(embedding);
    String[] parts = new String[modalities.size()];
    int row = 0;
    for (int m = 0; m < modalities.size(); m++) {
      ModalityBlock modality = modalities.get(m);
      Block projection = projections.get("embed_" + modality.name());
      float[][] w = matrix(projection, "weight");
      float[] b = values(projection, "bias");
      for (int o = 0; o < w.length; o++, row++) {
        for (int c = 0; c < w[o].length; c++) {
          w[o][c] *= bn[0][row];
        }
        b[o] = b[o] * bn[0][row] + bn[1][row];
      }
      String slice = x;
      if (modalities.size() > 1) {
        slice = g.node("Slice", new String[] {x, g.longs("start", new long[] {modality.offset()}, 1),
            g.longs("end", new long[] {modality.end()}, 1), g.longs("axis", new long[] {2}, 1)});
      }
      parts[m] = linear.apply(slice, w, b, "embed_" + modality.name());
    }
    return parts.length == 1 ? parts[0] : g.node("Concat", parts, "axis", 2L);
  }

  private String[] invertedResidual(String x, String lengths, Block block, int inChannels, StudentSpec.Block spec) {
    Map<String, Block> parts = children(block);
    String act = spec.hardSwish() ? "hard_swish" : "relu";
    String y = x;
    if (parts.containsKey("expand")) {
      y = mask(convBn(y, parts.get("expand"), 1, 1, act), lengths);
    }
    y = convBn(y, parts.get("depthwise"), spec.stride(), spec.expandChannels(), act);
    String outLengths = spec.stride() == 2 ? halve(lengths) : lengths;
    y = mask(y, outLengths);
    if (spec.squeezeExcite()) {
      String sum = g.node("ReduceSum", new String[] {y, g.longs("time_axis", new long[] {1}, 1)}, "keepdims", 0L);
      String count = g.node("Max", new String[] {g.node("Cast", new String[] {outLengths}, "to", 1L),
          g.scalar("one_frame", 1f)});
      String pooled = g.node("Div", new String[] {sum, g.node("Unsqueeze", new String[] {count,
          g.longs("axis", new long[] {1}, 1)})});                                       // [B, C]
      Block squeeze = parts.get("se_reduce");
      Block excite = parts.get("se_expand");
      String s = g.node("Relu", new String[] {linear.apply(pooled, matrix(squeeze, "weight"),
          values(squeeze, "bias"), "se_reduce")});
      s = g.node("HardSigmoid", new String[] {linear.apply(s, matrix(excite, "weight"), values(excite, "bias"),
          "se_expand")}, "alpha", 1f / 6, "beta", 0.5f);
      y = g.node("Mul", new String[] {y, g.node("Unsqueeze", new String[] {s, g.longs("axis", new long[] {1}, 1)})});
    }
    y = convBn(y, parts.get("project"), 1, 1, "none");
    if (spec.stride() == 1 && inChannels == spec.outChannels()) {
      y = g.node("Add", new String[] {y, x});
    }
    return new String[] {mask(y, outLengths), outLengths};
  }

  private String inception(String x, String lengths, Block block) {
    Map<String, Block> parts = children(block);
    String a = convBn(x, parts.get("b1"), 1, 1, "relu");
    String b = convBn(mask(convBn(x, parts.get("b3_reduce"), 1, 1, "relu"), lengths), parts.get("b3"), 1, 1, "relu");
    String c = convBn(mask(convBn(x, parts.get("b5_reduce"), 1, 1, "relu"), lengths), parts.get("b5"), 1, 1, "relu");
    String pooled = timeOp(x, "MaxPool", new String[0], "kernel_shape", new long[] {3}, "strides", new long[] {1}, "pads",
        new long[] {1, 1});
    String d = convBn(pooled, parts.get("pool"), 1, 1, "relu");
    return mask(g.node("Concat", new String[] {a, b, c, d}, "axis", 2L), lengths);
  }

  /**
   * Convolution + folded BatchNorm + activation on x [B, T, C]. Width-1 convolutions become MatMuls; wider ones
   * run as Conv on [B, C, T]. Padding is "same" (kernel / 2 each side), as in training.
   */
  private String convBn(String x, Block convBn, int stride, int groups, String activation) {
    Map<String, Block> parts = children(convBn);
    Parameter weight = param(parts.get("conv"), "weight");
    long[] shape = weight.getArray().getShape().getShape();   // [Cout, Cin / groups, k]
    float[] w = weight.getArray().toFloatArray();
    float[][] bn = batchNorm(parts.get("bn"));
    int out = (int) shape[0];
    int perOut = (int) (shape[1] * shape[2]);
    for (int o = 0; o < out; o++) {
      for (int k = 0; k < perOut; k++) {
        w[o * perOut + k] *= bn[0][o];
      }
    }
    String y;
    int kernel = (int) shape[2];
    if (kernel == 1 && groups == 1 && stride == 1) {
      float[][] matrix = new float[out][(int) shape[1]];
      for (int o = 0; o < out; o++) {
        System.arraycopy(w, o * perOut, matrix[o], 0, perOut);
      }
      y = linear.apply(x, matrix, bn[1], "pointwise");
    } else {
      y = timeOp(x, "Conv", new String[] {linear.convWeight(w, shape), g.floats("conv_bias", bn[1], out)},
          "kernel_shape",
          new long[] {kernel}, "strides", new long[] {stride}, "pads", new long[] {kernel / 2, kernel / 2}, "group",
          (long) groups);
    }
    return switch (activation) {
      case "relu" -> g.node("Relu", new String[] {y});
      case "hard_swish" -> g.node("HardSwish", new String[] {y});
      default -> y;
    };
  }

  /** An op over time on x [B, T, C]: run on [B, C, T] between two Transposes. */
  private String timeOp(String x, String op, String[] extraInputs, Object... attributes) {
    String[] inputs = new String[1 + extraInputs.length];
    inputs[0] = g.node("Transpose", new String[] {x}, "perm", new long[] {0, 2, 1});
    System.arraycopy(extraInputs, 0, inputs, 1, extraInputs.length);
    String y = g.node(op, inputs, attributes);
    return g.node("Transpose", new String[] {y}, "perm", new long[] {0, 2, 1});
  }

  /** Bidirectional LSTM layers: one ONNX LSTM node each, over x [B, T, C] → [B, T, 2H]. */
  private String lstm(String x, String lengths, Block bilstm) {
    Map<String, Block> parts = children(bilstm);
    String sequenceLengths = g.node("Cast", new String[] {lengths}, "to", 6L);       // int32, as LSTM wants
    String timeMajor = g.node("Transpose", new String[] {x}, "perm", new long[] {1, 0, 2}); // [T, B, C]
    for (int layer = 0; parts.containsKey("fw" + layer); layer++) {
      Block fw = parts.get("fw" + layer);
      Block bw = parts.get("bw" + layer);
      float[][] wf = matrix(fw, "l_0_i2h_WEIGHT");
      int hidden = wf.length / 4;
      int inputs = wf[0].length;
      float[] w = concat(gatesToOnnx(flat(wf), hidden), gatesToOnnx(flat(matrix(bw, "l_0_i2h_WEIGHT")), hidden));
      float[] r = concat(gatesToOnnx(flat(matrix(fw, "l_0_h2h_WEIGHT")), hidden),
          gatesToOnnx(flat(matrix(bw, "l_0_h2h_WEIGHT")), hidden));
      float[] b = concat(concat(gatesToOnnx(values(fw, "l_0_i2h_BIAS"), hidden),
              gatesToOnnx(values(fw, "l_0_h2h_BIAS"), hidden)),
          concat(gatesToOnnx(values(bw, "l_0_i2h_BIAS"), hidden), gatesToOnnx(values(bw, "l_0_h2h_BIAS"), hidden)));
      String y = linear.lstm(timeMajor, w, r, b, sequenceLengths, hidden, inputs);   // [T, 2, B, H]
      String batchMajor = g.node("Transpose", new String[] {y}, "perm", new long[] {0, 2, 1, 3}); // [T, B, 2, H]
      timeMajor = g.node("Reshape", new String[] {batchMajor, g.longs("shape", new long[] {0, 0, 2L * hidden}, 3)});
    }
    return g.node("Transpose", new String[] {timeMajor}, "perm", new long[] {1, 0, 2});  // [B, T, 2H]
  }

  /** PyTorch packs LSTM gate rows as (i, f, g, o); ONNX as (i, o, f, c). Rows are {@code hidden} long blocks. */
  static float[] gatesToOnnx(float[] packed, int hidden) {
    int block = packed.length / 4;
    float[] out = new float[packed.length];
    int[] from = {0, 3, 1, 2}; // ONNX gate k comes from PyTorch gate from[k]
    for (int k = 0; k < 4; k++) {
      System.arraycopy(packed, from[k] * block, out, k * block, block);
    }
    return out;
  }

  /** x with frames at or beyond each sequence's length set to zero; x [B, T, C], lengths [B] int64. */
  private String mask(String x, String lengths) {
    String valid = masks.computeIfAbsent(lengths, l -> validFrames(x, l));
    return g.node("Where", new String[] {valid, x, g.scalar("zero", 0f)});
  }

  /**
   * [B, T, 1] true on real frames. Computed once per lengths tensor: every tensor with the same lengths has the
   * same number of frames, so the first one's T serves them all.
   */
  private String validFrames(String x, String lengths) {
    String shape = g.node("Shape", new String[] {x});
    String frames = g.node("Gather", new String[] {shape, g.longs("time_dim", new long[] {1})}, "axis", 0L);
    String time = g.node("Range", new String[] {g.longs("zero_i", new long[] {0}), frames,
        g.longs("one_i", new long[] {1})});
    String row = g.node("Unsqueeze", new String[] {time, g.longs("axis", new long[] {0}, 1)});        // [1, T]
    String column = g.node("Unsqueeze", new String[] {lengths, g.longs("axis", new long[] {1}, 1)});  // [B, 1]
    return g.node("Unsqueeze", new String[] {g.node("Less", new String[] {row, column}),
        g.longs("axis", new long[] {2}, 1)});                                                          // [B, T, 1]
  }

  /** ceil(length / 2): lengths after a stride-2 stage with "same" padding. */
  private String halve(String lengths) {
    return g.node("Div", new String[] {g.node("Add", new String[] {lengths, one}), two});
  }

  /** [scale, shift] per channel of a BatchNorm in inference mode. */
  private static float[][] batchNorm(Block norm) {
    float[] gamma = values(norm, "gamma");
    float[] beta = values(norm, "beta");
    float[] mean = values(norm, "runningMean");
    float[] variance = values(norm, "runningVar");
    float[][] result = new float[2][gamma.length];
    for (int c = 0; c < gamma.length; c++) {
      result[0][c] = (float) (gamma[c] / Math.sqrt(variance[c] + BN_EPSILON));
      result[1][c] = beta[c] - mean[c] * result[0][c];
    }
    return result;
  }

  /** Children of a block by name without DJL's numeric prefix ("03stem" → "stem"). */
  private static Map<String, Block> children(Block block) {
    Map<String, Block> map = new LinkedHashMap<>();
    block.getChildren().forEach(p -> map.put(p.getKey().replaceFirst("^\\d+", ""), p.getValue()));
    return map;
  }

  private static Block child(Block block, String name) {
    Block child = children(block).get(name);
    if (child == null) {
      throw new IllegalStateException("block has no child '" + name + "': " + children(block).keySet());
    }
    return child;
  }

  private static Parameter param(Block block, String name) {
    for (var p : block.getParameters()) {
      if (p.getKey().equals(name)) {
        return p.getValue();
      }
    }
    throw new IllegalStateException("no parameter '" + name + "' in " + block.getParameters().keys());
  }

  private static float[] values(Block block, String name) {
    return param(block, name).getArray().toFloatArray();
  }

  /** A 2-D parameter as rows: [out][in]. */
  private static float[][] matrix(Block block, String name) {
    NDArray array = param(block, name).getArray();
    long[] shape = array.getShape().getShape();
    float[] flat = array.toFloatArray();
    float[][] rows = new float[(int) shape[0]][(int) (flat.length / shape[0])];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(flat, r * rows[r].length, rows[r], 0, rows[r].length);
    }
    return rows;
  }

  static float[] flat(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * width, width);
    }
    return flat;
  }

  static float[] transpose(float[][] rows) {
    int n = rows.length;
    int m = rows[0].length;
    float[] t = new float[n * m];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < m; c++) {
        t[c * n + r] = rows[r][c];
      }
    }
    return t;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
