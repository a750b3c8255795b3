package org.glossa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring against numbers derived by hand with sclite's rules (substitution 4, insertion 3, deletion 3):
 * <pre>
 * utt1  REF A B C D     HYP A X C D Y   C=3 S=1 (B/X) I=1 (Y)
 * utt2  REF E F G       HYP E F         C=2 D=1 (G); CTM words sorted by time, not file order
 * utt3  REF H I         HYP (none)      D=2
 * utt4  REF K L         HYP L K         C=1 D=1 I=1: cost 6 beats two substitutions (8)
 * total N=11 C=6 S=1 D=4 I=2 -> 7 errors, WER 63.6%; 4 of 4 sentences wrong
 * SignerA: N=7 C=5 S=1 D=1 I=1 -> 42.9%; SignerB: N=4 C=1 D=3 I=1 -> 100.0%
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
    assertEquals(List.of("E", "F"), hyp.words().get("utt2"));
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
    assertEquals(new WerCalculator.Totals(4, 4, 11, 6, 1, 4, 2), t);
    assertEquals(63.636, t.wer(), 1e-3);
    assertEquals(new WerCalculator.Totals(2, 2, 7, 5, 1, 1, 1), signerA.totals());
    String report = ScliteReport.detailed(t, 9);
    assertTrue(report.contains("Percent Total Error       =   63.6%   (    7)"), report);
    assertTrue(report.contains("Percent Substitution      =    9.1%   (    1)"), report);
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
