package org.glossa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Creates engine arrays from Java arrays safely. DJL's PyTorch engine wraps the direct buffer it copies a Java
 * array into without owning it, so once that buffer is garbage collected the tensor may read freed memory
 * (seen here as sporadic non-finite gradients in the first layer when another thread allocated a lot).
 * Cloning right away gives the tensor storage of its own.
 */
public final class Tensors {

  private Tensors() {}

  public static NDArray of(NDManager manager, float[] values, Shape shape) {
    try (NDArray view = manager.create(values, shape)) {
      return view.duplicate();
    }
  }

  public static NDArray of(NDManager manager, float[] values) {
    return of(manager, values, new Shape(values.length));
  }
}
