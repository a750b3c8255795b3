package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glossa.data.Augmentation;
import org.glossa.data.Batch;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.FaceSubset;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.model.ModelConfig;
import org.glossa.network.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distillation end to end on a tiny corpus: wiring, metrics, compatibility checks, cache, progressive start. */
class DistillationTest {

  @TempDir
  static Path temp;
  static Path data;
  static Path teacher;

  @BeforeAll
  static void trainTeacher() {
    data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(3L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    teacher = train("teacher", temp.resolve("teacher"), true, 2).bestCheckpoint();
  }

  static Trainer.Result train(String kind, Path out, boolean removePca, int epochs) {
    TrainConfig d = kind.equals("teacher") ? TrainConfig.teacher(data, out) : TrainConfig.student(data, out);
    return new Trainer(d.toBuilder().kind(kind).preset("tiny").epochs(epochs).batchSize(4).lr(3e-3f).dropout(0.1f)
        .removePca(removePca).pcaDim(24).maxSeqLength(0).warmupSteps(5).patience(0).workers(0).seed(7)
        .augmentation(Augmentation.NONE).maxBatches(4).build()).run();
  }

  static TrainConfig student(Path out, Augmentation augmentation) {
    return TrainConfig.distill(data, out).toBuilder().preset("tiny").epochs(2).lr(3e-3f).dropout(0.1f).pcaDim(24)
        .warmupSteps(5).patience(0).workers(0).seed(7).augmentation(augmentation).maxBatches(4).build();
  }

  private static double[] losses(Trainer.Result result) {
    return result.state().history().stream().mapToDouble(TrainingState.EpochRecord::trainLoss).toArray();
  }

  @Test
  void distillationWritesBestStudentAndAgreementScalars() throws IOException {
    Path out = temp.resolve("distilled");
    Trainer.Result result = new Trainer(student(out, Augmentation.DEFAULT),
        new DistillConfig(teacher, null, 3.0, 0.7, DistillationLoss.Target.NONBLANK, false)).run();
    assertEquals(out.resolve("best_student.ckpt"), result.bestCheckpoint());
    Checkpoint.Contents contents = Checkpoint.load(result.bestCheckpoint());
    try (TrainedModel model = contents.model()) {
      assertEquals("student", model.config().kind());
    }
    com.fasterxml.jackson.databind.JsonNode distillation = contents.settings().get("distillation");
    assertEquals(teacher.toString(), distillation.get("teacher_checkpoint").asText(), "the checkpoint names its teacher");
    assertEquals(3.0, distillation.get("temperature").asDouble());
    assertEquals(0.7, distillation.get("alpha").asDouble());
    assertEquals("nonblank", distillation.get("kd_target").asText());
    assertEquals(3e-3, contents.settings().get("lr").asDouble(), 1e-6, "the training config beside it");
    Path events;
    try (Stream<Path> files = Files.list(out)) {
      events = files.filter(p -> p.getFileName().toString().startsWith("events.out")).findFirst().orElseThrow();
    }
    Map<String, Map<Long, Float>> scalars = TensorBoardWriterTest.scalars(TensorBoardWriterTest.readEvents(events));
    for (String tag : List.of("distill/soft_loss", "distill/hard_loss", "distill/train_frame_agreement",
        "val/teacher_frame_agreement")) {
      assertTrue(scalars.containsKey(tag), tag + " missing from " + scalars.keySet());
    }
    String yaml = Files.readString(out.resolve("config.yaml"));
    assertTrue(yaml.startsWith("# glossa distill") && yaml.contains("kd_target: \"nonblank\""), yaml);
  }

  @Test
  void alphaZeroIsPlainCtcTraining() {
    double[] plain = losses(new Trainer(student(temp.resolve("plain"), Augmentation.DEFAULT)).run());
    double[] distilled = losses(new Trainer(student(temp.resolve("alpha0"), Augmentation.DEFAULT),
        new DistillConfig(teacher, null, 3.0, 0.0, DistillationLoss.Target.FULL, false)).run());
    assertArrayEquals(plain, distilled, 0.0, Arrays.toString(plain) + " vs " + Arrays.toString(distilled));
  }

  @Test
  void teacherCacheGivesTheSameLossesWithoutAugmentation() {
    double[] direct = losses(new Trainer(student(temp.resolve("direct"), Augmentation.NONE),
        new DistillConfig(teacher, null, 2.0, 0.5, DistillationLoss.Target.NONBLANK, false)).run());
    double[] cached = losses(new Trainer(student(temp.resolve("cached"), Augmentation.NONE),
        new DistillConfig(teacher, null, 2.0, 0.5, DistillationLoss.Target.NONBLANK, true)).run());
    assertArrayEquals(direct, cached, 1e-6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
        student(temp.resolve("bad-cache"), Augmentation.DEFAULT),
        new DistillConfig(teacher, null, 2.0, 0.5, DistillationLoss.Target.NONBLANK, true)).run());
    assertTrue(e.getMessage().contains("--no_augment"), e.getMessage());
  }

  @Test
  void teacherWithAnotherPipelineGetsFrameAlignedCleanInput() {
    Path pcaTeacher = train("teacher", temp.resolve("pca-teacher"), false, 1).bestCheckpoint();
    List<Sample> train = Dataset.open(data).load("train", false).samples();
    try (TrainedModel t = Checkpoint.load(pcaTeacher).model()) {
      FeaturePipeline studentPipeline = FeaturePipeline.fit(train.stream().map(Sample::features).toList(),
          Dataset.open(data).info().layout(), 0, 1);
      assertTrue(!DistillConfig.samePipeline(t.pipeline(), studentPipeline));
      Batcher batcher = new Batcher(train, studentPipeline, t.vocabulary(), new BatchConfig(4, 0,
          BatchConfig.LongSequences.SUBSAMPLE, true, 50, ModelConfig.TIME_STRIDE, 3), Augmentation.DEFAULT,
          t.pipeline());
      Batch batch = batcher.build(batcher.plan(1).get(0), 1, 0);
      assertNotNull(batch.teacherView());
      assertArrayEquals(batch.lengths(), batch.teacherView().lengths(), "same frames after speed change and drop");
      assertEquals(24, batch.teacherView().featureDim());
    }
    Trainer.Result result = new Trainer(student(temp.resolve("from-pca"), Augmentation.DEFAULT),
        new DistillConfig(pcaTeacher, null, 3.0, 0.7, DistillationLoss.Target.NONBLANK, false)).run();
    assertTrue(Double.isFinite(result.state().history().get(1).trainLoss()));
  }

  @Test
  void refusesATeacherWithAnotherVocabulary() {
    Path other = temp.resolve("other-data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(20).trainSentences(12).devSentences(4).testSentences(4)
        .signers(3).heldOutSigners(1).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(9L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(other, false);
    Path foreign = new Trainer(TrainConfig.teacher(other, temp.resolve("other-teacher")).toBuilder().preset("tiny")
        .epochs(1).batchSize(4).lr(3e-3f).dropout(0.1f).removePca(true).pcaDim(24).maxSeqLength(0).warmupSteps(5)
        .patience(0).workers(0).seed(7).augmentation(Augmentation.NONE).maxBatches(2).build()).run().bestCheckpoint();
    DataException e = assertThrows(DataException.class, () -> new Trainer(student(temp.resolve("refused"),
        Augmentation.NONE), new DistillConfig(foreign, null, 3.0, 0.7, DistillationLoss.Target.NONBLANK, false)).run());
    assertTrue(e.getMessage().startsWith(foreign.toString()) && e.getMessage().contains("glosses"), e.getMessage());
  }

  @Test
  void progressiveTrainingStartsFromTheGivenStudent() {
    Path baseline = train("student", temp.resolve("baseline"), true, 1).bestCheckpoint();
    TrainConfig frozen = TrainConfig.distill(data, temp.resolve("progressive")).toBuilder().preset("tiny").epochs(1)
        .lr(1e-12f).dropout(0f).pcaDim(24).weightDecay(0f).warmupSteps(5).patience(0).workers(0).seed(7)
        .augmentation(Augmentation.NONE).maxBatches(4).build();
    Trainer.Result result = new Trainer(frozen, new DistillConfig(teacher, baseline, 3.0, 0.7,
        DistillationLoss.Target.NONBLANK, false)).run();
    try (TrainedModel start = Checkpoint.load(baseline).model();
        TrainedModel end = Checkpoint.load(result.lastCheckpoint()).model()) {
      String name = start.parameters().keySet().stream().filter(k -> k.endsWith("classifier_weight")).findFirst()
          .orElseThrow();
      assertArrayEquals(start.parameters().get(name).getArray().toFloatArray(),
          end.parameters().get(name).getArray().toFloatArray(), 1e-6f, "weights come from --student_checkpoint");
    }
  }

  /** Arrays alive in all open managers: the engine's system manager sees those of every base manager. */
  private static int liveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  @Test
  void theTeacherIsClosedWhenDistillationEndsOrFails() {
    int before = liveArrays();
    DataException e = assertThrows(DataException.class, () -> new Trainer(student(temp.resolve("no-student"),
        Augmentation.NONE), new DistillConfig(teacher, temp.resolve("missing.ckpt"), 3.0, 0.7,
        DistillationLoss.Target.NONBLANK, false)).run());
    assertTrue(e.getMessage().contains("missing.ckpt"), e.getMessage());
    assertEquals(before, liveArrays(), "the teacher loaded before the failure is closed");
    new Trainer(student(temp.resolve("closed"), Augmentation.NONE),
        new DistillConfig(teacher, null, 3.0, 0.7, DistillationLoss.Target.NONBLANK, false)).run();
    assertEquals(before, liveArrays(), "teacher and student are closed after training");
  }
}
