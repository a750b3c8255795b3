package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glossa.data.DataException;
import org.glossa.data.FaceSubset;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SignerConditions;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessSuiteTest {

  @TempDir
  Path temp;

  @Test
  void theSuiteVariesOneThingPerCorpusOverTheRangesRealCorporaSpan() {
    List<RobustnessSuite.Corpus> corpora = RobustnessSuite.corpora(11);
    SynthConfig base = corpora.get(0).config();
    assertEquals("base", corpora.get(0).name());
    Set<Float> tempos = new HashSet<>();
    Set<Integer> vocabularies = new HashSet<>();
    Set<Integer> sizes = new HashSet<>();
    Set<SignerConditions> conditions = new HashSet<>();
    for (RobustnessSuite.Corpus c : corpora) {
      tempos.add(c.config().framesPerGloss());
      vocabularies.add(c.config().vocabularySize());
      sizes.add(c.config().trainSentences());
      conditions.add(c.config().conditions());
      assertEquals(base.devSentences(), c.config().devSentences(), c.name());
      assertEquals(base.seed(), c.config().seed(), c.name());
    }
    assertEquals(Set.of(10f, 13f, 30f), tempos);
    assertEquals(Set.of(80, 500), vocabularies);
    assertEquals(Set.of(300, 600, 3000), sizes);
    assertEquals(4, conditions.size(), "typical, missed hands, noise, flipped");
  }

  private static RobustnessSuite.Run run(String model, double test) {
    return new RobustnessSuite.Run("c", model, test + 1, test, 1, 3, 450, 20);
  }

  @Test
  void theStepTimeOfARunIsTheMedianOfItsEpochs() {
    TrainingState state = TrainingState.start();
    double[] ms = {50, 70, 52, 200};
    for (int e = 0; e < ms.length; e++) {
      state = state.after(new TrainingState.EpochRecord(e + 1, 1, 1, 10, 1e-3f, 1000, ms[e], 100, 1), 10L * (e + 1));
    }
    assertEquals(61.0, RobustnessSuite.medianStepMs(state), 1e-9, "a slow partial epoch does not pull it up");
    assertTrue(Double.isNaN(RobustnessSuite.medianStepMs(TrainingState.start())));
  }

  @Test
  void barsNameEachMissedComparison() {
    assertEquals("4/4", RobustnessSuite.bars(Map.of("baseline", run("baseline", 40), "teacher", run("teacher", 30),
        "student", run("student", 40), "distilled", run("distilled", 28))));
    assertEquals("2/4: student > baseline, distilled > 0.7 student", RobustnessSuite.bars(Map.of("baseline",
        run("baseline", 40), "teacher", run("teacher", 31), "student", run("student", 45), "distilled",
        run("distilled", 31.6))));
    assertEquals("3/4: distilled > teacher + 1", RobustnessSuite.bars(Map.of("baseline", run("baseline", 40),
        "teacher", run("teacher", 10), "student", run("student", 40), "distilled", run("distilled", 12))));
    assertEquals("-", RobustnessSuite.bars(Map.of("baseline", run("baseline", 40))));
  }

  @Test
  void trainsAndEvaluatesTheFourModelsOfACorpusWithinTheBudgetAndTablesThem() throws Exception {
    SynthConfig tiny = tinyCorpus();
    List<RobustnessSuite.Corpus> corpora = List.of(new RobustnessSuite.Corpus("tiny", "a test", tiny));
    List<String> log = new ArrayList<>();
    List<RobustnessSuite.Run> reported = new ArrayList<>();
    List<RobustnessSuite.Run> runs = new RobustnessSuite(temp, 0.05, 1).run(corpora, log::add, reported::add);

    assertEquals(reported, runs);
    assertEquals(RobustnessSuite.MODELS, runs.stream().map(RobustnessSuite.Run::model).toList());
    for (RobustnessSuite.Run r : runs) {
      assertTrue(r.testWer() >= 0 && r.devWer() >= 0 && r.epochs() >= 1 && r.minutes() > 0, r.toString());
      assertTrue(r.steps() >= r.epochs() && r.stepMs() > 0, r.toString());
    }
    assertTrue(Files.exists(temp.resolve("tiny/teacher/best_i3d.ckpt")));
    assertTrue(Files.exists(temp.resolve("tiny/distilled/best_student.ckpt")));
    String yaml = Files.readString(temp.resolve("tiny/baseline/config.yaml"));
    assertTrue(yaml.matches("(?s).*\\npreset: \"?baseline\"?\\n.*"), yaml);
    assertTrue(log.get(0).contains("making the corpus"), log.toString());

    String table = RobustnessSuite.table(runs, corpora, 0.05, "Some CPU, 2 cores");
    assertTrue(table.startsWith("Test WER % (dev in brackets), greedy; 0.05 min of training per model; Some CPU"),
        table);
    String row = table.lines().filter(l -> l.startsWith("| tiny | a test |")).findFirst().orElseThrow();
    assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.1f (%.1f)", runs.get(1).testWer(),
        runs.get(1).devWer())), row);
    String steps = table.lines().filter(l -> l.startsWith("| tiny | ")).skip(1).findFirst().orElseThrow();
    assertTrue(steps.contains(String.format(java.util.Locale.ROOT, "| %d (%.1f) |", runs.get(2).steps(),
        runs.get(2).stepMs())), steps);
    assertTrue(RobustnessSuite.cpuModel().contains("cores"));

    // a budget of steps instead of minutes: every model gets exactly as many, whatever its speed
    List<RobustnessSuite.Run> stepped = new RobustnessSuite(temp.resolve("stepped"), 0, 7, 1).run(corpora,
        line -> { }, run -> { });
    for (RobustnessSuite.Run r : stepped) {
      assertEquals(7, r.steps(), r.toString());
    }
    assertTrue(RobustnessSuite.table(stepped, corpora, RobustnessSuite.budget(0, 7), "Some CPU").startsWith(
        "Test WER % (dev in brackets), greedy; 7 steps of training per model;"));
    assertEquals("5 min or 2000 steps", RobustnessSuite.budget(5, 2000));
    assertThrows(IllegalArgumentException.class, () -> new RobustnessSuite(temp, 0, 0, 1));
  }

  private static SynthConfig tinyCorpus() {
    return SynthConfig.builder().vocabularySize(12).trainSentences(24).devSentences(6).testSentences(6)
        .signers(4).heldOutSigners(2).minGlosses(2).maxGlosses(4).difficulty(Difficulty.EASY)
        .faceSubset(FaceSubset.COMPACT).fps(25f).seed(3L).writePose(false).framesPerGloss(SynthConfig.REALISTIC_TEMPO)
        .conditions(SignerConditions.TYPICAL).build();
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aUsersOwnCorpusIsTrainedAsItIsAndTabledUnderItsName() throws Exception {
    Path data = temp.resolve("my-data");
    new SyntheticCorpus(tinyCorpus()).write(data, true);
    List<Path> before = filesUnder(data);
    List<RobustnessSuite.Corpus> corpora = List.of(RobustnessSuite.Corpus.own("mine", data));
    List<String> log = new ArrayList<>();
    Path work = temp.resolve("work");
    List<RobustnessSuite.Run> runs = new RobustnessSuite(work, 0, 3, 1).run(corpora, log::add, run -> { });

    assertEquals(RobustnessSuite.MODELS, runs.stream().map(RobustnessSuite.Run::model).toList());
    runs.forEach(r -> assertEquals(3, r.steps(), r.toString()));
    assertTrue(Files.exists(work.resolve("mine/teacher/best_i3d.ckpt")));
    assertTrue(Files.exists(work.resolve("mine/distilled/best_student.ckpt")));
    assertFalse(Files.exists(work.resolve("mine/dataset")), "the corpus is used where it is, not copied");
    assertEquals(before, filesUnder(data), "the user's folder is left as it was");
    assertTrue(log.stream().noneMatch(l -> l.contains("making the corpus")), log.toString());
    assertTrue(log.get(0).startsWith("== mine: 24 training sentences"), log.toString());
    String table = RobustnessSuite.table(runs, corpora, RobustnessSuite.budget(0, 3), "Some CPU");
    assertTrue(table.contains("| mine | own: " + data + " | "), table);
  }

  @Test
  void aUsersCorpusWithoutATestSplitIsRefusedBeforeAnyCorpusTrains() throws Exception {
    Path data = temp.resolve("no-test");
    new SyntheticCorpus(tinyCorpus()).write(data, true);
    Files.delete(data.resolve("test.tsv"));
    Path work = temp.resolve("work");
    List<RobustnessSuite.Corpus> corpora = List.of(RobustnessSuite.corpora(11).get(0),
        RobustnessSuite.Corpus.own("mine", data));
    DataException e = assertThrows(DataException.class,
        () -> new RobustnessSuite(work, 0, 3, 1).run(corpora, line -> { }, run -> { }));
    assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("corpus 'mine' has no test "
        + "sentences"), e.getMessage());
    assertFalse(Files.exists(work), "nothing made or trained, not even the suite's corpus before it");
  }
}
