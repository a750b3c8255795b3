package org.glossa.recognize;

import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;
import org.glossa.data.DataException;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelCard;
import org.glossa.model.ModelOpener;
import org.glossa.model.OnnxFrameModel;

/**
 * Opens a model file by its kind: an exported {@code .onnx} file (ours, or another tool's with a {@link ModelCard}),
 * or a training checkpoint ({@code .ckpt}) through the {@link ModelOpener} that glossa-train registers.
 */
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
    return open(file, provider, null);
  }

  /**
   * As {@link #open(Path, String)}; {@code card} (may be null) describes an ONNX file written by another tool.
   */
  public static FrameModel open(Path file, String provider, ModelCard card) {
    if (isOnnx(file)) {
      return card == null ? OnnxFrameModel.open(file, provider(provider), 0)
          : OnnxFrameModel.open(file, card, provider(provider), 0);
    }
    if (card != null) {
      throw new IllegalArgumentException("--card describes an .onnx file; " + file.getFileName() + " is not one");
    }
    if (!"cpu".equalsIgnoreCase(provider)) {
      throw new IllegalArgumentException("--provider " + provider + " applies to .onnx models; checkpoints run on "
          + "the training engine's CPU build");
    }
    for (ModelOpener opener : ServiceLoader.load(ModelOpener.class)) {
      if (opener.opens(file)) {
        return opener.open(file);
      }
    }
    throw DataException.inFile(file, "is neither an .onnx file nor a file any module on the class path opens: "
        + "checkpoints (.ckpt) need org.glossa:glossa-train; or export the model to ONNX with 'glossa export'");
  }

  public static OnnxFrameModel.Provider provider(String name) {
    try {
      return OnnxFrameModel.Provider.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--provider must be cpu, cuda or tensorrt, got '" + name + "'");
    }
  }

  /** Where {@code glossa evaluate} writes a model's report on a split by default: {@code <stem>-<split>/} beside it. */
  public static Path reportDir(Path model, String split) {
    return model.toAbsolutePath().resolveSibling(stem(model) + "-" + split);
  }

  /** The file name without .ckpt / .onnx. */
  public static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.(ckpt|onnx)$", "");
  }
}
