package org.glossa.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A small builder of ONNX graphs on the ONNX protobuf classes: named initializers, nodes with unique output
 * names, graph inputs and outputs with symbolic dimensions, and the model wrapper with opset and metadata.
 */
public final class OnnxGraph {

  /** The default-domain opset the graphs are written for. */
  public static final int OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, Integer> counters = new HashMap<>();

  public OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A fresh value name from a readable stem: "conv", "conv_1", ... */
  public String fresh(String stem) {
    int n = counters.merge(stem, 1, Integer::sum);
    return n == 1 ? stem : stem + "_" + (n - 1);
  }

  /** Declares a graph input; {@code dims} entries are Long (fixed) or String (symbolic). */
  public void input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  public void output(String name, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String symbol) {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(symbol));
      } else {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
      }
    }
    TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  /** A float32 initializer of the given shape. */
  public String floats(String stem, float[] values, long... dims) {
    checkSize(values.length, dims);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return initializer(stem, TensorProto.DataType.FLOAT, buffer.array(), dims);
  }

  /** An int8 initializer. */
  public String int8(String stem, byte[] values, long... dims) {
    checkSize(values.length, dims);
    return initializer(stem, TensorProto.DataType.INT8, values, dims);
  }

  /** A uint8 initializer. */
  public String uint8(String stem, byte[] values, long... dims) {
    checkSize(values.length, dims);
    return initializer(stem, TensorProto.DataType.UINT8, values, dims);
  }

  /** An int64 initializer. */
  public String longs(String stem, long[] values, long... dims) {
    checkSize(values.length, dims);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(values);
    return initializer(stem, TensorProto.DataType.INT64, buffer.array(), dims);
  }

  /** A float32 scalar (rank 0). */
  public String scalar(String stem, float value) {
    return floats(stem, new float[] {value});
  }

  private String initializer(String stem, TensorProto.DataType type, byte[] raw, long... dims) {
    String name = fresh(stem);
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
        .setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  private static void checkSize(int length, long... dims) {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size != length) {
      throw new IllegalArgumentException("initializer has " + length + " values for shape " + java.util.Arrays.toString(dims));
    }
  }

  /** Adds a node with one output and returns that output's name. Attributes as name/value pairs. */
  public String node(String op, String[] inputs, Object... attributes) {
    return nodeMulti(op, inputs, 1, attributes)[0];
  }

  /** Adds a node in the com.microsoft domain (ONNX Runtime contrib ops). */
  public String[] contribNode(String op, String[] inputs, int outputs, Object... attributes) {
    String[] names = nodeMulti(op, inputs, outputs, attributes);
    NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
    last.setDomain("com.microsoft");
    return names;
  }

  /** Adds a node with several outputs. */
  public String[] nodeMulti(String op, String[] inputs, int outputs, Object... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(fresh(op + "_node"));
    for (String in : inputs) {
      node.addInput(in);
    }
    String[] names = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      names[i] = fresh(op.toLowerCase());
      node.addOutput(names[i]);
    }
    for (int i = 0; i < attributes.length; i += 2) {
      node.addAttribute(attribute((String) attributes[i], attributes[i + 1]));
    }
    graph.addNode(node);
    return names;
  }

  /** Renames the last node's first output (for graph outputs with fixed names). */
  public void renameLastOutput(String name) {
    NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
    last.setOutput(0, name);
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
    } else if (value instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long v : ints) {
        a.addInts(v);
      }
    } else if (value instanceof float[] floats) {
      a.setType(AttributeProto.AttributeType.FLOATS);
      for (float v : floats) {
        a.addFloats(v);
      }
    } else {
      throw new IllegalArgumentException("unsupported attribute " + name + ": " + value);
    }
    return a.build();
  }

  /** The finished model with opset 17 (plus com.microsoft 1 when contrib ops are used) and metadata. */
  public ModelProto model(Map<String, String> metadata, String producerVersion) {
    ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setProducerName("glossa")
        .setProducerVersion(producerVersion).setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
    boolean contrib = graph.getNodeList().stream().anyMatch(n -> n.getDomain().equals("com.microsoft"));
    if (contrib) {
      model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
    }
    metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }
}
