package org.glossa.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.glossa.data.Batch;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.data.ModalityBlock;
import org.glossa.model.ModelConfig;
import org.glossa.model.Presets;
import org.junit.jupiter.api.Test;

class SignNetworkTest {

  private static final List<ModalityBlock> MODALITIES = List.of(new ModalityBlock("pose", 0, 6, 5),
      new ModalityBlock("hand", 6, 10, 15));

  private static TrainedModel model(String kind) {
    Random random = new Random(1);
    float[][] frames = new float[50][16];
    for (float[] f : frames) {
      for (int c = 0; c < 16; c++) {
        f[c] = (float) random.nextGaussian();
      }
    }
    List<float[][]> sequences = List.<float[][]>of(frames);
    FeaturePipeline pipeline = FeaturePipeline.fit(sequences, new FeatureLayout(MODALITIES), 0, 1);
    GlossVocabulary vocabulary = new GlossVocabulary(List.of("A", "B", "C", "D"));
    Engine.getInstance().setRandomSeed(3);
    if (kind.equals("baseline")) { // the plain Conv1d x2 + BiLSTM yardstick, here as a student
      return new TrainedModel(Presets.config("student", "baseline", MODALITIES, vocabulary.numClasses(), 0.1f),
          vocabulary, pipeline);
    }
    return new TrainedModel(Presets.config(kind, "tiny", MODALITIES, vocabulary.numClasses(), 0.1f), vocabulary,
        pipeline);
  }

  private static Batch batch(float[][][] sequences, int maxFrames) {
    int dim = 16;
    float[] flat = new float[sequences.length * maxFrames * dim];
    int[] lengths = new int[sequences.length];
    String[] ids = new String[sequences.length];
    int[][] labels = new int[sequences.length][];
    for (int b = 0; b < sequences.length; b++) {
      for (int t = 0; t < sequences[b].length; t++) {
        System.arraycopy(sequences[b][t], 0, flat, (b * maxFrames + t) * dim, dim);
      }
      lengths[b] = sequences[b].length;
      ids[b] = "s" + b;
      labels[b] = new int[] {1};
    }
    return new Batch(ids, flat, lengths, labels, maxFrames, dim);
  }

  private static float[][] sequence(int frames, long seed) {
    Random random = new Random(seed);
    float[][] x = new float[frames][16];
    for (float[] f : x) {
      for (int c = 0; c < 16; c++) {
        f[c] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void everyNetworkDownsamplesTimeByFourWithCeiling() {
    for (String kind : new String[] {"student", "teacher", "baseline"}) {
      try (TrainedModel m = model(kind)) {
        float[][][] logits = m.logits(batch(new float[][][] {sequence(37, 1), sequence(20, 2)}, 37));
        assertEquals(ModelConfig.outputLength(37), logits[0].length, kind);
        assertEquals(10, logits[0].length);
        assertEquals(5, logits[1].length);
        assertEquals(5, logits[0][0].length);
      }
    }
  }

  @Test
  void aSequenceGivesTheSameLogitsAloneAndPaddedInABatch() {
    for (String kind : new String[] {"student", "teacher", "baseline"}) {
      try (TrainedModel m = model(kind)) {
        float[][] short1 = sequence(21, 7);
        float[][][] alone = m.logits(batch(new float[][][] {short1}, 21));
        float[][][] padded = m.logits(batch(new float[][][] {sequence(60, 8), short1}, 60));
        assertEquals(alone[0].length, padded[1].length);
        for (int t = 0; t < alone[0].length; t++) {
          assertArrayEquals(alone[0][t], padded[1][t], 1e-4f, kind + " frame " + t);
        }
      }
    }
  }

  @Test
  void reverseWithinLengthKeepsPaddingInPlace() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1, 2, 3, 0, 0, 4, 5, 6, 7, 8}, new Shape(2, 5, 1));
      NDArray lengths = manager.create(new float[] {3, 5});
      float[] reversed = Ops.reverseWithinLength(x, lengths).toFloatArray();
      assertArrayEquals(new float[] {3, 2, 1, 0, 0, 8, 7, 6, 5, 4}, reversed);
    }
  }

  @Test
  void seedPresetsHaveTheDesignedParameterCounts() {
    List<ModalityBlock> reference = FeatureLayout.unstructured(Presets.REFERENCE_INPUT_DIM).modalities();
    long[] targets = {15_700_000L, 19_300_000L};
    String[][] presets = {{"student", "seed-student"}, {"teacher", "seed-teacher"}};
    for (int i = 0; i < 2; i++) {
      ModelConfig config = Presets.config(presets[i][0], presets[i][1], reference, Presets.REFERENCE_CLASSES, 0.1f);
      try (NDManager manager = NDManager.newBaseManager()) {
        SignNetwork network = new SignNetwork(config);
        network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 16, 512), new Shape(1));
        long count = 0;
        for (var p : network.getParameters()) {
          ai.djl.nn.Parameter.Type type = p.getValue().getType();
          if (type != ai.djl.nn.Parameter.Type.RUNNING_MEAN && type != ai.djl.nn.Parameter.Type.RUNNING_VAR) {
            count += p.getValue().getArray().size();
          }
        }
        double error = Math.abs(count - targets[i]) / (double) targets[i];
        assertTrue(error < 0.02, presets[i][1] + " has " + count + " parameters");
      }
    }
  }

  @Test
  void countsEveryPresetsParameterValuesFromItsConfigAlone() {
    GlossVocabulary vocabulary = new GlossVocabulary(List.of("A", "B", "C", "D"));
    for (List<ModalityBlock> modalities : List.of(MODALITIES, List.of(new ModalityBlock("pca", 0, 40, -1)))) {
      for (String kind : List.of("student", "teacher")) {
        for (String preset : Presets.names(kind)) {
          ModelConfig config = Presets.config(kind, preset, modalities, vocabulary.numClasses(), 0.1f);
          long expected = 0;
          try (NDManager manager = NDManager.newBaseManager()) {
            SignNetwork network = new SignNetwork(config);
            network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                new Shape(1, 16, config.inputDim()), new Shape(1));
            for (var p : network.getParameters()) {
              expected += p.getValue().getArray().size();
            }
          }
          long counted = SignNetwork.parameterValues(config).values().stream().mapToLong(Long::longValue).sum();
          assertEquals(expected, counted, kind + " " + preset + " " + modalities.size() + " modalities");
        }
      }
    }
  }
}
