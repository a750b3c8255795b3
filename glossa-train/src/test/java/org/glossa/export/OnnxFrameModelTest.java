package org.glossa.export;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glossa.data.DataException;
import org.glossa.model.OnnxFrameModel;
import org.glossa.onnx.OnnxGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening ONNX files that ONNX Runtime loads but that are not complete Glossa models: a clear
 * {@link DataException} naming the file (the session opened to read the metadata is closed on that path; ONNX
 * Runtime offers no count of open sessions, so that part is checked by review).
 */
class OnnxFrameModelTest {

  @TempDir
  Path temp;

  /** A valid one-node ONNX model (Identity on a float vector) with the given metadata. */
  private Path identityModel(String name, Map<String, String> metadata) throws IOException {
    OnnxGraph graph = new OnnxGraph("identity");
    graph.input("x", TensorProto.DataType.FLOAT, 2L);
    graph.node("Identity", new String[] {"x"});
    graph.renameLastOutput("y");
    graph.output("y", TensorProto.DataType.FLOAT, 2L);
    Path file = temp.resolve(name);
    Files.write(file, graph.model(metadata, "test").toByteArray());
    return file;
  }

  @Test
  void refusesAnOnnxFileWithoutGlossaMetadata() throws IOException {
    Path file = identityModel("foreign.onnx", Map.of());
    DataException e = assertThrows(DataException.class,
        () -> OnnxFrameModel.open(file, OnnxFrameModel.Provider.CPU, 1));
    assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a Glossa ONNX model"),
        e.getMessage());
  }

  @Test
  void namesTheMissingMetadataKeyInsteadOfANullPointer() throws IOException {
    Path file = identityModel("partial.onnx", Map.of("glossa.format", OnnxFrameModel.FORMAT));
    DataException e = assertThrows(DataException.class,
        () -> OnnxFrameModel.open(file, OnnxFrameModel.Provider.CPU, 1));
    assertTrue(e.getMessage().contains("glossa.vocabulary is missing"), e.getMessage());
  }

  @Test
  void refusesPipelineMetadataThatIsNotBase64() throws IOException {
    Path file = identityModel("garbled.onnx", Map.of("glossa.format", OnnxFrameModel.FORMAT,
        "glossa.vocabulary", "A\nB", "glossa.pipeline", "%%% not base64 %%%"));
    DataException e = assertThrows(DataException.class,
        () -> OnnxFrameModel.open(file, OnnxFrameModel.Provider.CPU, 1));
    assertTrue(e.getMessage().contains("glossa.pipeline is not base64"), e.getMessage());
  }
}
