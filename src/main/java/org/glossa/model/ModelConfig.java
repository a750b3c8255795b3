package org.glossa.model;

import java.util.List;
import org.glossa.data.ModalityBlock;

/**
 * Everything needed to rebuild a network: its kind and preset, input and output sizes, the input modality
 * blocks (one block unless features keep their modalities), dropout, and the architecture spec (exactly one
 * of {@code student} / {@code teacher} is set).
 */
public record ModelConfig(String kind, String preset, int inputDim, int numClasses, List<ModalityBlock> modalities,
    float dropout, StudentSpec student, TeacherSpec teacher) {

  /** Time downsampling of every network: frames per output step. */
  public static final int TIME_STRIDE = 4;

  public ModelConfig {
    if (!kind.equals("student") && !kind.equals("teacher")) {
      throw new IllegalArgumentException("model kind must be student or teacher, got " + kind);
    }
    if ((student == null) == (teacher == null) || (kind.equals("student") != (student != null))) {
      throw new IllegalArgumentException("a " + kind + " config needs exactly its own spec");
    }
    if (inputDim < 1 || numClasses < 2) {
      throw new IllegalArgumentException("need inputDim >= 1 and numClasses >= 2, got " + inputDim + ", "
          + numClasses);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
    }
    modalities = List.copyOf(modalities);
    if (modalities.isEmpty() || modalities.get(modalities.size() - 1).end() != inputDim) {
      throw new IllegalArgumentException("modality blocks must cover the " + inputDim + " input columns");
    }
  }

  /** Output steps for a sequence of {@code numFrames} frames: ceil(T / 2) twice. */
  public static int outputLength(int numFrames) {
    return ((numFrames + 1) / 2 + 1) / 2;
  }
}
