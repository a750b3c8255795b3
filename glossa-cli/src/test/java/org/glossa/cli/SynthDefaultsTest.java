package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.glossa.data.synth.SignerConditions;
import org.glossa.data.synth.SynthConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `glossa data synth`'s option defaults and {@link SynthConfig#defaults()} (the quickstart's corpus) are one. */
class SynthDefaultsTest {

  private static SynthConfig synth(String... args) {
    DataCommand.Synth command = new DataCommand.Synth();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void dataSynthWithoutFlagsMakesTheCorpusOfTheBuildersDefaults() {
    assertEquals(SynthConfig.defaults(), synth("--out", "d"));
  }

  @Test
  void eachFlagChangesItsOwnSettingOnly() {
    SynthConfig defaults = SynthConfig.defaults();
    assertEquals(defaults.toBuilder().testSentences(50).build(), synth("--out", "d", "--test", "50"));
    assertEquals(defaults.withFramesPerGloss(30), synth("--out", "d", "--frames_per_gloss", "30"));
    SynthConfig flipped = synth("--out", "d", "--dominance", "flipped");
    assertEquals(SignerConditions.Dominance.FLIPPED, flipped.conditions().dominance());
    assertNotEquals(defaults, flipped);
    assertEquals(defaults, flipped.withConditions(defaults.conditions()));
  }
}
