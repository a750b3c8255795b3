package org.glossa.model;

import java.util.ArrayList;
import java.util.List;
import org.glossa.data.ModalityBlock;

/**
 * Named model sizes. {@code tiny} is for unit tests, {@code small} trains in minutes on 2 CPU cores,
 * {@code seed-student} and {@code seed-teacher} are the original design's sizes (15.7M and 19.3M parameters at
 * the reference setting: 512 PCA features in, 1,232 outputs as for RWTH-PHOENIX-Weather 2014; the count
 * moves a little with the input dimension and vocabulary). {@code baseline} is the plain Conv1d x2 + 2-layer
 * BiLSTM yardstick ({@link BaselineSpec}), trainable as either kind.
 */
public final class Presets {

  /** Reference input dimension and output classes for the seed sizes. */
  public static final int REFERENCE_INPUT_DIM = 512;
  public static final int REFERENCE_CLASSES = 1232;

  /**
   * The yardstick's size: about 1.4 million parameters on 538 features, as a plain script's Conv1d x2 (kernel 5)
   * + 2-layer BiLSTM would have.
   */
  static final BaselineSpec BASELINE = new BaselineSpec(192, 5, 128, 2);

  /**
   * Blocks of the small presets. On the robustness suite's {@code base} corpus (2 minutes of training, AMD EPYC)
   * all 15 MobileNetV3 blocks gave the student 5 epochs at 120-160 ms a step and 85% dev WER, the first six
   * 23-24 epochs at about 28 ms and 36-40%; seven Inception modules with one LSTM layer gave the teacher 6
   * epochs and 73%, the first two with two LSTM layers 9 epochs and 36% (the plain baseline: 12 epochs, 36%).
   * Sequences of a few dozen output frames do not need the depth that images do.
   *
   * <p>Width, not depth, was what the six blocks lacked: at half MobileNetV3's width every block was 48 channels
   * wide behind a 64-wide embedding and one 128-unit LSTM, and the student underfit (training loss 0.6-1.2 where
   * the baseline reaches 0.25). At full width with a 128-wide embedding, 96-channel stem, 256-channel head and a
   * 192-unit LSTM (935k parameters instead of 414k on the suite's corpora, the teacher has 1.69M) its best dev WER
   * after 2000 steps fell from 44.2 / 40.5 / 48.7 to 28.4 / 29.3 / 32.0 on the suite's base / slow / hands
   * (training seed 43: 43.3 / 34.8 / 46.0 to 27.5 / 24.5 / 35.0), at 20-40% more time a step (AMD EPYC).
   * Wider still (160-wide embedding, 128-channel stem, 1.01M) was no better: 26.8 / 22.4 / 40.1.
   */
  static final int SMALL_STUDENT_BLOCKS = 6;
  static final int SMALL_TEACHER_BLOCKS = 2;

  private Presets() {}

  public static List<String> names(String kind) {
    return kind.equals("student") ? List.of("tiny", "small", "seed-student", "baseline")
        : List.of("tiny", "small", "seed-teacher", "baseline");
  }

  /** The config of a preset for given input layout and class count. */
  public static ModelConfig config(String kind, String preset, List<ModalityBlock> modalities, int numClasses,
      float dropout) {
    int inputDim = modalities.get(modalities.size() - 1).end();
    if (preset.equals("baseline")) {
      return new ModelConfig(kind, preset, inputDim, numClasses, modalities, dropout, null, null, BASELINE);
    }
    if (kind.equals("student")) {
      StudentSpec spec = switch (preset) {
        case "tiny" -> student(0.25f, 32, 32, 64, 32, 7);
        case "small" -> student(1.0f, 128, 96, 256, 192, SMALL_STUDENT_BLOCKS);
        case "seed-student" -> student(1.5f, 256, 64, 1280, 533, 15);
        default -> throw unknown(kind, preset);
      };
      return new ModelConfig(kind, preset, inputDim, numClasses, modalities, dropout, spec, null, null);
    }
    TeacherSpec spec = switch (preset) {
      case "tiny" -> teacher(0.125f, 32, 32, 48, 1, 3);
      case "small" -> teacher(0.5f, 96, 64, 192, 2, SMALL_TEACHER_BLOCKS);
      case "seed-teacher" -> teacher(1.5f, 256, 192, 512, 2, 7);
      default -> throw unknown(kind, preset);
    };
    return new ModelConfig(kind, preset, inputDim, numClasses, modalities, dropout, null, spec, null);
  }

  private static IllegalArgumentException unknown(String kind, String preset) {
    return new IllegalArgumentException("unknown " + kind + " preset '" + preset + "'; use one of " + names(kind));
  }

  private static int scale(int channels, float width) {
    return Math.max(8, Math.round(channels * width / 8f) * 8);
  }

  /**
   * The first {@code blocks} rows of MobileNetV3-Large's block table over time (one stride-2 block), channels
   * scaled by {@code width}.
   */
  static StudentSpec student(float width, int embedDim, int stem, int head, int lstmHidden, int blocks) {
    int[][] table = { // expand, out, kernel, stride, se, hard-swish
        {16, 16, 3, 1, 0, 0}, {64, 24, 3, 2, 0, 0}, {72, 24, 3, 1, 0, 0}, {72, 40, 5, 1, 1, 0},
        {120, 40, 5, 1, 1, 0}, {120, 40, 5, 1, 1, 0}, {240, 80, 3, 1, 0, 1}, {200, 80, 3, 1, 0, 1},
        {184, 80, 3, 1, 0, 1}, {184, 80, 3, 1, 0, 1}, {480, 112, 3, 1, 1, 1}, {672, 112, 3, 1, 1, 1},
        {672, 160, 5, 1, 1, 1}, {960, 160, 5, 1, 1, 1}, {960, 160, 5, 1, 1, 1}};
    List<StudentSpec.Block> kept = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      int[] r = table[i];
      // Images start from 3 channels, our sequences from a rich embedding: no block is narrower than the stem.
      kept.add(new StudentSpec.Block(Math.max(stem, scale(r[0], width)), Math.max(stem, scale(r[1], width)), r[2],
          r[3], r[4] == 1, r[5] == 1));
    }
    return new StudentSpec(embedDim, stem, kept, head, lstmHidden);
  }

  /** The first {@code blocks} of Inception-v1 modules 3a–4e (the ones I3D inflates), channels scaled by {@code width}. */
  static TeacherSpec teacher(float width, int embedDim, int stem, int lstmHidden, int lstmLayers, int blocks) {
    int[][] table = { // b1, reduce3, b3, reduce5, b5, pool
        {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64}, {192, 96, 208, 16, 48, 64},
        {160, 112, 224, 24, 64, 64}, {128, 128, 256, 24, 64, 64}, {112, 144, 288, 32, 64, 64},
        {256, 160, 320, 32, 128, 128}};
    List<TeacherSpec.Inception> kept = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      int[] r = table[i];
      kept.add(new TeacherSpec.Inception(scale(r[0], width), scale(r[1], width), scale(r[2], width),
          scale(r[3], width), scale(r[4], width), scale(r[5], width)));
    }
    return new TeacherSpec(embedDim, stem, kept, 1, lstmHidden, lstmLayers);
  }
}
