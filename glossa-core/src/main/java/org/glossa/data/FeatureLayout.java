package org.glossa.data;

import java.util.List;

/**
 * How feature columns split into modality blocks. Blocks are contiguous and in column order, starting at 0.
 * A layout with a single block "features" describes features of unknown structure (e.g. CNN features).
 */
public record FeatureLayout(List<ModalityBlock> modalities) {

  public FeatureLayout {
    modalities = List.copyOf(modalities);
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("a feature layout needs at least one modality");
    }
    int expected = 0;
    for (ModalityBlock block : modalities) {
      if (block.offset() != expected) {
        throw new IllegalArgumentException("modality " + block.name() + " starts at column " + block.offset()
            + " but the previous block ends at " + expected + "; blocks must be contiguous");
      }
      expected = block.end();
    }
  }

  /** A single unstructured block of {@code featureDim} columns. */
  public static FeatureLayout unstructured(int featureDim) {
    return new FeatureLayout(List.of(new ModalityBlock("features", 0, featureDim, -1)));
  }

  public int featureDim() {
    return modalities.get(modalities.size() - 1).end();
  }
}
