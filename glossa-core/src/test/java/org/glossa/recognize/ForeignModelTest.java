package org.glossa.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.model.ForeignOnnx;
import org.glossa.model.ModelCard;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own ONNX model: a model written by hand with the ONNX protobuf classes (no Glossa metadata, other
 * tensor names, blank in the last column, time stride 2), described by a model card, recognised, streamed and
 * evaluated through the same API as Glossa's own exports.
 */
class ForeignModelTest {

  @TempDir
  Path temp;

  private ModelCard card(boolean withLengths, boolean timeFirst) throws IOException {
    return ModelCard.read(Files.writeString(temp.resolve("card.json"), ForeignOnnx.cardJson(withLengths, timeFirst)));
  }

  @Test
  void recognisesWithTheCardsVocabularyBlankAndStride() throws IOException {
    Path onnx = ForeignOnnx.write(temp.resolve("foreign.onnx"), false, false);
    float[][] frames = ForeignOnnx.frames(List.of("WETTER", "HALLO", "HALLO", "DANKE"), 6, 4);
    try (Recognizer recognizer = Recognizer.open(onnx, card(false, false))) {
      Transcript transcript = recognizer.recognize(frames, 25f);
      assertEquals(List.of("WETTER", "HALLO", "HALLO", "DANKE"), transcript.words());
      // each gloss's frames: 6 held + 4 blank per gloss, output steps of 2 frames
      Transcript.TimedGloss second = transcript.glosses().get(1);
      assertEquals(10, second.startFrame());
      assertEquals(16, second.endFrame());
      assertEquals(0.4, second.startSeconds(), 1e-6);
      assertEquals(List.of("HALLO", "DANKE", "WETTER"), recognizer.vocabulary().glosses());
    }
  }

  @Test
  void readsALengthsInputAndTimeFirstOutputsInPaddedBatches() throws IOException {
    Path onnx = ForeignOnnx.write(temp.resolve("foreign-tbc.onnx"), true, true);
    Dataset dataset = Dataset.open(ForeignOnnx.dataset(temp.resolve("data")));
    try (Recognizer recognizer = Recognizer.open(onnx, card(true, true))) {
      // sentences of different lengths share a padded batch: the lengths input and the stride cut each one's steps
      EvaluationReport report = Evaluator.evaluate(recognizer, dataset, "test",
          DecodeOptions.builder().batchSize(3).build());
      assertEquals(3, report.sentences());
      assertEquals(List.of("DANKE", "WETTER"), report.hypotheses().get("t0"));
      assertEquals(List.of("HALLO"), report.hypotheses().get("t1"));
      // t2 signs HALLO DANKE, its reference says HALLO WETTER: one substitution in 5 words
      assertEquals(List.of("HALLO", "DANKE"), report.hypotheses().get("t2"));
      assertEquals(1, report.substitutions());
      assertEquals(5, report.referenceWords());
      assertEquals(20.0, report.wer(), 1e-9);
      assertTrue(report.alignments().contains("HYP: hallo DANKE"), report.alignments());
    }
  }

  @Test
  void streamsWithTheSameGlossesAsOffline() throws IOException {
    Path onnx = ForeignOnnx.write(temp.resolve("foreign.onnx"), false, false);
    List<String> sentence = List.of("HALLO", "DANKE", "WETTER", "DANKE", "HALLO", "WETTER");
    float[][] frames = ForeignOnnx.frames(sentence, 6, 4);
    try (Recognizer recognizer = Recognizer.open(onnx, card(false, false))) {
      StreamingRecognizer stream = recognizer.stream(new StreamOptions(16, 8));
      List<String> streamed = new ArrayList<>();
      for (float[] frame : frames) {
        stream.accept(frame).forEach(g -> streamed.add(g.gloss()));
      }
      stream.finish().forEach(g -> streamed.add(g.gloss()));
      assertEquals(sentence, streamed);
      assertEquals(sentence, stream.glosses());
    }
  }

  @Test
  void badCardsAndCardlessForeignFilesAreClearErrors() throws IOException {
    Path onnx = ForeignOnnx.write(temp.resolve("foreign.onnx"), false, false);
    DataException noCard = assertThrows(DataException.class, () -> Recognizer.open(onnx));
    assertTrue(noCard.getMessage().startsWith(onnx.toString()) && noCard.getMessage().contains("--card"),
        noCard.getMessage());

    // a model of 4 feature columns cannot take landmarks: the .pose file is refused by name, before any model runs
    Path pose = org.glossa.data.TestResources.path("pose/example.pose");
    try (Recognizer recognizer = Recognizer.open(onnx, card(false, false))) {
      DataException landmarks = assertThrows(DataException.class, () -> recognizer.read(pose, 25f));
      assertTrue(landmarks.getMessage().startsWith(pose.toString()) && landmarks.getMessage().contains("holds "
          + "landmarks") && landmarks.getMessage().contains("reads 4 feature columns"), landmarks.getMessage());
    }

    Path badBlank = Files.writeString(temp.resolve("blank.json"),
        ForeignOnnx.cardJson(false, false).replace("\"blank\": 3", "\"blank\": 7"));
    DataException blank = assertThrows(DataException.class, () -> ModelCard.read(badBlank));
    assertTrue(blank.getMessage().startsWith(badBlank.toString()) && blank.getMessage().contains("blank = 7"),
        blank.getMessage());

    Path unknown = Files.writeString(temp.resolve("unknown.json"), "{\"glosses\": [\"A\"], \"input\": \"features\", "
        + "\"feature_width\": 4, \"stride\": 2}");
    DataException key = assertThrows(DataException.class, () -> ModelCard.read(unknown));
    assertTrue(key.getMessage().contains("unknown key 'stride'"), key.getMessage());

    Path wrongWidth = Files.writeString(temp.resolve("width.json"),
        ForeignOnnx.cardJson(false, false).replace("\"feature_width\": 4", "\"feature_width\": 5"));
    // the card is valid on its own; the graph's input takes 4 columns
    DataException width = assertThrows(DataException.class, () -> Recognizer.open(onnx, ModelCard.read(wrongWidth)));
    assertTrue(width.getMessage().contains("[-1, -1, 4]") && width.getMessage().contains("feature_width 5"),
        width.getMessage());

    Path wrongClasses = Files.writeString(temp.resolve("classes.json"),
        ForeignOnnx.cardJson(false, false).replace("\"WETTER\"]", "\"WETTER\", \"SONNE\"]"));
    try (Recognizer recognizer = Recognizer.open(onnx, ModelCard.read(wrongClasses))) {
      DataException classes = assertThrows(DataException.class,
          () -> recognizer.recognize(ForeignOnnx.frames(List.of("HALLO"), 2, 2), 25f));
      assertTrue(classes.getMessage().contains("5 classes"), classes.getMessage());
    }

    Path badName = Files.writeString(temp.resolve("name.json"),
        ForeignOnnx.cardJson(false, false).replace("\"input_name\": \"x\"", "\"input_name\": \"features\""));
    DataException name = assertThrows(DataException.class, () -> Recognizer.open(onnx, ModelCard.read(badName)));
    assertTrue(name.getMessage().contains("no input 'features'") && name.getMessage().contains("[x]"),
        name.getMessage());
  }
}
