package org.glossa.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.glossa.data.Batch;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelConfig;
import org.junit.jupiter.api.Test;

class StreamingRecognizerTest {

  /** A model whose output frame j is class (int) x[4j][0], whatever the context: stitching must be exact. */
  static final class LookupModel implements FrameModel {
    final GlossVocabulary vocabulary = new GlossVocabulary(List.of("A", "B", "C"));
    final FeaturePipeline pipeline = FeaturePipeline.identity(FeatureLayout.unstructured(1));
    int calls;

    @Override
    public float[][][] logits(Batch batch) {
      calls++;
      float[][][] out = new float[batch.size()][][];
      for (int b = 0; b < batch.size(); b++) {
        int frames = ModelConfig.outputLength(batch.lengths()[b]);
        out[b] = new float[frames][4];
        for (int j = 0; j < frames; j++) {
          int cls = (int) batch.features()[(b * batch.maxFrames() + j * ModelConfig.TIME_STRIDE)];
          out[b][j][cls] = 10f;
        }
      }
      return out;
    }

    @Override
    public GlossVocabulary vocabulary() {
      return vocabulary;
    }

    @Override
    public FeaturePipeline pipeline() {
      return pipeline;
    }

    @Override
    public void close() {}
  }

  /** A class path with runs of glosses and blanks, repeats across any border included. */
  static int[] randomPath(Random random, int frames) {
    int[] path = new int[frames];
    int t = 0;
    while (t < frames) {
      int cls = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3);
      int run = 1 + random.nextInt(12);
      for (int k = 0; k < run && t < frames; k++) {
        path[t++] = cls;
      }
    }
    return path;
  }

  @Test
  void streamingEqualsOfflineDecodingForAnyLengthWindowAndHop() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int[] window = {16, 32, 64, 128};
      int w = window[random.nextInt(window.length)];
      int h = 4 * (1 + random.nextInt(w / 4));
      int frames = 1 + random.nextInt(400);
      int[] path = randomPath(random, frames);
      LookupModel model = new LookupModel();
      StreamingRecognizer stream = new StreamingRecognizer(model, w, h);
      List<String> streamed = new ArrayList<>();
      for (int cls : path) {
        stream.accept(new float[] {cls}).forEach(g -> streamed.add(g.gloss()));
      }
      stream.finish().forEach(g -> streamed.add(g.gloss()));
      // Offline: the model on the whole sequence, greedy CTC.
      float[][] whole = new float[frames][1];
      for (int t = 0; t < frames; t++) {
        whole[t][0] = path[t];
      }
      float[][] logits = model.logits(Batch.pad(new String[] {"x"}, new float[][][] {whole}, null))[0];
      List<String> offline = new ArrayList<>();
      for (int id : GreedyCtcDecoder.decode(logits, logits.length)) {
        offline.add(model.vocabulary().gloss(id));
      }
      assertEquals(offline, streamed, "window " + w + " hop " + h + " frames " + frames);
      assertEquals(streamed, stream.glosses());
      assertTrue(stream.hypothesis().partial().isEmpty());
    }
  }

  @Test
  void glossesCarryTheirStartFrameAndWindowsRunEveryHop() {
    LookupModel model = new LookupModel();
    StreamingRecognizer stream = new StreamingRecognizer(model, 64, 16);
    for (int t = 0; t < 200; t++) {
      stream.accept(new float[] {t >= 100 && t < 120 ? 2 : 0});
    }
    List<StreamingRecognizer.Gloss> rest = stream.finish();
    List<StreamingRecognizer.Gloss> all = stream.hypothesis().finalised();
    assertEquals(1, all.size(), all.toString());
    assertEquals("B", all.get(0).gloss());
    assertEquals(100, all.get(0).startFrame());
    assertTrue(rest.isEmpty(), "finalised before the end of the stream");
    assertEquals(1 + (200 - 64) / 16 + 1, stream.windowsRun(), "one window per hop after the first, plus finish");
    assertTrue(stream.latencyPercentileMs(50) >= 0);
  }

  @Test
  void rejectsWindowsOffTheModelsTimeGrid() {
    LookupModel model = new LookupModel();
    assertThrows(IllegalArgumentException.class, () -> new StreamingRecognizer(model, 64, 6));
    assertThrows(IllegalArgumentException.class, () -> new StreamingRecognizer(model, 16, 32));
  }
}
