package org.glossa.train;

import java.nio.file.Path;
import java.util.Locale;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelOpener;

/** Lets glossa-core's {@code Recognizer.open} and {@code ModelFiles.open} read {@code .ckpt} checkpoints. */
public final class CheckpointOpener implements ModelOpener {

  @Override
  public boolean opens(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ckpt");
  }

  @Override
  public FrameModel open(Path file) {
    return Checkpoint.load(file).model();
  }
}
