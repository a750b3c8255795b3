package org.glossa.recognize;

import java.nio.file.Path;
import java.util.Locale;
import org.glossa.export.OnnxFrameModel;
import org.glossa.model.FrameModel;
import org.glossa.train.Checkpoint;

/** Opens a model file by its kind: a training checkpoint ({@code .ckpt}) or an exported {@code .onnx} file. */
public final class ModelFiles {

  private ModelFiles() {}

  public static boolean isOnnx(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
  }

  /**
   * The model in {@code file}, run by ONNX Runtime with {@code provider} (cpu, cuda or tensorrt) for {@code .onnx}
   * files, by the training engine on the CPU for checkpoints.
   */
  public static FrameModel open(Path file, String provider) {
    if (isOnnx(file)) {
      return OnnxFrameModel.open(file, provider(provider), 0);
    }
    if (!"cpu".equalsIgnoreCase(provider)) {
      throw new IllegalArgumentException("--provider " + provider + " applies to .onnx models; checkpoints run on "
          + "the training engine's CPU build");
    }
    return Checkpoint.load(file).model();
  }

  public static OnnxFrameModel.Provider provider(String name) {
    try {
      return OnnxFrameModel.Provider.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--provider must be cpu, cuda or tensorrt, got '" + name + "'");
    }
  }

  /** The file name without .ckpt / .onnx. */
  public static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.(ckpt|onnx)$", "");
  }
}
