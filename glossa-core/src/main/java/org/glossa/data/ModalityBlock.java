package org.glossa.data;

/**
 * A contiguous block of feature columns that belongs to one modality (pose, left_hand, right_hand, face).
 *
 * @param name           modality name
 * @param offset         first column
 * @param dim            number of columns
 * @param presenceColumn column (absolute) holding the 0/1 detection flag of this modality, or -1 if none
 */
public record ModalityBlock(String name, int offset, int dim, int presenceColumn) {
  public ModalityBlock {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("modality needs a name");
    }
    if (offset < 0 || dim < 1) {
      throw new IllegalArgumentException("modality " + name + ": need offset >= 0 and dim >= 1, got "
          + offset + ", " + dim);
    }
    if (presenceColumn != -1 && (presenceColumn < offset || presenceColumn >= offset + dim)) {
      throw new IllegalArgumentException("modality " + name + ": presence column " + presenceColumn
          + " outside the block");
    }
  }

  public int end() {
    return offset + dim;
  }
}
