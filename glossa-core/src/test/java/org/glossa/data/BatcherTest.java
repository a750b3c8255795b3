package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatcherTest {

  private static final GlossVocabulary VOCAB = new GlossVocabulary(List.of("A", "B", "C"));

  private static List<Sample> samples(int count, long seed) {
    Random random = new Random(seed);
    List<Sample> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int frames = 20 + random.nextInt(80);
      float[][] x = new float[frames][4];
      for (float[] frame : x) {
        for (int c = 0; c < 4; c++) {
          frame[c] = (float) random.nextGaussian();
        }
        frame[3] = 1f; // presence flag of block "b"
      }
      list.add(new Sample("s" + i, "S1", List.of("A", "B", "B", "C").subList(0, 1 + i % 4), x));
    }
    return list;
  }

  private static FeaturePipeline pipeline(List<Sample> samples) {
    FeatureLayout layout = new FeatureLayout(List.of(new ModalityBlock("a", 0, 2, -1),
        new ModalityBlock("b", 2, 2, 3)));
    return FeaturePipeline.fit(samples.stream().map(Sample::features).toList(), layout, 0, 1);
  }

  private static BatchConfig training(int maxSeqLength) {
    return new BatchConfig(4, maxSeqLength, BatchConfig.LongSequences.SUBSAMPLE, true, 5, 4, 11);
  }

  @Test
  void padsWithLengthsAndMasksAndCoversEverySampleOnce() {
    List<Sample> samples = samples(30, 1);
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB, training(0), Augmentation.NONE);
    Set<String> seen = new HashSet<>();
    try (BatchLoader loader = batcher.epoch(0, 0)) {
      for (Batch batch : loader) {
        for (int b = 0; b < batch.size(); b++) {
          assertTrue(seen.add(batch.ids()[b]));
          int length = batch.lengths()[b];
          assertTrue(batch.mask(b, length - 1) && !batch.mask(b, length));
          for (int t = length; t < batch.maxFrames(); t++) {
            for (int c = 0; c < batch.featureDim(); c++) {
              assertEquals(0f, batch.features()[(b * batch.maxFrames() + t) * batch.featureDim() + c]);
            }
          }
        }
      }
    }
    assertEquals(30, seen.size());
  }

  @Test
  void labelsAreGlossIdsWithBlankZeroUnused() {
    List<Sample> samples = samples(4, 2);
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB, BatchConfig.evaluation(4, 0, 1),
        Augmentation.NONE);
    Batch batch = batcher.build(batcher.plan(0).get(0), 0, 0);
    for (int b = 0; b < batch.size(); b++) {
      int index = Integer.parseInt(batch.ids()[b].substring(1));
      assertArrayEquals(VOCAB.encode(samples.get(index).glosses()), batch.labels()[b]);
    }
  }

  @Test
  void lengthBucketsCutPaddingComparedWithRandomBatches() {
    List<Sample> samples = samples(200, 3);
    Batcher bucketed = new Batcher(samples, pipeline(samples), VOCAB, training(0), Augmentation.NONE);
    Batcher random = new Batcher(samples, pipeline(samples), VOCAB,
        new BatchConfig(4, 0, BatchConfig.LongSequences.SUBSAMPLE, true, 1, 4, 11), Augmentation.NONE);
    assertTrue(padding(bucketed) < 0.5 * padding(random), padding(bucketed) + " vs " + padding(random));
  }

  private static long padding(Batcher batcher) {
    long padded = 0;
    try (BatchLoader loader = batcher.epoch(0, 0)) {
      for (Batch batch : loader) {
        padded += (long) batch.size() * batch.maxFrames() - batch.numFrames();
      }
    }
    return padded;
  }

  @Test
  void prefetchingWorkersGiveExactlyTheSameAugmentedBatches() {
    List<Sample> samples = samples(40, 4);
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB, training(0), Augmentation.DEFAULT);
    List<Batch> serial = new ArrayList<>();
    List<Batch> parallel = new ArrayList<>();
    try (BatchLoader loader = batcher.epoch(3, 0)) {
      loader.forEach(serial::add);
    }
    try (BatchLoader loader = batcher.epoch(3, 2)) {
      loader.forEach(parallel::add);
    }
    assertEquals(serial.size(), parallel.size());
    for (int i = 0; i < serial.size(); i++) {
      assertArrayEquals(serial.get(i).ids(), parallel.get(i).ids());
      assertArrayEquals(serial.get(i).features(), parallel.get(i).features());
    }
    try (BatchLoader other = batcher.epoch(4, 0)) {
      assertTrue(!java.util.Arrays.equals(other.iterator().next().ids(), serial.get(0).ids())
          || !java.util.Arrays.equals(other.iterator().next().features(), serial.get(0).features()),
          "another epoch shuffles differently");
    }
  }

  @Test
  void maxSeqLengthSubsamplesFramesButKeepsEveryGloss() {
    List<Sample> samples = samples(20, 5);
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB, training(30), Augmentation.NONE);
    assertEquals(20, batcher.numSamples());
    try (BatchLoader loader = batcher.epoch(0, 0)) {
      for (Batch batch : loader) {
        assertTrue(batch.maxFrames() <= 30);
        for (int b = 0; b < batch.size(); b++) {
          int index = Integer.parseInt(batch.ids()[b].substring(1));
          assertEquals(samples.get(index).glosses().size(), batch.labels()[b].length);
        }
      }
    }
  }

  @Test
  void skipPolicyLeavesLongSequencesOutAndSaysWhich() {
    List<Sample> samples = samples(20, 6);
    long longer = samples.stream().filter(s -> s.numFrames() > 50).count();
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB,
        new BatchConfig(4, 50, BatchConfig.LongSequences.SKIP, true, 5, 4, 1), Augmentation.NONE);
    assertEquals(20 - longer, batcher.numSamples());
    assertEquals(longer, batcher.skipped().size());
    assertTrue(batcher.skipped().get(0).contains("--max_seq_length 50"));
  }

  @Test
  void augmentationNeverLeavesTooFewFramesForTheLabels() {
    List<Sample> samples = new ArrayList<>();
    for (Sample s : samples(10, 7)) {
      // 4 glosses with a repeat need 5 steps x 4 frames = 20 frames
      samples.add(new Sample(s.id(), s.signer(), List.of("A", "B", "B", "C"), java.util.Arrays.copyOf(s.features(), 21)));
    }
    Augmentation harsh = new Augmentation(0.5f, 0.9f, 0.1f, 1, 5, 1, 2, 0.5f, 0);
    Batcher batcher = new Batcher(samples, pipeline(samples), VOCAB, training(0), harsh);
    for (int epoch = 0; epoch < 5; epoch++) {
      try (BatchLoader loader = batcher.epoch(epoch, 0)) {
        for (Batch batch : loader) {
          for (int length : batch.lengths()) {
            assertTrue(length >= 20, "length " + length);
          }
        }
      }
    }
  }

  @Test
  void mirroringSwapsTheHandsOfAboutTheRequestedShareOfSentences() {
    FeatureLayout layout = EnhancedFeatures.layout(FaceSubset.NONE);
    Mirroring mirroring = Mirroring.of(layout).orElseThrow();
    Random random = new Random(3);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      float[][] x = new float[24][layout.featureDim()];
      for (float[] frame : x) {
        for (int c = 0; c < frame.length; c++) {
          frame[c] = (float) random.nextGaussian();
        }
      }
      samples.add(new Sample("s" + i, "S1", List.of("A", "B"), x));
    }
    FeaturePipeline pipeline = FeaturePipeline.fit(samples.stream().map(Sample::features).toList(), layout, 0, 1);
    Augmentation mirrorOnly = new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 0.5f);
    Batcher batcher = new Batcher(samples, pipeline, VOCAB, training(0), mirrorOnly);
    int mirrored = 0;
    int plain = 0;
    try (BatchLoader loader = batcher.epoch(0, 0)) {
      for (Batch batch : loader) {
        for (int b = 0; b < batch.size(); b++) {
          Sample sample = samples.get(Integer.parseInt(batch.ids()[b].substring(1)));
          float[] first = java.util.Arrays.copyOfRange(batch.features(), b * batch.maxFrames() * batch.featureDim(),
              (b * batch.maxFrames() + 1) * batch.featureDim());
          if (java.util.Arrays.equals(first, pipeline.transform(sample.features())[0])) {
            plain++;
          } else {
            assertArrayEquals(pipeline.transform(mirroring.apply(sample.features()))[0], first, 1e-6f, sample.id());
            mirrored++;
          }
        }
      }
    }
    assertEquals(40, mirrored + plain);
    assertTrue(mirrored >= 12 && plain >= 12, mirrored + " of 40 mirrored at p = 0.5");
  }

  @Test
  void mirroringFeaturesThatAreNotHolisticIsRefusedWithTheirBlocks() {
    List<Sample> samples = samples(8, 5);
    Augmentation mirror = new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 1f);
    DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
        () -> new Batcher(samples, pipeline(samples), VOCAB, training(0), mirror));
    assertTrue(e.getMessage().contains("--mirror") && e.getMessage().contains("a[2], b[2]"), e.getMessage());
  }
}
