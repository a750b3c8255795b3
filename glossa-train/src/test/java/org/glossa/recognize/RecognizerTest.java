package org.glossa.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.glossa.data.Augmentation;
import org.glossa.data.Dataset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.data.Sample;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.export.OnnxExport;
import org.glossa.network.TrainedModel;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;
import org.glossa.train.Checkpoint;
import org.glossa.train.TrainConfig;
import org.glossa.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program API: a checkpoint or its ONNX export, features or landmarks in, glosses with times out. */
class RecognizerTest {

  @TempDir
  static Path temp;
  static Path data;
  static Path checkpoint;
  static Path onnx;
  static List<Sample> dev;

  @BeforeAll
  static void trainAndExport() {
    data = temp.resolve("data");
    new SyntheticCorpus(SynthConfig.builder().vocabularySize(16).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(1).minGlosses(2).maxGlosses(5).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(5L).writePose(true).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build()).write(data, false);
    dev = Dataset.open(data).load("dev", false).samples();
    Path out = temp.resolve("student");
    TrainConfig config = TrainConfig.student(data, out).toBuilder().preset("tiny").epochs(2).lr(3e-3f).dropout(0.1f)
        .warmupSteps(5).patience(0).workers(0).seed(3).augmentation(Augmentation.NONE).maxBatches(4).build();
    checkpoint = new Trainer(config).run().bestCheckpoint();
    onnx = temp.resolve("student.onnx");
    try (TrainedModel model = Checkpoint.load(checkpoint).model()) {
      OnnxExport.write(model, new OnnxExport.Options(false, false), checkpoint.toString(), onnx);
    }
  }

  @Test
  void aCheckpointAndItsOnnxExportGiveTheGlossesOfGreedyDecoding() {
    try (Recognizer fromCheckpoint = Recognizer.open(checkpoint); Recognizer fromOnnx = Recognizer.open(onnx)) {
      int glosses = 0;
      for (Sample sample : dev) {
        Transcript transcript = fromCheckpoint.recognize(sample.features(), 25f);
        assertEquals(transcript.words(), fromOnnx.recognize(sample.features(), 25f).words(), sample.id());
        // the same as decoding the model's own logits of the sentence
        float[][] logits = fromCheckpoint.model().logits(org.glossa.data.Batch.pad(new String[] {sample.id()},
            new float[][][] {fromCheckpoint.model().pipeline().transform(sample.features())}, null))[0];
        List<String> expected = java.util.Arrays.stream(GreedyCtcDecoder.decode(logits, logits.length))
            .mapToObj(id -> fromCheckpoint.vocabulary().gloss(id)).toList();
        assertEquals(expected, transcript.words(), sample.id());
        assertEquals(sample.features().length, transcript.numFrames());
        for (Transcript.TimedGloss g : transcript.glosses()) {
          assertTrue(0 <= g.startFrame() && g.startFrame() < g.endFrame() && g.endFrame() <= transcript.numFrames(),
              g.toString());
          assertEquals(g.startFrame() / 25.0, g.startSeconds(), 1e-6);
        }
        glosses += transcript.glosses().size();
      }
      assertTrue(glosses > 0, "the trained model recognises something");
    }
  }

  @Test
  void landmarksBecomeTheFeaturesTheModelWasTrainedOn() {
    Path pose = data.resolveSibling("data-pose").resolve("dev").resolve(dev.get(0).id() + ".pose");
    try (Recognizer recognizer = Recognizer.open(onnx)) {
      assertEquals(FaceSubset.COMPACT, recognizer.faceSubset());
      PoseFile file = PoseFile.read(pose);
      LandmarkSequence landmarks = LandmarkSequence.fromPose(file, pose);
      Transcript fromPose = recognizer.recognize(file, pose);
      assertEquals(recognizer.recognize(EnhancedFeatures.compute(landmarks, FaceSubset.COMPACT), landmarks.fps())
          .words(), fromPose.words());
      assertEquals(landmarks.numFrames(), fromPose.numFrames());
    }
  }

  @Test
  void featuresOfTheWrongWidthAreRefusedWithTheFrameAndBothWidths() {
    try (Recognizer recognizer = Recognizer.open(checkpoint)) {
      float[][] features = {new float[538], new float[537]};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> recognizer.recognize(features, 25f));
      assertTrue(e.getMessage().contains("frame 1 has 537") && e.getMessage().contains("reads 538"), e.getMessage());
      assertTrue(recognizer.recognize(new float[0][], 25f).glosses().isEmpty());
    }
  }

  @Test
  void aStreamRunsTheSameModelWindowByWindow() {
    try (Recognizer recognizer = Recognizer.open(onnx)) {
      StreamingRecognizer stream = recognizer.stream(new StreamOptions(32, 8));
      for (float[] frame : dev.get(0).features()) {
        stream.accept(frame);
      }
      stream.finish();
      assertTrue(stream.windowsRun() > 0);
      assertFalse(new StreamOptions(32, 8).equals(StreamOptions.DEFAULT));
      assertThrows(IllegalArgumentException.class, () -> new StreamOptions(10, 8));
    }
  }

  @Test
  void recordingsAreReadFromFeatureAndLandmarkFilesAndCheckedAgainstTheModel() {
    Path pose = data.resolveSibling("data-pose").resolve("dev").resolve(dev.get(0).id() + ".pose");
    Path npy = temp.resolve("sentence.npy");
    org.glossa.data.Npy.writeMatrix(npy, dev.get(0).features(), 538);
    try (Recognizer recognizer = Recognizer.open(onnx)) {
      Recording fromNpy = recognizer.read(npy, 30f);
      assertEquals(30f, fromNpy.fps());
      assertEquals(recognizer.recognize(dev.get(0).features(), 30f), recognizer.recognize(fromNpy));
      Recording fromPose = recognizer.read(pose, 99f); // a .pose file brings its own rate
      assertEquals(25f, fromPose.fps());
      assertEquals(recognizer.recognize(PoseFile.read(pose), pose).words(), recognizer.recognize(fromPose).words());

      Path narrow = temp.resolve("narrow.npy");
      org.glossa.data.Npy.writeMatrix(narrow, new float[][] {new float[5], new float[5]}, 5);
      org.glossa.data.DataException e = assertThrows(org.glossa.data.DataException.class,
          () -> recognizer.read(narrow, 25f));
      assertTrue(e.getMessage().contains("narrow.npy") && e.getMessage().contains("has 5 feature columns")
          && e.getMessage().contains("reads 538"), e.getMessage());
      Path text = temp.resolve("sentence.txt");
      assertThrows(org.glossa.data.DataException.class, () -> recognizer.read(text, 25f));
    }
  }

  @Test
  void aSplitStreamedAgreesWithOfflineRecognitionWhenTheWindowSeesWholeSentences() {
    try (Recognizer recognizer = Recognizer.open(onnx)) {
      int longest = dev.stream().mapToInt(Sample::numFrames).max().orElseThrow();
      int window = (longest / 4 + 2) * 4; // every sentence inside its first window: streaming is offline decoding
      StreamingEvaluation whole = StreamingEvaluation.run(recognizer, Dataset.open(data), "dev",
          new StreamOptions(window, window));
      assertEquals(dev.size(), whole.sentences());
      assertEquals(whole.offline(), whole.streaming());
      assertEquals(dev.stream().mapToLong(Sample::numFrames).sum(), whole.frames());
      assertTrue(whole.framesPerSecond() > 0 && whole.medianWindowMs() > 0);

      StreamingEvaluation sliding = StreamingEvaluation.run(recognizer, Dataset.open(data), "dev",
          new StreamOptions(32, 8));
      assertEquals(whole.offline(), sliding.offline());
      assertEquals(whole.offline().referenceWords(), sliding.streaming().referenceWords());
    }
  }
}
