package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.recognize.Transcript;
import org.junit.jupiter.api.Test;

class RecognizeNpyTest {

  @Test
  void recognisesTheBundledSentence() throws Exception {
    Transcript transcript = RecognizeNpy.recognize(Path.of("model/student-int8.onnx"), Path.of("model/sentence.npy"));
    // the sentence's reference glosses (the test split of Glossa's quickstart dataset), which this model gets right
    List<String> reference = List.of(Files.readString(Path.of("model/sentence.txt")).strip().split(" "));
    assertEquals(reference, transcript.words());
    for (Transcript.TimedGloss gloss : transcript.glosses()) {
      assertTrue(gloss.startFrame() < gloss.endFrame() && gloss.endFrame() <= transcript.numFrames(), gloss.toString());
    }
  }
}
