package org.glossa.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetStats;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.PoseFile;
import org.glossa.data.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {

  @TempDir
  Path temp;

  private static SynthConfig small(long seed) {
    return SynthConfig.builder().vocabularySize(24).trainSentences(30).devSentences(6).testSentences(6).signers(5)
        .heldOutSigners(2).minGlosses(3).maxGlosses(6).difficulty(Difficulty.MEDIUM).faceSubset(FaceSubset.COMPACT)
        .fps(25f).seed(seed).writePose(false).framesPerGloss(SynthConfig.ORIGINAL_TEMPO).build();
  }

  @Test
  void sameSeedGivesIdenticalDataAndAnotherSeedDiffers() {
    SyntheticCorpus a = new SyntheticCorpus(small(7));
    SyntheticCorpus b = new SyntheticCorpus(small(7));
    SyntheticCorpus c = new SyntheticCorpus(small(8));
    SyntheticCorpus.Sentence sa = a.sentence("train", 3);
    SyntheticCorpus.Sentence sb = b.sentence("train", 3);
    assertEquals(sa.glosses(), sb.glosses());
    float[][] fa = EnhancedFeatures.compute(sa.landmarks(), FaceSubset.COMPACT);
    float[][] fb = EnhancedFeatures.compute(sb.landmarks(), FaceSubset.COMPACT);
    for (int t = 0; t < fa.length; t++) {
      assertArrayEquals(fa[t], fb[t]);
    }
    assertNotEquals(sa.landmarks().numFrames() + sa.glosses().toString(),
        c.sentence("train", 3).landmarks().numFrames() + c.sentence("train", 3).glosses().toString());
  }

  /** Mean frames per gloss over the first {@code sentences} training sentences of the default corpus at a tempo. */
  private static double framesPerGloss(float tempo, float fps, int sentences) {
    SyntheticCorpus corpus = new SyntheticCorpus(SynthConfig.defaults().toBuilder().trainSentences(sentences)
        .devSentences(0).testSentences(0).fps(fps).seed(3L).writePose(false).framesPerGloss(tempo).build());
    long frames = 0;
    long glosses = 0;
    for (int i = 0; i < sentences; i++) {
      SyntheticCorpus.Sentence sentence = corpus.sentence("train", i);
      frames += sentence.landmarks().numFrames();
      glosses += sentence.glosses().size();
    }
    return (double) frames / glosses;
  }

  @Test
  void signsAtTheTempoItIsGivenAndRealSignersTempoByDefault() {
    assertEquals(SynthConfig.REALISTIC_TEMPO, SynthConfig.defaults().framesPerGloss());
    for (float tempo : new float[] {10, 13, 20, 30}) {
      double measured = framesPerGloss(tempo, 25f, 300);
      assertEquals(tempo, measured, 0.1 * tempo, "tempo " + tempo);
    }
    // at 50 fps the same signing takes twice the frames
    assertEquals(26, framesPerGloss(13, 50f, 300), 2.6);
    double original = framesPerGloss(SynthConfig.ORIGINAL_TEMPO, 25f, 300);
    assertTrue(original > 24 && original < 30, "the first synthetic signer's slow tempo: " + original);
    assertThrowsIllegalArgument(() -> framesPerGloss(4, 25f, 1));
  }

  private static void assertThrowsIllegalArgument(Runnable run) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        run::run);
    assertTrue(e.getMessage().contains("--frames_per_gloss"), e.getMessage());
  }

  @Test
  void testSignersAreHeldOutOfTraining() {
    SyntheticCorpus corpus = new SyntheticCorpus(small(1));
    Set<String> train = new HashSet<>();
    Set<String> test = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      train.add(corpus.sentence("train", i).signer());
      test.add(corpus.sentence("test", i).signer());
      test.add(corpus.sentence("dev", i).signer());
    }
    assertEquals(Set.of("S01", "S02", "S03"), train);
    assertEquals(Set.of("S04", "S05"), test);
  }

  @Test
  void sentencesRespectLengthsAndLandmarksAreMediaPipeShaped() {
    SyntheticCorpus corpus = new SyntheticCorpus(small(2));
    for (int i = 0; i < 20; i++) {
      SyntheticCorpus.Sentence s = corpus.sentence("train", i);
      assertTrue(s.glosses().size() >= 3 && s.glosses().size() <= 6, s.glosses().toString());
      LandmarkSequence l = s.landmarks();
      assertTrue(l.numFrames() > 8 * s.glosses().size(), "about 8+ frames per sign");
      assertTrue(l.detectionRate(Holistic.Part.POSE) == 1.0);
      assertTrue(l.detectionRate(Holistic.Part.FACE) > 0.9);
      int middle = l.numFrames() / 2;
      float shoulderY = l.y(Holistic.Part.POSE, middle, Holistic.LEFT_SHOULDER);
      assertTrue(l.y(Holistic.Part.POSE, middle, Holistic.NOSE) < shoulderY, "nose above shoulders");
      assertTrue(l.x(Holistic.Part.POSE, middle, Holistic.LEFT_SHOULDER)
          > l.x(Holistic.Part.POSE, middle, Holistic.RIGHT_SHOULDER), "person's left is on the image's right");
    }
  }

  @Test
  void lexiconHasMinimalPairsAndDistinctForms() {
    Lexicon lexicon = Lexicon.generate(64, 0.35, new Random(3));
    assertEquals(64, lexicon.signs.size());
    assertTrue(lexicon.minimalPairs > 5, "minimal pairs: " + lexicon.minimalPairs);
    Set<String> forms = new HashSet<>();
    lexicon.signs.forEach(s -> forms.add(s.form()));
    assertEquals(64, forms.size());
  }

  @Test
  void writesADatasetReadableByTheLoaderAndStats() {
    Path out = temp.resolve("synth");
    SynthConfig config = SynthConfig.builder().vocabularySize(24).trainSentences(30).devSentences(6).testSentences(6)
        .signers(5).heldOutSigners(2).minGlosses(3).maxGlosses(6).difficulty(Difficulty.HARD)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(1L).writePose(true).framesPerGloss(SynthConfig.ORIGINAL_TEMPO)
        .build();
    new SyntheticCorpus(config).write(out, false);
    Dataset dataset = Dataset.open(out);
    assertEquals(538, dataset.info().featureDim());
    List<Sample> train = dataset.load("train", false).samples();
    assertEquals(30, train.size());
    assertEquals(538, train.get(0).features()[0].length);
    DatasetStats stats = DatasetStats.of(dataset, false);
    assertEquals(30, stats.splits().get("train").samples());
    double handRate = stats.splits().get("train").detectionRates().get("right_hand");
    assertTrue(handRate > 0.3 && handRate < 1.0, "hands are sometimes missed: " + handRate);
    // the .pose copy goes through the same feature code and gives the same features
    Path pose = temp.resolve("synth-pose/train/train_00000.pose");
    float[][] fromPose = EnhancedFeatures.compute(LandmarkSequence.fromPose(PoseFile.read(pose), pose),
        FaceSubset.COMPACT);
    float[][] stored = Npy.readMatrix(out.resolve("features/train/train_00000.npy"));
    assertEquals(stored.length, fromPose.length);
    for (int t = 0; t < stored.length; t++) {
      assertArrayEquals(stored[t], fromPose[t], 1e-4f);
    }
    DatasetStats.SplitStats trainStats = stats.splits().get("train");
    long frames = train.stream().mapToLong(Sample::numFrames).sum();
    long glosses = train.stream().mapToLong(sample -> sample.glosses().size()).sum();
    assertEquals((double) frames / glosses, trainStats.framesPerGloss(), 1e-9);
    assertTrue(stats.render().contains(String.format("%.1f", trainStats.framesPerGloss())), stats.render());
  }
  private static SyntheticCorpus under(SignerConditions conditions) {
    return new SyntheticCorpus(SynthConfig.builder().vocabularySize(24).trainSentences(30).devSentences(6)
        .testSentences(6).signers(5).heldOutSigners(2).minGlosses(3).maxGlosses(6).difficulty(Difficulty.MEDIUM)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(4L).writePose(false).framesPerGloss(SynthConfig.REALISTIC_TEMPO)
        .conditions(conditions).build());
  }

  /** Share of frames in which a hand was not detected, over 20 training sentences. */
  private static double missedHands(SignerConditions conditions) {
    SyntheticCorpus corpus = under(conditions);
    long missed = 0;
    long frames = 0;
    for (int i = 0; i < 20; i++) {
      LandmarkSequence l = corpus.sentence("train", i).landmarks();
      for (int f = 0; f < l.numFrames(); f++) {
        missed += (l.detected(Holistic.Part.LEFT_HAND, f) ? 0 : 1) + (l.detected(Holistic.Part.RIGHT_HAND, f) ? 0 : 1);
      }
      frames += 2L * l.numFrames();
    }
    return (double) missed / frames;
  }

  /** Mean size of the frame-to-frame second difference of the left shoulder: detector jitter, not movement. */
  private static double jitter(SignerConditions conditions) {
    SyntheticCorpus corpus = under(conditions);
    double sum = 0;
    long n = 0;
    for (int i = 0; i < 20; i++) {
      LandmarkSequence l = corpus.sentence("train", i).landmarks();
      for (int f = 1; f + 1 < l.numFrames(); f++) {
        sum += Math.abs(l.x(Holistic.Part.POSE, f + 1, Holistic.LEFT_SHOULDER)
            - 2 * l.x(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER)
            + l.x(Holistic.Part.POSE, f - 1, Holistic.LEFT_SHOULDER));
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void noiseAndMissingHandsFollowTheirKnobsAndTypicalConditionsChangeNothing() {
    SignerConditions.Dominance mixed = SignerConditions.Dominance.MIXED;
    double none = missedHands(new SignerConditions(1, 0, mixed));
    double typical = missedHands(SignerConditions.TYPICAL);
    double many = missedHands(new SignerConditions(1, 4, mixed));
    assertTrue(none < typical && typical + 0.05 < many, "missed hands " + none + " < " + typical + " < " + many);
    double still = jitter(new SignerConditions(0, 1, mixed));
    double usual = jitter(SignerConditions.TYPICAL);
    double shaky = jitter(new SignerConditions(3, 1, mixed));
    assertTrue(still < usual / 3 && shaky > 2 * usual, "jitter " + still + " < " + usual + " < " + shaky);
    // the knobs at 1 give exactly the corpus made before they existed
    SynthConfig before = SynthConfig.builder().vocabularySize(24).trainSentences(30).devSentences(6).testSentences(6)
        .signers(5).heldOutSigners(2).minGlosses(3).maxGlosses(6).difficulty(Difficulty.MEDIUM)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(4L).writePose(false).framesPerGloss(SynthConfig.REALISTIC_TEMPO)
        .build();
    float[][] a = EnhancedFeatures.compute(new SyntheticCorpus(before).sentence("test", 2).landmarks(),
        FaceSubset.COMPACT);
    float[][] b = EnhancedFeatures.compute(under(SignerConditions.TYPICAL).sentence("test", 2).landmarks(),
        FaceSubset.COMPACT);
    assertEquals(a.length, b.length);
    for (int t = 0; t < a.length; t++) {
      assertArrayEquals(a[t], b[t]);
    }
  }

  /**
   * How high a hand is held over a split's first 30 sentences: mean height of its wrist above the shoulders'
   * level, in shoulder widths, over frames where it was detected. The leading hand signs, the other mostly rests.
   */
  private static double raised(SyntheticCorpus corpus, String split, Holistic.Part hand) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < 30; i++) {
      LandmarkSequence l = corpus.sentence(split, i).landmarks();
      for (int f = 0; f < l.numFrames(); f++) {
        if (l.detected(hand, f)) {
          float shoulders = (l.y(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER)
              + l.y(Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER)) / 2;
          float width = Math.abs(l.x(Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER)
              - l.x(Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER));
          sum += (shoulders - l.y(hand, f, 0)) / width;
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void flippedDominanceTrainsOnRightHandersAndTestsOnLeftHanders() {
    SyntheticCorpus corpus = under(new SignerConditions(1, 1, SignerConditions.Dominance.FLIPPED));
    double trainLeft = raised(corpus, "train", Holistic.Part.LEFT_HAND);
    double trainRight = raised(corpus, "train", Holistic.Part.RIGHT_HAND);
    double testLeft = raised(corpus, "test", Holistic.Part.LEFT_HAND);
    double testRight = raised(corpus, "test", Holistic.Part.RIGHT_HAND);
    // measured: the leading hand is held 0.3-0.4 shoulder widths higher on average
    assertTrue(trainRight > trainLeft + 0.2, "training signers lead with the right hand: " + trainRight + " vs "
        + trainLeft);
    assertTrue(testLeft > testRight + 0.2, "held-out signers lead with the left hand: " + testLeft + " vs "
        + testRight);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SignerConditions.Dominance.parse("ambidextrous"));
    assertTrue(e.getMessage().contains("mixed or flipped"), e.getMessage());
  }
}
