package org.glossa.cli;

import java.nio.file.Path;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelCard;
import org.glossa.recognize.ModelFiles;
import picocli.CommandLine.Option;

/** The model flags of the commands that run a model: the file, ONNX Runtime's provider, a foreign model's card. */
final class ModelOptions {

  @Option(names = "--model", required = true, description = "Checkpoint (.ckpt) or exported model (.onnx).")
  Path model;
  @Option(names = "--provider", defaultValue = "cpu",
      description = "ONNX Runtime execution provider for .onnx models: cpu, cuda or tensorrt (default: ${DEFAULT-VALUE}).")
  String provider = "cpu";
  @Option(names = "--card", paramLabel = "JSON", description = "Model card of an .onnx model written by another tool "
      + "than Glossa: its glosses, blank column, input and time stride (docs/library.md).")
  Path card;

  /** The model, its card read first (a bad card is reported before the model loads). */
  FrameModel open() {
    ModelCard modelCard = card == null ? null : ModelCard.read(card);
    return ModelFiles.open(model, provider, modelCard);
  }
}
