package org.glossa.holistic;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashMap;
import java.util.Map;
import org.glossa.onnx.OnnxGraph;

/**
 * Converts a float TFLite model (float32 or float16 weights, dense or sparse) into an ONNX graph with the same
 * inputs and outputs, for ONNX Runtime. TFLite computes in NHWC; ONNX's convolutions and pools take NCHW, so each
 * 4-D value is kept in the layout its consumers need and transposed only where a consumer needs the other one
 * (reshapes and fully connected layers read TFLite's memory order; graph inputs and outputs stay NHWC). Constants
 * stored as float16 or sparse are expanded at conversion time, so the graph holds float32 weights only.
 *
 * <p>The operators covered are those of MediaPipe Holistic's models; any other stops the conversion with its name.
 */
final class TfliteToOnnx {

  private static final TensorProto.DataType FLOAT = TensorProto.DataType.FLOAT;
  /** NHWC axis -> NCHW axis. */
  private static final int[] NCHW_AXIS = {0, 2, 3, 1};

  private final TfliteModel model;
  private final OnnxGraph g;
  /** Constants computed during conversion (DEQUANTIZE, DENSIFY of constants). */
  private final Map<Integer, float[]> folded = new HashMap<>();
  /** ONNX value names per TFLite tensor: in TFLite's own layout, and (4-D only) in NCHW. */
  private final Map<Integer, String> nativeNames = new HashMap<>();
  private final Map<Integer, String> nchwNames = new HashMap<>();
  private final Map<Float, String> scalars = new HashMap<>();

  private TfliteToOnnx(TfliteModel model) {
    this.model = model;
    this.g = new OnnxGraph(model.name.replaceAll("[^A-Za-z0-9_]", "_"));
  }

  /** The ONNX model (serialized ModelProto); a model it cannot convert is one {@link TfliteException} naming it. */
  static byte[] convert(TfliteModel model) {
    try {
      return new TfliteToOnnx(model).run();
    } catch (TfliteException e) {
      throw e.getMessage().startsWith(model.name + ": ") ? e : new TfliteException(model.name + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // inconsistent shapes, indices or options in the file itself
      throw new TfliteException(model.name + ": inconsistent model (" + e + ")");
    }
  }

  private byte[] run() {
    for (int index : model.inputs) {
      TfliteModel.Tensor t = model.tensor(index);
      g.input(t.name(), FLOAT, dims(t.shape()));
      nativeNames.put(index, t.name());
    }
    for (TfliteModel.Operator op : model.operators) {
      try {
        convert(op);
      } catch (TfliteException e) {
        throw new TfliteException(model.name + ": " + Builtin.name(op.code()) + " -> "
            + model.tensor(op.outputs()[0]).name() + ": " + e.getMessage());
      }
    }
    for (int index : model.outputs) {
      TfliteModel.Tensor t = model.tensor(index);
      g.node("Identity", new String[] {nativeOf(index)});
      g.renameLastOutput(t.name());
      g.output(t.name(), FLOAT, dims(t.shape()));
    }
    return g.model(Map.of("glossa.converted_from", model.name), "tflite-to-onnx").toByteArray();
  }

  private void convert(TfliteModel.Operator op) {
    int[] in = op.inputs();
    int out = op.outputs()[0];
    FlatTable o = op.options();
    switch (op.code()) {
      case Builtin.DEQUANTIZE, Builtin.DENSIFY -> {
        if (!isConstant(in[0])) {
          throw new TfliteException("only constant inputs are supported");
        }
        folded.put(out, constant(in[0]));
      }
      case Builtin.CONV_2D -> conv(in, out, o, false);
      case Builtin.DEPTHWISE_CONV_2D -> conv(in, out, o, true);
      case Builtin.MAX_POOL_2D, Builtin.AVERAGE_POOL_2D -> pool(op.code() == Builtin.MAX_POOL_2D, in[0], out, o);
      case Builtin.ADD -> binary("Add", in, out, activation(o, 0));
      case Builtin.SUB -> binary("Sub", in, out, activation(o, 0));
      case Builtin.MUL -> binary("Mul", in, out, activation(o, 0));
      case Builtin.DIV -> binary("Div", in, out, activation(o, 0));
      case Builtin.PRELU -> {
        boolean nchw = rank(in[0]) == 4;
        String[] inputs = nchw ? new String[] {nchwOf(in[0]), constantNchw(in[1])}
            : new String[] {nativeOf(in[0]), nativeOf(in[1])};
        set(out, g.node("PRelu", inputs), nchw);
      }
      case Builtin.RELU -> unary(in[0], out, x -> g.node("Relu", new String[] {x}));
      case Builtin.RELU6 -> unary(in[0], out, x -> clip(x, 0f, 6f));
      case Builtin.TANH -> unary(in[0], out, x -> g.node("Tanh", new String[] {x}));
      case Builtin.LOGISTIC -> unary(in[0], out, x -> g.node("Sigmoid", new String[] {x}));
      case Builtin.HARD_SWISH -> unary(in[0], out, x -> g.node("HardSwish", new String[] {x}));
      case Builtin.PAD -> pad(in, out);
      case Builtin.CONCATENATION -> concat(in, out, o);
      case Builtin.RESHAPE -> {
        String shape = g.longs("shape", toLongs(shape(out)), rank(out));
        setNative(out, g.node("Reshape", new String[] {nativeOf(in[0]), shape}));
      }
      case Builtin.RESIZE_BILINEAR -> resize(in[0], out, o);
      case Builtin.DEPTH_TO_SPACE -> setNchw(out, g.node("DepthToSpace", new String[] {nchwOf(in[0])},
          "blocksize", (long) o.getInt(0, 0), "mode", "DCR"));
      case Builtin.FULLY_CONNECTED -> fullyConnected(in, out, o);
      case Builtin.MEAN -> {
        long[] axes = model.longs(in[1]);
        boolean keep = o != null && o.getBool(0);
        setNative(out, g.node("ReduceMean", new String[] {nativeOf(in[0])}, "axes", normalise(axes, rank(in[0])),
            "keepdims", keep ? 1L : 0L));
      }
      case Builtin.STRIDED_SLICE -> stridedSlice(in, out, o);
      case Builtin.CUSTOM -> throw new TfliteException("custom operator " + op.customName() + " is not supported");
      default -> throw new TfliteException("operator not supported");
    }
  }

  // ---- operators

  private void conv(int[] in, int out, FlatTable o, boolean depthwise) {
    int[] x = shape(in[0]);                  // [N, H, W, C]
    int[] w = shape(in[1]);                  // conv [O, kh, kw, I]; depthwise [1, kh, kw, C * multiplier]
    float[] weights = constant(in[1]);
    int kh = w[1];
    int kw = w[2];
    int strideW = o.getInt(1, 1);
    int strideH = o.getInt(2, 1);
    int activation = o.getByte(depthwise ? 4 : 3, 0);
    int dilationW = o.getInt(depthwise ? 5 : 4, 1);
    int dilationH = o.getInt(depthwise ? 6 : 5, 1);
    boolean same = o.getByte(0, 0) == 0;
    int outChannels = depthwise ? w[3] : w[0];
    int inChannels = depthwise ? 1 : w[3];
    float[] onnx = new float[weights.length]; // [O, I, kh, kw]
    for (int oc = 0; oc < outChannels; oc++) {
      for (int ic = 0; ic < inChannels; ic++) {
        for (int y = 0; y < kh; y++) {
          for (int xx = 0; xx < kw; xx++) {
            int from = depthwise ? (y * kw + xx) * outChannels + oc : ((oc * kh + y) * kw + xx) * inChannels + ic;
            onnx[((oc * inChannels + ic) * kh + y) * kw + xx] = weights[from];
          }
        }
      }
    }
    String weightName = g.floats("weight", onnx, outChannels, inChannels, kh, kw);
    String[] inputs = in.length > 2 && in[2] >= 0
        ? new String[] {nchwOf(in[0]), weightName, g.floats("bias", constant(in[2]), outChannels)}
        : new String[] {nchwOf(in[0]), weightName};
    long[] pads = pads(x[1], x[2], kh, kw, strideH, strideW, dilationH, dilationW, same);
    long group = depthwise ? x[3] : 1;
    if (depthwise && outChannels % x[3] != 0) {
      throw new TfliteException(outChannels + " depthwise channels for " + x[3] + " input channels");
    }
    String y = g.node("Conv", inputs, "kernel_shape", new long[] {kh, kw}, "strides", new long[] {strideH, strideW},
        "dilations", new long[] {dilationH, dilationW}, "pads", pads, "group", group);
    setNchw(out, activate(y, activation));
  }

  private void pool(boolean max, int in, int out, FlatTable o) {
    int[] x = shape(in);
    int strideW = o.getInt(1, 1);
    int strideH = o.getInt(2, 1);
    int kw = o.getInt(3, 1);
    int kh = o.getInt(4, 1);
    long[] pads = pads(x[1], x[2], kh, kw, strideH, strideW, 1, 1, o.getByte(0, 0) == 0);
    String y = max
        ? g.node("MaxPool", new String[] {nchwOf(in)}, "kernel_shape", new long[] {kh, kw},
            "strides", new long[] {strideH, strideW}, "pads", pads)
        // TFLite averages over the window's cells inside the image only
        : g.node("AveragePool", new String[] {nchwOf(in)}, "kernel_shape", new long[] {kh, kw},
            "strides", new long[] {strideH, strideW}, "pads", pads, "count_include_pad", 0L);
    setNchw(out, activate(y, o.getByte(5, 0)));
  }

  /** TensorFlow's SAME padding (the odd cell goes after) or none (VALID), as ONNX pads [top, left, bottom, right]. */
  private static long[] pads(int height, int width, int kh, int kw, int strideH, int strideW, int dilationH,
      int dilationW, boolean same) {
    if (!same) {
      return new long[] {0, 0, 0, 0};
    }
    int totalH = Math.max(((height + strideH - 1) / strideH - 1) * strideH + (kh - 1) * dilationH + 1 - height, 0);
    int totalW = Math.max(((width + strideW - 1) / strideW - 1) * strideW + (kw - 1) * dilationW + 1 - width, 0);
    return new long[] {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
  }

  private void binary(String onnxOp, int[] in, int out, int activation) {
    boolean nchw = rank(out) == 4;
    String[] inputs = new String[2];
    for (int i = 0; i < 2; i++) {
      if (nchw && isConstant(in[i])) {
        inputs[i] = constantNchw(in[i]);
      } else if (nchw && rank(in[i]) == 4) {
        inputs[i] = nchwOf(in[i]);
      } else if (nchw) {
        throw new TfliteException("a " + rank(in[i]) + "-D value broadcast against a 4-D one");
      } else {
        inputs[i] = nativeOf(in[i]);
      }
    }
    set(out, activate(g.node(onnxOp, inputs), activation), nchw);
  }

  private void unary(int in, int out, java.util.function.UnaryOperator<String> op) {
    boolean nchw = rank(in) == 4 && nchwNames.containsKey(in);
    set(out, op.apply(nchw ? nchwNames.get(in) : nativeOf(in)), nchw);
  }

  private void pad(int[] in, int out) {
    long[] paddings = model.longs(in[1]); // [rank, 2]: before, after per dimension
    int rank = rank(in[0]);
    long[] onnx = new long[2 * rank];
    for (int d = 0; d < rank; d++) {
      int to = rank == 4 ? NCHW_AXIS[d] : d;
      onnx[to] = paddings[2 * d];
      onnx[rank + to] = paddings[2 * d + 1];
    }
    String x = rank == 4 ? nchwOf(in[0]) : nativeOf(in[0]);
    set(out, g.node("Pad", new String[] {x, g.longs("pads", onnx, onnx.length)}, "mode", "constant"), rank == 4);
  }

  private void concat(int[] in, int out, FlatTable o) {
    int rank = rank(out);
    int axis = o.getInt(0, 0);
    if (axis < 0) {
      axis += rank;
    }
    String[] inputs = new String[in.length];
    for (int i = 0; i < in.length; i++) {
      inputs[i] = rank == 4 ? nchwOf(in[i]) : nativeOf(in[i]);
    }
    String y = g.node("Concat", inputs, "axis", (long) (rank == 4 ? NCHW_AXIS[axis] : axis));
    set(out, activate(y, o.getByte(1, 0)), rank == 4);
  }

  private void resize(int in, int out, FlatTable o) {
    int[] y = shape(out); // [N, H, W, C]
    boolean alignCorners = o != null && o.getBool(2);
    boolean halfPixel = o != null && o.getBool(3);
    String mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
    String sizes = g.longs("sizes", new long[] {y[0], y[3], y[1], y[2]}, 4);
    setNchw(out, g.node("Resize", new String[] {nchwOf(in), "", "", sizes}, "mode", "linear",
        "coordinate_transformation_mode", mode));
  }

  private void fullyConnected(int[] in, int out, FlatTable o) {
    int[] w = shape(in[1]); // [outputs, inputs]
    String x = nativeOf(in[0]);
    if (rank(in[0]) != 2) {
      x = g.node("Reshape", new String[] {x, g.longs("shape", new long[] {-1, w[1]}, 2)});
    }
    String weight = g.floats("weight", constant(in[1]), w[0], w[1]);
    String[] inputs = in.length > 2 && in[2] >= 0
        ? new String[] {x, weight, g.floats("bias", constant(in[2]), w[0])}
        : new String[] {x, weight};
    String y = activate(g.node("Gemm", inputs, "transB", 1L), o == null ? 0 : o.getByte(0, 0));
    if (rank(out) != 2) {
      y = g.node("Reshape", new String[] {y, g.longs("shape", toLongs(shape(out)), rank(out))});
    }
    setNative(out, y);
  }

  private void stridedSlice(int[] in, int out, FlatTable o) {
    int rank = rank(in[0]);
    long[] begin = model.longs(in[1]);
    long[] end = model.longs(in[2]);
    long[] strides = model.longs(in[3]);
    int beginMask = o.getInt(0, 0);
    int endMask = o.getInt(1, 0);
    int shrinkMask = o.getInt(4, 0);
    if (o.getInt(2, 0) != 0 || o.getInt(3, 0) != 0 || o.getBool(5)) {
      throw new TfliteException("ellipsis, new-axis and offset slices are not supported");
    }
    long[] starts = new long[begin.length];
    long[] ends = new long[begin.length];
    long[] axes = new long[begin.length];
    int squeezed = 0;
    for (int i = 0; i < begin.length; i++) {
      axes[i] = i;
      boolean forward = strides[i] > 0;
      starts[i] = (beginMask >> i & 1) == 1 ? (forward ? 0 : Long.MAX_VALUE) : begin[i];
      ends[i] = (endMask >> i & 1) == 1 ? (forward ? Long.MAX_VALUE : Long.MIN_VALUE) : end[i];
      if ((shrinkMask >> i & 1) == 1) {
        starts[i] = begin[i];
        ends[i] = begin[i] == -1 ? Long.MAX_VALUE : begin[i] + 1;
        strides[i] = 1;
        squeezed++;
      }
    }
    String y = g.node("Slice", new String[] {nativeOf(in[0]), g.longs("starts", starts, starts.length),
        g.longs("ends", ends, ends.length), g.longs("axes", axes, axes.length),
        g.longs("steps", strides, strides.length)});
    if (squeezed > 0) {
      long[] squeeze = new long[squeezed];
      for (int i = 0, k = 0; i < begin.length; i++) {
        if ((shrinkMask >> i & 1) == 1) {
          squeeze[k++] = i;
        }
      }
      y = g.node("Squeeze", new String[] {y, g.longs("axes", squeeze, squeeze.length)});
    }
    if (rank - squeezed != rank(out)) {
      throw new TfliteException("slice gives rank " + (rank - squeezed) + ", the model says " + rank(out));
    }
    setNative(out, y);
  }

  // ---- activations

  private static int activation(FlatTable options, int slot) {
    return options == null ? 0 : options.getByte(slot, 0);
  }

  /** A fused activation (ActivationFunctionType: 0 none, 1 RELU, 2 RELU_N1_TO_1, 3 RELU6, 4 TANH). */
  private String activate(String x, int activation) {
    return switch (activation) {
      case 0 -> x;
      case 1 -> g.node("Relu", new String[] {x});
      case 2 -> clip(x, -1f, 1f);
      case 3 -> clip(x, 0f, 6f);
      case 4 -> g.node("Tanh", new String[] {x});
      default -> throw new TfliteException("fused activation " + activation + " is not supported");
    };
  }

  private String clip(String x, float min, float max) {
    return g.node("Clip", new String[] {x, scalar(min), scalar(max)});
  }

  private String scalar(float value) {
    return scalars.computeIfAbsent(value, v -> g.scalar("constant", v));
  }

  // ---- values and layouts

  private boolean isConstant(int index) {
    return folded.containsKey(index) || model.tensor(index).isConstant();
  }

  private float[] constant(int index) {
    float[] value = folded.get(index);
    return value != null ? value : model.floats(index);
  }

  private int[] shape(int index) {
    return model.tensor(index).shape();
  }

  private int rank(int index) {
    return model.tensor(index).rank();
  }

  private String nativeOf(int index) {
    String name = nativeNames.get(index);
    if (name != null) {
      return name;
    }
    if (isConstant(index)) {
      name = g.floats("constant", constant(index), toLongs(shape(index)));
    } else if (nchwNames.containsKey(index)) {
      name = g.node("Transpose", new String[] {nchwNames.get(index)}, "perm", new long[] {0, 2, 3, 1});
    } else {
      throw new TfliteException("tensor " + model.tensor(index).name() + " is used before it is computed");
    }
    nativeNames.put(index, name);
    return name;
  }

  private String nchwOf(int index) {
    String name = nchwNames.get(index);
    if (name != null) {
      return name;
    }
    if (rank(index) != 4) {
      throw new TfliteException("tensor " + model.tensor(index).name() + " has rank " + rank(index) + ", expected 4");
    }
    name = isConstant(index) ? constantNchw(index)
        : g.node("Transpose", new String[] {nativeOf(index)}, "perm", new long[] {0, 3, 1, 2});
    nchwNames.put(index, name);
    return name;
  }

  /** A constant of rank <= 4 broadcast against NHWC values, laid out to broadcast the same way against NCHW. */
  private String constantNchw(int index) {
    int[] s = shape(index);
    if (s.length > 4) {
      throw new TfliteException("constant of rank " + s.length + " against a 4-D value");
    }
    int[] nhwc = {1, 1, 1, 1};
    System.arraycopy(s, 0, nhwc, 4 - s.length, s.length);
    float[] v = constant(index);
    float[] t = new float[v.length];
    int n = nhwc[0];
    int h = nhwc[1];
    int w = nhwc[2];
    int c = nhwc[3];
    for (int a = 0; a < n; a++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int k = 0; k < c; k++) {
            t[((a * c + k) * h + y) * w + x] = v[((a * h + y) * w + x) * c + k];
          }
        }
      }
    }
    return g.floats("constant", t, n, c, h, w);
  }

  private void set(int index, String name, boolean nchw) {
    if (nchw) {
      setNchw(index, name);
    } else {
      setNative(index, name);
    }
  }

  private void setNchw(int index, String name) {
    nchwNames.put(index, name);
  }

  private void setNative(int index, String name) {
    nativeNames.put(index, name);
  }

  private static long[] normalise(long[] axes, int rank) {
    long[] result = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      result[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
    }
    return result;
  }

  private static long[] toLongs(int[] values) {
    long[] result = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  private static Object[] dims(int[] shape) {
    Object[] dims = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = (long) shape[i];
    }
    return dims;
  }
}
