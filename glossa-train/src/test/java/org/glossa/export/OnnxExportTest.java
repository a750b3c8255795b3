package org.glossa.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.data.Augmentation;
import org.glossa.data.Batch;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.Dataset;
import org.glossa.data.FaceSubset;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelConfig;
import org.glossa.model.OnnxFrameModel;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported graphs run in ONNX Runtime and match the training engine on real samples. */
class OnnxExportTest {

  @TempDir
  static Path temp;
  static Path data;
  static List<Sample> dev;

  @BeforeAll
  static void makeData() {
    data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(8).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(5).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(4L).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    dev = Dataset.open(data).load("dev", false).samples();
  }

  /** A briefly trained tiny model, so BatchNorm statistics and weights are not at their initial values. */
  static Path checkpoint(String kind, boolean removePca) {
    Path out = temp.resolve(kind + removePca);
    if (Files.exists(out.resolve("last.ckpt"))) {
      return out.resolve("last.ckpt");
    }
    TrainConfig d = kind.equals("teacher") ? TrainConfig.teacher(data, out) : TrainConfig.student(data, out);
    // "baseline": the plain Conv1d x2 + BiLSTM preset, trained as a student
    new Trainer(d.toBuilder().preset(kind.equals("baseline") ? "baseline" : "tiny").epochs(1).batchSize(4).lr(3e-3f)
        .dropout(0.1f).removePca(removePca).pcaDim(24).maxSeqLength(0).warmupSteps(5).patience(0).workers(0).seed(3)
        .augmentation(Augmentation.NONE).maxBatches(4).build()).run();
    return out.resolve("last.ckpt");
  }

  private static Batch batch(FrameModel model) {
    Batcher batcher = new Batcher(dev, model.pipeline(), model.vocabulary(), BatchConfig.evaluation(8, 0,
        ModelConfig.TIME_STRIDE), Augmentation.NONE);
    Batch batch = batcher.build(batcher.plan(0).get(0), 0, 0);
    int shortest = java.util.Arrays.stream(batch.lengths()).min().orElseThrow();
    assertTrue(batch.size() > 1 && shortest < batch.maxFrames(), "a padded batch of several sequences");
    return batch;
  }

  private static double maxDifference(float[][][] a, float[][][] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int s = 0; s < a.length; s++) {
      assertEquals(a[s].length, b[s].length, "frames of sequence " + s);
      for (int t = 0; t < a[s].length; t++) {
        for (int v = 0; v < a[s][t].length; v++) {
          max = Math.max(max, Math.abs(a[s][t][v] - b[s][t][v]));
        }
      }
    }
    return max;
  }

  @Test
  void fp32GraphsMatchTheEngineWithinOneInTenThousand() {
    for (String kind : List.of("student", "teacher", "baseline")) {
      for (boolean removePca : List.of(true, false)) {
        for (boolean withFeatures : List.of(false, true)) {
          Path ckpt = checkpoint(kind, removePca);
          Path onnx = temp.resolve(kind + removePca + withFeatures + ".onnx");
          try (TrainedModel model = Checkpoint.load(ckpt).model()) {
            OnnxExport.write(model, new OnnxExport.Options(false, withFeatures), ckpt.toString(), onnx);
            float[][][] expected = model.logits(batch(model));
            try (OnnxFrameModel exported = OnnxFrameModel.open(onnx, OnnxFrameModel.Provider.CPU, 1)) {
              float[][][] actual = exported.logits(batch(exported));
              double difference = maxDifference(expected, actual);
              assertTrue(difference <= 1e-4, kind + " pca=" + !removePca + " features=" + withFeatures
                  + ": max |difference| " + difference);
              assertEquals(model.vocabulary().glosses(), exported.vocabulary().glosses());
            }
          }
        }
      }
    }
  }

  @Test
  void int8GraphIsSmallerAgreesWithFp32AndRunsFusedIntegerKernels() throws Exception {
    Path ckpt = checkpoint("student", true);
    Path fp32 = temp.resolve("q-fp32.onnx");
    Path int8 = temp.resolve("q-int8.onnx");
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      long fp32Bytes = OnnxExport.write(model, new OnnxExport.Options(false, false), "test", fp32);
      long int8Bytes = OnnxExport.write(model, new OnnxExport.Options(true, false), "test", int8);
      assertTrue(int8Bytes < 0.6 * fp32Bytes, int8Bytes + " vs " + fp32Bytes);
      try (OnnxFrameModel quantized = OnnxFrameModel.open(int8, OnnxFrameModel.Provider.CPU, 1)) {
        assertEquals("int8", quantized.metadata().get("glossa.precision"));
        float[][][] raw = dev.stream().limit(8).map(Sample::features).toArray(float[][][]::new);
        double agreement = ParityCheck.compare(model, quantized, raw).agreement();
        // A tiny model after one epoch has many near-ties between classes; trained models agree more (docs).
        assertTrue(agreement > 0.85, "int8 picks the fp32 class on " + agreement + " of frames");
      }
    }
    // ONNX Runtime's optimizer must fuse our pattern into its integer kernel, or INT8 would only be smaller.
    Path optimized = temp.resolve("q-int8-optimized.onnx");
    ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions();
    options.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.setOptimizedModelFilePath(optimized.toString());
    ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(int8.toString(), options).close();
    ai.onnx.proto.OnnxMl.ModelProto graph = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(optimized));
    long fused = graph.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("DynamicQuantizeMatMul"))
        .count();
    long unfused = graph.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("MatMulInteger")).count();
    assertTrue(fused >= 5 && unfused == 0, fused + " fused, " + unfused + " unfused integer MatMuls");
  }

  @Test
  void metadataCarriesVocabularyPipelineAndModel() {
    Path ckpt = checkpoint("teacher", false);
    Path onnx = temp.resolve("meta.onnx");
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      OnnxExport.write(model, new OnnxExport.Options(false, true), ckpt.toString(), onnx);
      try (OnnxFrameModel exported = OnnxFrameModel.open(onnx, OnnxFrameModel.Provider.CPU, 1)) {
        java.util.Map<String, String> meta = exported.metadata();
        assertEquals("raw_features", meta.get("glossa.input"));
        assertEquals("17", meta.get("glossa.opset"));
        assertTrue(meta.get("glossa.model").contains("\"kind\":\"teacher\""), meta.get("glossa.model"));
        assertEquals(model.pipeline().inputDim(), exported.inputDim());
        assertEquals(24, exported.fittedPipeline().outputDim(), "PCA dimension from the checkpoint");
      }
    }
  }

  @Test
  void missingProvidersAndForeignFilesGiveClearErrors() throws Exception {
    Path ckpt = checkpoint("student", true);
    Path onnx = temp.resolve("providers.onnx");
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      OnnxExport.write(model, new OnnxExport.Options(false, false), "test", onnx);
    }
    if (!ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA)) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> OnnxFrameModel.open(onnx, OnnxFrameModel.Provider.CUDA, 1));
      assertTrue(e.getMessage().contains("no CUDA provider"), e.getMessage());
    }
    Path foreign = temp.resolve("foreign.onnx");
    Files.write(foreign, new byte[] {1, 2, 3});
    org.glossa.data.DataException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.glossa.data.DataException.class, () -> OnnxFrameModel.open(foreign, OnnxFrameModel.Provider.CPU, 1));
    assertTrue(e.getMessage().startsWith(foreign.toString()), e.getMessage());
  }

  /** The original design's student at its reference setting: 512 PCA inputs, 1,232 glosses + blank. */
  @Test
  void seedStudentAtReferenceSizeIsAtMostFifteenMiBInInt8() {
    try (TrainedModel model = TrainedModel.untrained("student", "seed-student", 512, 1233, 1)) {
      long fp32 = OnnxExport.build(model, new OnnxExport.Options(false, false), "test").getSerializedSize();
      long int8 = OnnxExport.build(model, new OnnxExport.Options(true, false), "test").getSerializedSize();
      double mib = 1024.0 * 1024;
      assertTrue(Math.abs(fp32 / mib - 59.95) < 1.0, "fp32 " + fp32 / mib + " MiB, the design's 59.95");
      assertTrue(int8 / mib <= 15.0, "int8 " + int8 / mib + " MiB, the design's 14.99");
    }
  }
}
