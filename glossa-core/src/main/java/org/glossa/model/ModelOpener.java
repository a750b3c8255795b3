package org.glossa.model;

import java.nio.file.Path;

/**
 * Opens model files of a kind glossa-core cannot read itself, found with {@link java.util.ServiceLoader}: the
 * training module registers one for {@code .ckpt} checkpoints, so a program that has glossa-train on its class
 * path opens checkpoints with the same call as ONNX files.
 */
public interface ModelOpener {

  /** Whether this opener reads {@code file} (decided by its name, without reading it). */
  boolean opens(Path file);

  /** The model in {@code file}, on the CPU. */
  FrameModel open(Path file);
}
