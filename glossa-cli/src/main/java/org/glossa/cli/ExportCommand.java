package org.glossa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.glossa.data.DataException;
import org.glossa.export.OnnxExport;
import org.glossa.model.OnnxFrameModel;
import org.glossa.export.ParityCheck;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.ModelFiles;
import org.glossa.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa export}: a checkpoint as an ONNX file (fp32 or INT8), checked against the checkpoint. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a checkpoint to ONNX (opset 17, dynamic batch and time) for ONNX Runtime, TensorRT or any "
        + "ONNX runtime; vocabulary, feature pipeline and model description go into the file's metadata.")
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Checkpoint (.ckpt).")
  Path model;
  @Option(names = "--out", required = true, description = "ONNX file to write.")
  Path out;
  @Option(names = "--int8", description = "Int8 weights; linear and pointwise layers run as dynamically quantized "
      + "integer MatMuls (ONNX Runtime's DynamicQuantizeMatMul).")
  boolean int8;
  @Option(names = {"--with-features", "--with_features"},
      description = "Fold the fitted feature pipeline (standardisation, PCA) into the graph: it then takes raw "
          + "enhanced features.")
  boolean withFeatures;
  @Option(names = {"--keep-fp32", "--keep_fp32"}, split = ",", defaultValue = "embed",
      description = "With --int8, layer kinds kept in fp32 (trading speed and size for accuracy), or none: embed, "
          + "pointwise, se, lstm, classifier, conv (default: ${DEFAULT-VALUE}).")
  java.util.List<String> keepFp32;
  @Option(names = "--check", negatable = true, defaultValue = "true",
      description = "Compare the exported model with the checkpoint on random input (default: on).")
  boolean check;

  @Override
  public Integer call() {
    if (ModelFiles.isOnnx(model)) {
      throw DataException.inFile(model, "is already an ONNX file; --model takes a checkpoint (.ckpt)");
    }
    Checkpoint.Contents checkpoint = Checkpoint.load(model);
    try (TrainedModel trained = checkpoint.model()) {
      long bytes = OnnxExport.write(trained, new OnnxExport.Options(int8, withFeatures,
          OnnxExport.Options.keepFp32Flag(keepFp32)), model.toString(), checkpoint.settings(), out);
      System.out.printf("wrote %s: %s %s, %,d parameters, %.2f MiB, opset 17, input %s%n", out,
          trained.config().kind(), int8 ? "int8" : "fp32", trained.parameterCount(), bytes / 1048576.0,
          withFeatures ? "raw features (pipeline in the graph)" : "pipeline-transformed features");
      if (check) {
        try (OnnxFrameModel exported = OnnxFrameModel.open(out, OnnxFrameModel.Provider.CPU, 0)) {
          float[][][] raw = ParityCheck.randomSequences(trained.pipeline(), new int[] {97, 64, 33}, 7);
          ParityCheck.Result parity = ParityCheck.compare(trained, exported, raw);
          System.out.printf("check against the checkpoint (3 random sequences, padded batch): max |logit difference| "
              + "%.2e, same best class on %.1f%% of frames%n", parity.maxDifference(), 100 * parity.agreement());
        }
      }
    }
    return 0;
  }
}
