package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.glossa.data.Augmentation;
import org.glossa.data.Batch;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.Dataset;
import org.glossa.data.FaceSubset;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.model.ModelConfig;
import org.glossa.model.Presets;
import org.glossa.network.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.util.Event;

/** Gradient accumulation and checkpointing, seeding, monitoring output and the memory guard. */
class TrainingOperationsTest {

  @TempDir
  static Path temp;
  static Path data;
  static List<Sample> train;

  @BeforeAll
  static void makeData() {
    data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(5L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    train = Dataset.open(data).load("train", false).samples();
  }

  static TrainConfig config(Path out, int epochs, Augmentation augmentation, int workers) {
    return TrainConfig.student(data, out).toBuilder().preset("tiny").epochs(epochs).lr(3e-3f).dropout(0f).pcaDim(32)
        .warmupSteps(5).patience(0).workers(workers).seed(11).augmentation(augmentation).maxBatches(4).build();
  }

  private static TrainedModel freshModel(float dropout) {
    FeaturePipeline pipeline = FeaturePipeline.fit(train.stream().map(Sample::features).toList(),
        Dataset.open(data).info().layout(), 0, 1);
    ModelConfig modelConfig = Presets.config("student", "tiny", pipeline.outputLayout().modalities(),
        Dataset.open(data).vocabulary().numClasses(), dropout);
    Engine.getInstance().setRandomSeed(3);
    return new TrainedModel(modelConfig, Dataset.open(data).vocabulary(), pipeline);
  }

  /** Gradients, as float arrays in parameter order, after {@code pass} ran on a fresh step; then zeroed again. */
  private static List<float[]> gradients(TrainedModel model, java.util.function.Consumer<NDManager> pass) {
    List<float[]> gradients = new ArrayList<>();
    try (NDManager step = model.manager().newSubManager()) {
      pass.accept(step);
      for (Parameter p : model.trainableParameters()) {
        NDArray g = p.getArray().getGradient();
        g.attach(step);
        gradients.add(g.toFloatArray());
      }
      OptimizerStep.zeroGradients(model.trainableParameters(), step);
    }
    return gradients;
  }

  private static List<String> names = List.of();

  private static void assertClose(List<float[]> expected, List<float[]> actual, float tolerance) {
    assertEquals(expected.size(), actual.size());
    float scale = 0;
    for (float[] e : expected) {
      for (float v : e) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    assertTrue(scale > 0, "gradients are all zero");
    for (int i = 0; i < expected.size(); i++) {
      for (int k = 0; k < expected.get(i).length; k++) {
        float diff = Math.abs(expected.get(i)[k] - actual.get(i)[k]);
        assertTrue(diff <= tolerance * scale, "parameter " + i + " " + names.get(i) + "[" + k + "]: " + expected.get(i)[k] + " vs "
            + actual.get(i)[k] + " (largest gradient " + scale + ")");
      }
    }
  }

  @Test
  void gradientAccumulationEqualsOneLargerBatch() {
    try (TrainedModel model = freshModel(0f)) {
      Batcher batcher = new Batcher(train, model.pipeline(), model.vocabulary(), BatchConfig.evaluation(4, 0,
          ModelConfig.TIME_STRIDE), Augmentation.NONE);
      int[] four = batcher.plan(0).get(1);
      Batch whole = batcher.build(four, 0, 0);
      Batch first = batcher.build(Arrays.copyOfRange(four, 0, 1), 0, 0);
      Batch rest = batcher.build(Arrays.copyOfRange(four, 1, 4), 0, 0);
      OptimizerStep trainer = OptimizerStep.of(config(temp.resolve("accum"), 1, Augmentation.NONE, 0));
      double[] losses = new double[2];
      // BatchNorm in inference mode: with batch statistics, normalisation itself differs per micro-batch (as in
      // PyTorch), and the equivalence is about how the losses and gradients add up.
      names = model.trainableParameters().stream().map(Parameter::getName).toList();
      List<float[]> large = gradients(model, step -> losses[0] = trainer.accumulateGradients(model,
          List.of(whole), false, step));
      List<float[]> accumulated = gradients(model, step -> losses[1] = trainer.accumulateGradients(model,
          List.of(first, rest), false, step));
      assertEquals(losses[0], losses[1], 1e-5 * losses[0]);
      assertClose(large, accumulated, 1e-5f);
    }
  }

  @Test
  void gradientCheckpointingGivesTheSameGradientsAndStatistics() {
    try (TrainedModel plain = freshModel(0.2f); TrainedModel checkpointed = freshModel(0.2f)) {
      Batcher batcher = new Batcher(train, plain.pipeline(), plain.vocabulary(), BatchConfig.evaluation(4, 0,
          ModelConfig.TIME_STRIDE), Augmentation.NONE);
      Batch batch = batcher.build(batcher.plan(0).get(2), 0, 0);
      OptimizerStep normal = OptimizerStep.of(config(temp.resolve("ckpt"), 1, Augmentation.NONE, 0));
      OptimizerStep recomputing = OptimizerStep.of(config(temp.resolve("ckpt"), 1, Augmentation.NONE, 0)
          .withOptimization(1, true, Precision.FP32));
      names = plain.trainableParameters().stream().map(Parameter::getName).toList();
      Engine.getInstance().setRandomSeed(9); // same dropout masks in both
      List<float[]> expected = gradients(plain, step -> normal.accumulateGradients(plain, List.of(batch), true, step));
      Engine.getInstance().setRandomSeed(9);
      List<float[]> actual = gradients(checkpointed, step -> recomputing.accumulateGradients(checkpointed,
          List.of(batch), true, step));
      assertClose(expected, actual, 1e-5f);
      List<Parameter> a = plain.runningStatistics();
      List<Parameter> b = checkpointed.runningStatistics();
      assertTrue(a.size() > 4);
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.get(i).getArray().toFloatArray(), b.get(i).getArray().toFloatArray(), 1e-6f,
            "running statistic " + a.get(i).getName() + " moved differently");
      }
    }
  }

  @Test
  void sameSeedGivesIdenticalLossesWithAugmentationAndWorkers() {
    Trainer.Result a = new Trainer(config(temp.resolve("seedA"), 2, Augmentation.DEFAULT, 2)).run();
    Trainer.Result b = new Trainer(config(temp.resolve("seedB"), 2, Augmentation.DEFAULT, 0)).run();
    double[] la = a.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
    double[] lb = b.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
    assertArrayEquals(la, lb, 0.0, Arrays.toString(la) + " vs " + Arrays.toString(lb));
  }

  @Test
  void runWritesEventsCurvesReportAndResolvedConfig() throws IOException {
    Path out = temp.resolve("monitored");
    TrainConfig config = config(out, 2, Augmentation.NONE, 1).withOptimization(2, false, Precision.FP32);
    Trainer.Result result = new Trainer(config).run();
    Path events;
    try (Stream<Path> files = Files.list(out)) {
      events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
          .orElseThrow();
    }
    List<Event> parsed = TensorBoardWriterTest.readEvents(events);
    Map<String, Map<Long, Float>> scalars = TensorBoardWriterTest.scalars(parsed);
    for (String tag : List.of("train/loss", "train/grad_norm", "train/learning_rate", "train/frames_per_s",
        "epoch/train_loss", "val/loss", "val/wer", "epoch/frames_per_s", "epoch/peak_memory_mb")) {
      assertTrue(scalars.containsKey(tag), "missing " + tag + " in " + scalars.keySet());
    }
    long steps = result.state().step();
    assertEquals(4, steps, "4 batches per epoch, 2 per optimizer step, 2 epochs");
    assertEquals(steps, scalars.get("train/loss").size());
    assertEquals(2, scalars.get("val/wer").size());
    float lastWer = scalars.get("val/wer").get(steps);
    assertEquals(result.state().history().get(1).devWer(), lastWer, 1e-3);
    for (String png : List.of("curves_loss.png", "curves_wer.png", "curves_lr.png")) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertEquals(640, image.getWidth(), png);
    }
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("best epoch") && html.contains("data:image/png;base64,"), "report content");
    assertTrue(html.contains(String.format("%,d", result.parameterCount())), "parameter count in report");
    String yaml = Files.readString(out.resolve("config.yaml"));
    assertTrue(yaml.contains("grad_accum: 2") && yaml.contains("preset: \"tiny\""), yaml);
  }

  @Test
  void bf16IsRefusedWithAReasonInsteadOfCrashingTheEngine() {
    TrainConfig bf16 = config(temp.resolve("bf16"), 1, Augmentation.NONE, 0).withOptimization(1, false,
        Precision.BF16);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(bf16).run());
    assertTrue(e.getMessage().contains("--precision fp32"), e.getMessage());
  }

  @Test
  void memoryGuardStopsEarlyWithAClearMessage() {
    TrainConfig tight = TrainConfig.student(data, temp.resolve("tight")).toBuilder().preset("tiny").epochs(1).lr(3e-3f)
        .dropout(0f).pcaDim(32).warmupSteps(5).patience(0).workers(0).seed(11).augmentation(Augmentation.NONE)
        .maxBatches(4).maxMemoryMb(64).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(tight).run());
    assertTrue(e.getMessage().contains("limit of 64 MB") && e.getMessage().contains("--grad_checkpointing"),
        e.getMessage());
    assertTrue(!Files.exists(temp.resolve("tight/last.ckpt")), "no checkpoint from a run that cannot fit");
  }
}
