package org.glossa.model;

import java.util.List;
import org.glossa.data.ModalityBlock;

/**
 * Everything needed to rebuild a network: its kind and preset, input and output sizes, the input modality
 * blocks (one block unless features keep their modalities), dropout, and the architecture spec: exactly one
 * of {@code student} / {@code teacher} / {@code baseline} is set; a student's is {@code student} or
 * {@code baseline}, a teacher's {@code teacher} or {@code baseline} (the plain yardstick can play either role).
 */
public record ModelConfig(String kind, String preset, int inputDim, int numClasses, List<ModalityBlock> modalities,
    float dropout, StudentSpec student, TeacherSpec teacher, BaselineSpec baseline) {

  /** Time downsampling of every network: frames per output step. */
  public static final int TIME_STRIDE = 4;
  /**
   * Largest width (channels, hidden units, embedding size) a config may name: 16x the widest preset. Read from
   * a checkpoint, a config is also held to the weights the file holds (see {@link SignNetwork#parameterValues}).
   */
  public static final int MAX_WIDTH = 1 << 16;
  /** Largest input dimension and class count a config may name. */
  public static final int MAX_INPUT_DIM = 1 << 20;
  public static final int MAX_CLASSES = 1 << 20;
  /** Most modality blocks, network blocks and LSTM layers a config may name. */
  public static final int MAX_MODALITIES = 64;
  public static final int MAX_BLOCKS = 256;
  public static final int MAX_LSTM_LAYERS = 16;
  /** Widest temporal convolution kernel. */
  public static final int MAX_KERNEL = 63;

  public ModelConfig {
    if (kind == null || (!kind.equals("student") && !kind.equals("teacher"))) {
      throw new IllegalArgumentException("model kind must be student or teacher, got " + kind);
    }
    int specs = (student != null ? 1 : 0) + (teacher != null ? 1 : 0) + (baseline != null ? 1 : 0);
    if (specs != 1 || (kind.equals("student") ? teacher != null : student != null)) {
      throw new IllegalArgumentException("a " + kind + " config needs exactly one spec: its own or the baseline's");
    }
    if (inputDim < 1 || numClasses < 2) {
      throw new IllegalArgumentException("need inputDim >= 1 and numClasses >= 2, got " + inputDim + ", "
          + numClasses);
    }
    checkRange("input_dim", inputDim, 1, MAX_INPUT_DIM);
    checkRange("num_classes", numClasses, 2, MAX_CLASSES);
    if (!(dropout >= 0 && dropout < 1)) { // NaN too
      throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
    }
    if (modalities == null) {
      throw new IllegalArgumentException("modalities missing");
    }
    modalities = List.copyOf(modalities);
    checkRange("modalities (count)", modalities.size(), 1, MAX_MODALITIES);
    long expected = 0;
    for (ModalityBlock block : modalities) {
      if (block.offset() != expected) {
        throw new IllegalArgumentException("modalities: block " + block.name() + " starts at column " + block.offset()
            + " but the previous block ends at " + expected + "; blocks must be contiguous");
      }
      expected += block.dim();
    }
    if (expected != inputDim) {
      throw new IllegalArgumentException("modality blocks must cover the " + inputDim + " input columns, they cover "
          + expected);
    }
  }

  /**
   * Checks that a config value is within {@code [min, max]}; the message names the config key (snake_case, as
   * in a checkpoint's JSON) and the value.
   */
  static void checkRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " = " + value + " is out of range: expected " + min + ".." + max);
    }
  }

  /** Output steps for a sequence of {@code numFrames} frames: ceil(T / 2) twice. */
  public static int outputLength(int numFrames) {
    return ((numFrames + 1) / 2 + 1) / 2;
  }
}
