package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.glossa.data.Augmentation;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.Dataset;
import org.glossa.data.FaceSubset;
import org.glossa.data.FeatureLayout;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.model.ModelConfig;
import org.glossa.network.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end smoke tests of training on a tiny synthetic corpus with the tiny presets. */
class TrainerTest {

  @TempDir
  static Path temp;
  static Path data;

  @BeforeAll
  static void makeData() {
    data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(3L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
  }

  private static TrainConfig config(String kind, Path out, int epochs, boolean resume) {
    return config(kind, out, epochs, resume, 0);
  }

  private static TrainConfig config(String kind, Path out, int epochs, boolean resume, int stopAfter) {
    TrainConfig d = kind.equals("student") ? TrainConfig.student(data, out) : TrainConfig.teacher(data, out);
    return d.toBuilder().kind(kind).preset("tiny").epochs(epochs).batchSize(4).lr(3e-3f).dropout(0.1f).pcaDim(32)
        .warmupSteps(5).patience(0).workers(0).seed(7).augmentation(Augmentation.DEFAULT).maxBatches(3).resume(resume)
        .stopAfterEpoch(stopAfter).build();
  }

  @Test
  void theRecipeMirrorsOnlyFeaturesWithHandBlocks() {
    FeatureLayout holistic = EnhancedFeatures.layout(FaceSubset.COMPACT);
    FeatureLayout plain = FeatureLayout.unstructured(512);
    assertEquals(TrainConfig.RECIPE_AUGMENTATION, Trainer.augmentationFor(TrainConfig.RECIPE_AUGMENTATION, holistic));
    assertEquals(Augmentation.NONE, Trainer.augmentationFor(TrainConfig.RECIPE_AUGMENTATION, plain));
    Augmentation asked = Augmentation.DEFAULT.withMirror(1f);
    assertEquals(asked, Trainer.augmentationFor(asked, plain), "an explicit --mirror is the Batcher's to refuse");
  }

  @Test
  void trainsBothKindsAndWritesUsableCheckpoints() {
    for (String kind : new String[] {"student", "teacher"}) {
      Path out = temp.resolve(kind);
      Trainer.Result result = new Trainer(config(kind, out, 2, false)).run();
      assertTrue(Files.exists(result.bestCheckpoint()), kind);
      assertTrue(Files.exists(out.resolve("last.ckpt")));
      assertEquals(2, result.state().history().size());
      assertTrue(Double.isFinite(result.state().history().get(1).trainLoss()));
      Checkpoint.Contents loaded = Checkpoint.load(result.bestCheckpoint());
      // provenance: the build and the exact dataset, beside the run's settings
      com.fasterxml.jackson.databind.JsonNode provenance = loaded.settings().get("provenance");
      assertEquals(org.glossa.data.Dataset.open(data).fingerprint(), provenance.at("/dataset/fingerprint").asText());
      assertEquals("0.1.0", provenance.get("glossa_version").asText());
      assertEquals(org.glossa.data.BuildInfo.commit(), provenance.get("glossa_commit").asText());
      assertEquals(kind, loaded.settings().get("kind").asText());
      try (TrainedModel model = loaded.model()) {
        assertEquals(kind, model.config().kind());
        assertEquals(kind.equals("teacher") ? 32 : 538, model.pipeline().outputDim());
      }
    }
    assertTrue(Files.exists(temp.resolve("student/best_model.ckpt")));
    assertTrue(Files.exists(temp.resolve("teacher/best_i3d.ckpt")));
  }

  @Test
  void aTimeBudgetEndsTheRunValidatedAnnealedAndWithItsBestCheckpoint() {
    Path out = temp.resolve("budget");
    long start = System.nanoTime();
    Trainer.Result result = new Trainer(config("student", out, 10_000, false).withMaxMinutes(0.05)).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<TrainingState.EpochRecord> history = result.state().history();
    assertTrue(history.size() < 10_000, "stopped by the 3 s budget, not by epochs");
    assertTrue(seconds < 60, "ended soon after its budget: " + seconds + " s");
    TrainingState.EpochRecord last = history.get(history.size() - 1);
    assertTrue(Double.isFinite(last.devWer()), "the last, partial epoch is validated");
    assertTrue(last.learningRate() < 0.25f * 3e-3f, "the rate decayed within the budget: " + last.learningRate());
    assertTrue(Files.exists(result.bestCheckpoint()));
    assertTrue(Files.exists(out.resolve("last.ckpt")));
  }

  @Test
  void aStepBudgetEndsTheRunAtThatStepAnnealedAndAResumeDoesNoMore() {
    // 9 steps of 2 sentences an epoch: a budget of 13 steps ends in the middle of epoch 2
    TrainConfig config = config("student", temp.resolve("steps"), 10_000, false).toBuilder().batchSize(2)
        .maxBatches(9).maxSteps(13).build();
    Trainer.Result result = new Trainer(config).run();
    List<TrainingState.EpochRecord> history = result.state().history();
    assertEquals(13, result.state().step(), "exactly the budget's steps");
    assertEquals(2, history.size(), "one whole epoch and a partial one");
    TrainingState.EpochRecord last = history.get(1);
    assertTrue(Double.isFinite(last.devWer()), "the partial epoch is validated");
    // the last step's rate is 12/13 of the way down the cosine (not 13 of 90,000 epochs' steps)
    assertTrue(last.learningRate() < 0.1f * 3e-3f && last.learningRate() > 0.05f * 3e-3f,
        "the rate runs to its end with the steps: " + last.learningRate());
    assertTrue(Files.exists(result.bestCheckpoint()));

    Trainer.Result resumed = new Trainer(config.toBuilder().resume(true).build()).run();
    assertEquals(13, resumed.state().step(), "resumed with its budget spent: no step more");
    assertEquals(2, resumed.state().history().size());
  }

  @Test
  void theScheduleDecaysByStepsOrBySpentTimeWhicheverIsFurther() {
    LearningRateSchedule schedule = new LearningRateSchedule(1f, 10, 1010, 0.05f);
    assertEquals(0.1f, schedule.at(0, 0.9), 1e-6f, "warm-up is by steps alone");
    assertEquals(1f, schedule.at(10, 0), 1e-6f);
    assertEquals(0.525f, schedule.at(510), 1e-4f, "half the steps: half way down the cosine");
    assertEquals(0.525f, schedule.at(10, 0.5), 1e-4f, "half the time: the same");
    assertEquals(0.525f, schedule.at(510, 0.2), 1e-4f, "steps further along than time");
    assertEquals(0.05f, schedule.at(20, 1.0), 1e-6f, "budget spent: the final rate");
  }

  @Test
  void resumedRunRepeatsAnUninterruptedOne() {
    Trainer.Result straight = new Trainer(config("student", temp.resolve("straight"), 3, false)).run();
    new Trainer(config("student", temp.resolve("resumed"), 3, false, 2)).run(); // interrupted after epoch 2
    Trainer.Result resumed = new Trainer(config("student", temp.resolve("resumed"), 3, true)).run();
    double[] a = straight.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
    double[] b = resumed.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
    assertArrayEquals(a, b, 1e-5, Arrays.toString(a) + " vs " + Arrays.toString(b));
  }

  @Test
  void aResumedRunContinuesTheSameWeightAverage() {
    Trainer.Result straight = new Trainer(averaged(config("student", temp.resolve("averaged"), 3, false))).run();
    new Trainer(averaged(config("student", temp.resolve("averaged-resumed"), 3, false, 2))).run();
    Trainer.Result resumed = new Trainer(averaged(config("student", temp.resolve("averaged-resumed"), 3, true))).run();
    // dev loss is the averaged weights' loss: equal only if the average went on from where it was saved
    double[] a = straight.state().history().stream().mapToDouble(TrainingState.EpochRecord::devLoss).toArray();
    double[] b = resumed.state().history().stream().mapToDouble(TrainingState.EpochRecord::devLoss).toArray();
    assertArrayEquals(a, b, 1e-5, Arrays.toString(a) + " vs " + Arrays.toString(b));
  }

  @Test
  void theBestCheckpointHoldsTheAverageAndLastTheLiveWeights() {
    // 9 steps of 2 sentences: the average is updated once, after step 8
    Trainer.Result result = new Trainer(averaged(config("student", temp.resolve("best-average"), 1, false))
        .toBuilder().batchSize(2).maxBatches(9).build()).run();
    Checkpoint.Contents best = Checkpoint.load(result.bestCheckpoint());
    Checkpoint.Contents last = Checkpoint.load(result.lastCheckpoint());
    try (TrainedModel averaged = best.model(); TrainedModel live = last.model()) {
      assertEquals(9, last.averageSteps());
      boolean differs = false;
      for (var e : averaged.parameters().entrySet()) {
        float[] kept = e.getValue().getArray().toFloatArray();
        assertArrayEquals(last.average().get(e.getKey()), kept, 0f, e.getKey());
        differs |= !Arrays.equals(kept, live.parameters().get(e.getKey()).getArray().toFloatArray());
      }
      assertTrue(differs, "the average is not the live weights");
    }
  }

  @Test
  void theAverageMovesTowardTheWeightsAndIsInTheModelOnlyWhileSwappedIn() {
    Trainer.Result result = new Trainer(config("student", temp.resolve("average"), 1, false)).run();
    try (TrainedModel model = Checkpoint.load(result.lastCheckpoint()).model();
        WeightAverage average = new WeightAverage(model, 0.999f)) {
      ai.djl.nn.Parameter p = model.trainableParameters().get(0);
      float[] start = p.getArray().toFloatArray();
      float[] moved = start.clone();
      for (int i = 0; i < moved.length; i++) {
        moved[i] += 1f;
      }
      try (ai.djl.ndarray.NDArray values = model.manager().create(moved, p.getArray().getShape())) {
        p.getArray().set(new ai.djl.ndarray.index.NDIndex("..."), values);
      }
      for (int step = 1; step < WeightAverage.EVERY; step++) {
        average.afterStep(model);
      }
      try (WeightAverage.Swap swap = average.swapIn(model)) {
        assertArrayEquals(start, p.getArray().toFloatArray(), 0f, "no update before step " + WeightAverage.EVERY);
      }
      average.afterStep(model);
      float rate = 1f - 2f / 11f; // the first update's decay is (1 + 1) / (10 + 1), under the cap
      try (WeightAverage.Swap swap = average.swapIn(model)) {
        float[] inModel = p.getArray().toFloatArray();
        for (int i = 0; i < start.length; i++) {
          assertEquals(start[i] + rate, inModel[i], 1e-5f);
        }
      }
      assertArrayEquals(moved, p.getArray().toFloatArray(), 0f, "the live weights are back");
    }
  }

  private static TrainConfig averaged(TrainConfig config) {
    return config.toBuilder().emaDecay(0.9f).build();
  }

  @Test
  void checkpointRoundTripGivesIdenticalLogits() {
    Trainer.Result result = new Trainer(config("student", temp.resolve("roundtrip"), 1, false)).run();
    Checkpoint.Contents first = Checkpoint.load(result.lastCheckpoint());
    Path copy = temp.resolve("copy.ckpt");
    Checkpoint.save(copy, first.model(), first.state(), "test", null);
    Checkpoint.Contents second = Checkpoint.load(copy);
    List<Sample> dev = Dataset.open(data).load("dev", false).samples();
    try (TrainedModel a = first.model(); TrainedModel b = second.model()) {
      Batcher batcher = new Batcher(dev, a.pipeline(), a.vocabulary(), BatchConfig.evaluation(8, 0,
          ModelConfig.TIME_STRIDE), Augmentation.NONE);
      var batch = batcher.build(batcher.plan(0).get(0), 0, 0);
      float[][][] la = a.logits(batch);
      float[][][] lb = b.logits(batch);
      for (int s = 0; s < la.length; s++) {
        for (int t = 0; t < la[s].length; t++) {
          assertArrayEquals(la[s][t], lb[s][t], 0f);
        }
      }
    }
  }

  /** Regression (issue 4): DJL's zeroGradients never reached our parameters, so gradients summed over steps. */
  @Test
  void gradientsAreZeroAfterEveryTrainingStep() {
    Trainer.Result result = new Trainer(config("student", temp.resolve("zero"), 1, false)).run();
    Checkpoint.Contents contents = Checkpoint.load(result.lastCheckpoint());
    List<Sample> train = Dataset.open(data).load("train", false).samples();
    try (TrainedModel model = contents.model()) {
      Batcher batcher = new Batcher(train, model.pipeline(), model.vocabulary(), BatchConfig.evaluation(4, 0,
          ModelConfig.TIME_STRIDE), Augmentation.NONE);
      var batch = batcher.build(batcher.plan(0).get(0), 0, 0);
      Trainer trainer = new Trainer(config("student", temp.resolve("zero"), 1, false));
      double first = trainer.profileStep(model, batch);
      assertTrue(Double.isFinite(first));
      for (ai.djl.nn.Parameter p : model.trainableParameters()) {
        ai.djl.ndarray.NDArray gradient = p.getArray().getGradient();
        assertEquals(0f, gradient.abs().max().getFloat(), p.getName());
        gradient.close();
      }
    }
  }

  @Test
  void corruptCheckpointGivesAClearError() throws IOException {
    Path bad = temp.resolve("bad.ckpt");
    Files.writeString(bad, "not a zip");
    DataException e = assertThrows(DataException.class, () -> Checkpoint.load(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    DataException missing = assertThrows(DataException.class, () -> Checkpoint.load(temp.resolve("none.ckpt")));
    assertTrue(missing.getMessage().contains("checkpoint not found"));
  }
}
