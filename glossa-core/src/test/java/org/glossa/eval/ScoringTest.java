package org.glossa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring against numbers derived by hand with sclite's rules (substitution 4, insertion 3, deletion 3) and
 * checked against sclite itself (sctk 2.4.10, resources/score/sclite-dtl.txt):
 * <pre>
 * utt1  REF A B C D     HYP A X C D Y   C=3 S=1 (B/X) I=1 (Y)
 * utt2  REF E F G       HYP F E         CTM file order, as sclite reads it: D=1 (E) C=1 (F) S=1 (G/E), cost 7
 * utt3  REF H I         HYP (none)      D=2
 * utt4  REF K L         HYP L K         C=1 D=1 I=1: cost 6 beats two substitutions (8)
 * total N=11 C=5 S=2 D=4 I=2 -> 8 errors, WER 72.7%; 4 of 4 sentences wrong
 * SignerA: N=7 C=4 S=2 D=1 I=1 -> 57.1%; SignerB: N=4 C=1 D=3 I=1 -> 100.0%
 * </pre>
 */
class ScoringTest {

  private static Path resource(String name) {
    try {
      return Path.of(ScoringTest.class.getResource("/score/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void stmAgainstCtmGivesTheHandDerivedSclitNumbers() {
    ScoringFiles.Utterances ref = ScoringFiles.read(resource("ref.stm"));
    ScoringFiles.Utterances hyp = ScoringFiles.read(resource("hyp.ctm"));
    assertEquals(List.of("F", "E"), hyp.words().get("utt2"));
    WerCalculator all = new WerCalculator();
    WerCalculator signerA = new WerCalculator();
    ref.words().forEach((id, words) -> {
      List<String> h = hyp.words().getOrDefault(id, List.of());
      all.add(id, words, h);
      if (ref.speakers().get(id).equals("SignerA")) {
        signerA.add(id, words, h);
      }
    });
    WerCalculator.Totals t = all.totals();
    assertEquals(new WerCalculator.Totals(4, 4, 11, 5, 2, 4, 2), t);
    assertEquals(72.727, t.wer(), 1e-3);
    assertEquals(new WerCalculator.Totals(2, 2, 7, 4, 2, 1, 1), signerA.totals());
  }

  @Test
  void detailedReportEqualsScliteOutputLineForLine() throws java.io.IOException {
    ScoringFiles.Utterances ref = ScoringFiles.read(resource("ref.stm"));
    ScoringFiles.Utterances hyp = ScoringFiles.read(resource("hyp.ctm"));
    WerCalculator all = new WerCalculator();
    ref.words().forEach((id, words) -> all.add(id, words, hyp.words().getOrDefault(id, List.of())));
    String expected = java.nio.file.Files.readString(resource("sclite-dtl.txt"));
    assertEquals(expected.strip(), ScliteReport.detailed(all, 9).strip());
  }

  @Test
  void alignmentMarksErrorsLikeSclite() {
    Alignment a = Alignment.of(List.of("A", "B", "C", "D"), List.of("A", "X", "C", "D", "Y"));
    assertEquals("REF: a B c d *\nHYP: a X c d Y", a.render());
  }

  @Test
  void phoenixCleanupAppliesEachRule() {
    assertEquals(List.of("NORD", "REGEN"), PhoenixCleanup.apply("loc-NORD", "__ON__", "REGEN", "__OFF__"));
    assertEquals(List.of("SONNE", "HABEN"), PhoenixCleanup.apply("S0NNE", "HABEN2"));
    assertEquals(List.of("WIE-AUSSEHEN", "ZEIGEN-BILDSCHIRM"), PhoenixCleanup.apply("WIE", "AUSSEHEN", "ZEIGEN"));
    assertEquals(List.of("A+B+C", "WOLKE"), PhoenixCleanup.apply("A", "B", "C", "WOLKE"));
    assertEquals(List.of("NORD", "REGEN"), PhoenixCleanup.apply("NORDRAUM", "REGEN-PLUSPLUS"));
    assertEquals(List.of("REGEN"), PhoenixCleanup.apply("REGEN", "REGEN", "__EMOTION__", "cl-REGEN"));
  }
}
