package org.glossa.holistic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Npy;

/**
 * A TFLite model as its flatbuffer holds it (the public {@code schema.fbs}): the first subgraph's tensors, with the
 * constant ones' data, its operators in execution order and its inputs and outputs. Constants can be read as
 * float32 whatever their storage: float32, float16, or sparse (the {@code DENSIFY} format: dense and CSR levels in
 * a traversal order, optionally blocked).
 */
final class TfliteModel {

  /** TensorType values of the schema. */
  static final int FLOAT32 = 0;
  static final int FLOAT16 = 1;
  static final int INT32 = 2;
  static final int INT64 = 4;
  /** The largest tensor expanded from sparse storage (MediaPipe's largest weights hold about 600k values). */
  static final long MAX_ELEMENTS = 1L << 26;

  /** One tensor: {@code data} is null for activations (computed at run time). */
  record Tensor(String name, int[] shape, int type, ByteBuffer data, FlatTable sparsity) {

    boolean isConstant() {
      return data != null;
    }

    int rank() {
      return shape.length;
    }

    /** The number of values, or Long.MAX_VALUE past it (a damaged shape must not wrap around). */
    long size() {
      long size = 1;
      for (int d : shape) {
        if (d != 0 && Math.abs(size) > Long.MAX_VALUE / Math.abs((long) d)) {
          return Long.MAX_VALUE;
        }
        size *= d;
      }
      return size;
    }
  }

  /** One operator: its builtin code (or {@link Builtin#CUSTOM} with the custom name), tensor indices, options. */
  record Operator(int code, String customName, int[] inputs, int[] outputs, FlatTable options) {}

  final String name;
  final List<Tensor> tensors;
  final List<Operator> operators;
  final int[] inputs;
  final int[] outputs;

  private TfliteModel(String name, List<Tensor> tensors, List<Operator> operators, int[] inputs, int[] outputs) {
    this.name = name;
    this.tensors = tensors;
    this.operators = operators;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** Reads a model; {@code name} is used in messages (a file or resource name). */
  static TfliteModel read(String name, byte[] bytes) {
    try {
      return parse(name, bytes);
    } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException
        | java.nio.BufferUnderflowException e) {
      throw new TfliteException(name + ": not a readable TFLite model (" + e.getMessage() + ")");
    } catch (TfliteException e) {
      throw new TfliteException(name + ": " + e.getMessage());
    }
  }

  private static TfliteModel parse(String name, byte[] bytes) {
    if (bytes.length < 8 || bytes[4] != 'T' || bytes[5] != 'F' || bytes[6] != 'L' || bytes[7] != '3') {
      throw new TfliteException("not a TFLite model (no TFL3 file identifier)");
    }
    FlatTable model = FlatTable.root(bytes);
    List<FlatTable> codes = model.tables(1);
    List<FlatTable> subgraphs = model.tables(2);
    List<FlatTable> buffers = model.tables(4);
    if (subgraphs.isEmpty()) {
      throw new TfliteException("the model has no subgraph");
    }
    FlatTable graph = subgraphs.get(0);
    List<Tensor> tensors = new ArrayList<>();
    for (FlatTable t : graph.tables(0)) {
      int bufferIndex = t.getInt(2, 0);
      ByteBuffer data = null;
      if (bufferIndex > 0 && bufferIndex < buffers.size()) {
        FlatTable buffer = buffers.get(bufferIndex);
        if (buffer.vectorLength(0) > 0) {
          data = buffer.vectorBytes(0, 1);
        } else if (buffer.getInt(1, 0) != 0) {
          // data kept after the flatbuffer (models over 2 GB): offset and size are uint64
          throw new TfliteException("tensor " + t.string(3) + " keeps its data outside the flatbuffer; not supported");
        }
      }
      tensors.add(new Tensor(t.string(3), t.ints(0), t.getByte(1, FLOAT32), data, t.table(6)));
    }
    List<Operator> operators = new ArrayList<>();
    for (FlatTable op : graph.tables(3)) {
      int index = op.getInt(0, 0);
      if (index < 0 || index >= codes.size()) {
        throw new TfliteException("an operator names operator code " + index + " of " + codes.size());
      }
      FlatTable code = codes.get(index);
      // builtin_code (slot 3) superseded the byte-sized deprecated_builtin_code (slot 0) past 127
      int builtin = Math.max(code.getByte(0, 0), code.getInt(3, 0));
      String custom = builtin == Builtin.CUSTOM ? code.string(1) : null;
      operators.add(new Operator(builtin, custom, op.ints(1), op.ints(2), op.table(4)));
    }
    return new TfliteModel(name, tensors, operators, graph.ints(1), graph.ints(2));
  }

  Tensor tensor(int index) {
    return tensors.get(index);
  }

  /** A constant tensor's values as float32 (dense, row-major in its shape). */
  float[] floats(int index) {
    Tensor t = tensor(index);
    if (!t.isConstant()) {
      throw new TfliteException(name + ": tensor " + t.name() + " is not a constant");
    }
    float[] stored = switch (t.type()) {
      case FLOAT32 -> {
        float[] v = new float[t.data().remaining() / 4];
        t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        yield v;
      }
      case FLOAT16 -> {
        ByteBuffer b = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Npy.halfToFloat(b.getShort(2 * i));
        }
        yield v;
      }
      default -> throw new TfliteException(name + ": tensor " + t.name() + " has type " + t.type()
          + ", expected float32 or float16");
    };
    if (t.sparsity() != null) {
      return densify(t, stored);
    }
    if (stored.length != t.size()) {
      throw new TfliteException(name + ": tensor " + t.name() + " holds " + stored.length + " values for shape "
          + java.util.Arrays.toString(t.shape()));
    }
    return stored;
  }

  /** A constant int32 (or int64) tensor's values. */
  long[] longs(int index) {
    Tensor t = tensor(index);
    if (!t.isConstant() || (t.type() != INT32 && t.type() != INT64)) {
      throw new TfliteException(name + ": tensor " + t.name() + " is not an integer constant");
    }
    ByteBuffer b = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int width = t.type() == INT32 ? 4 : 8;
    long[] v = new long[b.remaining() / width];
    for (int i = 0; i < v.length; i++) {
      v[i] = width == 4 ? b.getInt(4 * i) : b.getLong(8 * i);
    }
    return v;
  }

  /**
   * Expands a sparse tensor's stored values. Each level of {@code dim_metadata} walks one dimension of the
   * expanded shape (the tensor's dimensions, then one per block) in {@code traversal_order}: a dense level
   * enumerates its size, a CSR level the indices its segment lists.
   */
  private float[] densify(Tensor t, float[] stored) {
    FlatTable sparsity = t.sparsity();
    int[] order = sparsity.ints(0);
    int[] blockMap = sparsity.ints(1);
    List<FlatTable> levels = sparsity.tables(2);
    int rank = t.rank();
    if (rank > 8 || t.size() > MAX_ELEMENTS || t.size() < 0) {
      throw new TfliteException(name + ": sparse tensor " + t.name() + " of shape "
          + java.util.Arrays.toString(t.shape()) + " is beyond what these models hold");
    }
    if (order.length != levels.size() || order.length != rank + blockMap.length) {
      throw new TfliteException(name + ": tensor " + t.name() + " has inconsistent sparsity parameters");
    }
    int[] blockSize = new int[blockMap.length];
    for (int level = 0; level < levels.size(); level++) {
      if (order[level] >= rank) {
        blockSize[order[level] - rank] = levels.get(level).getInt(1, 0);
      }
    }
    int[][] segments = new int[levels.size()][];
    int[][] indices = new int[levels.size()][];
    for (int level = 0; level < levels.size(); level++) {
      FlatTable meta = levels.get(level);
      if (meta.getByte(0, 0) == 1) {
        segments[level] = indexVector(meta, 2, 3);
        indices[level] = indexVector(meta, 4, 5);
      }
    }
    float[] dense = new float[Math.toIntExact(t.size())];
    int[] coords = new int[order.length];
    walk(t, stored, dense, levels, order, blockMap, blockSize, segments, indices, 0, 0, coords);
    return dense;
  }

  private void walk(Tensor t, float[] stored, float[] dense, List<FlatTable> levels, int[] order, int[] blockMap,
      int[] blockSize, int[][] segments, int[][] indices, int level, int position, int[] coords) {
    if (level == levels.size()) {
      int[] shape = t.shape();
      long offset = 0;
      for (int d = 0; d < shape.length; d++) {
        int c = coords[d];
        for (int j = 0; j < blockMap.length; j++) {
          if (blockMap[j] == d) {
            c = c * blockSize[j] + coords[shape.length + j];
          }
        }
        offset = offset * shape[d] + c;
      }
      if (position >= stored.length || offset >= dense.length) {
        throw new TfliteException(name + ": sparse tensor " + t.name() + " points outside its values");
      }
      dense[(int) offset] = stored[position];
      return;
    }
    if (segments[level] == null) {
      int size = levels.get(level).getInt(1, 0);
      for (int i = 0; i < size; i++) {
        coords[order[level]] = i;
        walk(t, stored, dense, levels, order, blockMap, blockSize, segments, indices, level + 1,
            position * size + i, coords);
      }
    } else {
      int[] segment = segments[level];
      if (position + 1 >= segment.length) {
        throw new TfliteException(name + ": sparse tensor " + t.name() + " has too few segments");
      }
      for (int k = segment[position]; k < segment[position + 1]; k++) {
        coords[order[level]] = indices[level][k];
        walk(t, stored, dense, levels, order, blockMap, blockSize, segments, indices, level + 1, k, coords);
      }
    }
  }

  /** A SparseIndexVector union (1 Int32Vector, 2 Uint16Vector, 3 Uint8Vector; each a table of {@code values}). */
  private int[] indexVector(FlatTable meta, int typeSlot, int valueSlot) {
    int type = meta.getByte(typeSlot, 0) & 0xFF;
    FlatTable vector = meta.table(valueSlot);
    if (vector == null) {
      throw new TfliteException(name + ": a sparse dimension lacks its index vector");
    }
    return switch (type) {
      case 1 -> vector.ints(0);
      case 2 -> {
        ByteBuffer b = vector.vectorBytes(0, 2);
        int[] v = new int[b.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = b.getShort(2 * i) & 0xFFFF;
        }
        yield v;
      }
      case 3 -> {
        ByteBuffer b = vector.vectorBytes(0, 1);
        int[] v = new int[b.remaining()];
        for (int i = 0; i < v.length; i++) {
          v[i] = b.get(i) & 0xFF;
        }
        yield v;
      }
      default -> throw new TfliteException(name + ": unknown sparse index vector type " + type);
    };
  }
}
