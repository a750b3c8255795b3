package org.glossa.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.DatasetWriter;
import org.glossa.data.FeatureLayout;

/**
 * ONNX models written by hand from the ONNX protobuf classes, as a tool other than Glossa's exporter writes them:
 * no {@code glossa.*} metadata, other tensor names, the CTC blank in the last column, a time stride of 2.
 *
 * <p>The network is a linear map of one-hot frames: a frame whose column {@code c} is set scores class {@code c}
 * highest (columns 0..2 the glosses {@link #GLOSSES}, column 3 the blank), and every second frame is kept
 * (Slice with step 2). {@link #frames} writes a sentence as such frames.
 */
public final class ForeignOnnx {

  /** The model's glosses, in output column order; the blank is column 3. */
  public static final List<String> GLOSSES = List.of("HALLO", "DANKE", "WETTER");
  public static final int WIDTH = 4;
  public static final int BLANK = 3;
  public static final int STRIDE = 2;

  private ForeignOnnx() {}

  /** The card that describes {@link #write}'s model. */
  public static String cardJson(boolean withLengths, boolean timeFirst) {
    return "{\n  \"glosses\": [\"HALLO\", \"DANKE\", \"WETTER\"],\n  \"blank\": 3,\n  \"input\": \"features\",\n"
        + "  \"feature_width\": 4,\n  \"time_stride\": 2,\n  \"input_name\": \"x\",\n"
        + (withLengths ? "  \"lengths_name\": \"x_lengths\",\n" : "")
        + "  \"output_name\": \"scores\",\n  \"output_layout\": \"" + (timeFirst ? "time_batch_class" : "batch_time_class")
        + "\"\n}\n";
  }

  /**
   * Writes the model: input x [N, T, 4] float (and with {@code withLengths} an int64 x_lengths [N] it does not
   * need), output scores [N, ceil(T/2), 4], or [ceil(T/2), N, 4] with {@code timeFirst}.
   */
  public static Path write(Path file, boolean withLengths, boolean timeFirst) throws IOException {
    GraphProto.Builder graph = GraphProto.newBuilder().setName("one-hot-ctc");
    graph.addInput(tensor("x", TensorProto.DataType.FLOAT, "N", "T", WIDTH));
    if (withLengths) {
      graph.addInput(tensor("x_lengths", TensorProto.DataType.INT64, "N"));
    }
    List<Float> weights = new ArrayList<>();
    for (int i = 0; i < WIDTH; i++) {
      for (int j = 0; j < WIDTH; j++) {
        weights.add(i == j ? 5f : 0f);
      }
    }
    graph.addInitializer(TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addDims(WIDTH).addDims(WIDTH).addAllFloatData(weights));
    graph.addInitializer(int64("starts", 0));
    graph.addInitializer(int64("ends", Long.MAX_VALUE));
    graph.addInitializer(int64("axes", 1));
    graph.addInitializer(int64("steps", STRIDE));
    graph.addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("w").addOutput("all_frames"));
    String sliced = timeFirst ? "kept" : "scores";
    graph.addNode(NodeProto.newBuilder().setOpType("Slice").addInput("all_frames").addInput("starts")
        .addInput("ends").addInput("axes").addInput("steps").addOutput(sliced));
    if (timeFirst) {
      graph.addNode(NodeProto.newBuilder().setOpType("Transpose").addInput("kept").addOutput("scores")
          .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
              .addInts(1).addInts(0).addInts(2)));
      graph.addOutput(tensor("scores", TensorProto.DataType.FLOAT, "S", "N", WIDTH));
    } else {
      graph.addOutput(tensor("scores", TensorProto.DataType.FLOAT, "N", "S", WIDTH));
    }
    ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("hand-written test model")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build();
    Files.write(file, model.toByteArray());
    return file;
  }

  /**
   * One-hot frames of a sentence: each gloss held for {@code hold} frames, then {@code gap} blank frames. Hold and
   * gap are even, so the kept frames (every second) see each gloss and each gap.
   */
  public static float[][] frames(List<String> glosses, int hold, int gap) {
    List<float[]> frames = new ArrayList<>();
    for (String gloss : glosses) {
      int column = GLOSSES.indexOf(gloss);
      if (column < 0) {
        throw new IllegalArgumentException(gloss + " is not one of " + GLOSSES);
      }
      for (int f = 0; f < hold; f++) {
        frames.add(oneHot(column));
      }
      for (int f = 0; f < gap; f++) {
        frames.add(oneHot(BLANK));
      }
    }
    return frames.toArray(new float[0][]);
  }

  private static float[] oneHot(int column) {
    float[] frame = new float[WIDTH];
    frame[column] = 1f;
    return frame;
  }

  private static TensorProto int64(String name, long value) {
    return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber()).addDims(1)
        .addInt64Data(value).build();
  }

  private static ValueInfoProto tensor(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      shape.addDim(dim instanceof String param ? TensorShapeProto.Dimension.newBuilder().setDimParam(param)
          : TensorShapeProto.Dimension.newBuilder().setDimValue((Integer) dim));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }

  /**
   * A dataset of one-hot frames: one training sentence; a test split of three, the last signed HALLO DANKE where
   * its reference says HALLO WETTER (WER 20% over 5 reference words).
   */
  public static Path dataset(Path dir) {
    DatasetWriter writer = new DatasetWriter(dir, false);
    writer.add("train", 0, "r0", "S1", List.of("HALLO", "DANKE", "WETTER"),
        frames(List.of("HALLO", "DANKE", "WETTER"), 4, 2), WIDTH);
    writer.add("test", 0, "t0", "S2", List.of("DANKE", "WETTER"),
        frames(List.of("DANKE", "WETTER"), 6, 4), WIDTH);
    writer.add("test", 1, "t1", "S2", List.of("HALLO"), frames(List.of("HALLO"), 2, 2), WIDTH);
    writer.add("test", 2, "t2", "S3", List.of("HALLO", "WETTER"),
        frames(List.of("HALLO", "DANKE"), 8, 6), WIDTH);
    writer.finish("foreign", 25f, FeatureLayout.unstructured(WIDTH), "external", "one-hot test");
    return dir;
  }
}
