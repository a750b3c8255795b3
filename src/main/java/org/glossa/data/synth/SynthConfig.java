package org.glossa.data.synth;

import org.glossa.data.FaceSubset;

/**
 * Settings of a synthetic corpus. The defaults make the quickstart dataset.
 *
 * @param heldOutSigners signers that appear only in dev and test (signer-independent evaluation)
 * @param framesPerGloss signing tempo: mean frames per gloss at 25 fps, transitions, holds and the rests at both
 *                       ends included (PHOENIX-2014: about 12-14); {@link #ORIGINAL_TEMPO} for the first
 *                       synthetic signer's slow signing (about 29), which leaves out holds
 * @param conditions     landmark noise, missed hands and handedness, beyond what the difficulty sets
 */
public record SynthConfig(int vocabularySize, int trainSentences, int devSentences, int testSentences,
    int signers, int heldOutSigners, int minGlosses, int maxGlosses, Difficulty difficulty, FaceSubset faceSubset,
    float fps, long seed, boolean writePose, float framesPerGloss, SignerConditions conditions) {

  /** The first synthetic signer's tempo, kept so its datasets (and the tests built on them) regenerate exactly. */
  public static final float ORIGINAL_TEMPO = 0;
  /** Default tempo: PHOENIX-2014's, about 800k training frames for 65k glosses. */
  public static final float REALISTIC_TEMPO = 13;

  public static SynthConfig defaults() {
    return new SynthConfig(64, 1000, 120, 120, 10, 2, 3, 8, Difficulty.MEDIUM, FaceSubset.COMPACT, 25f, 1L, false,
        REALISTIC_TEMPO, SignerConditions.TYPICAL);
  }

  /** A corpus under typical conditions. */
  public SynthConfig(int vocabularySize, int trainSentences, int devSentences, int testSentences, int signers,
      int heldOutSigners, int minGlosses, int maxGlosses, Difficulty difficulty, FaceSubset faceSubset, float fps,
      long seed, boolean writePose, float framesPerGloss) {
    this(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners, minGlosses, maxGlosses,
        difficulty, faceSubset, fps, seed, writePose, framesPerGloss, SignerConditions.TYPICAL);
  }

  /** A corpus at the original synthetic signer's tempo. */
  public SynthConfig(int vocabularySize, int trainSentences, int devSentences, int testSentences, int signers,
      int heldOutSigners, int minGlosses, int maxGlosses, Difficulty difficulty, FaceSubset faceSubset, float fps,
      long seed, boolean writePose) {
    this(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners, minGlosses, maxGlosses,
        difficulty, faceSubset, fps, seed, writePose, ORIGINAL_TEMPO);
  }

  /** The same settings with another seed. */
  public SynthConfig withSeed(long newSeed) {
    return new SynthConfig(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners,
        minGlosses, maxGlosses, difficulty, faceSubset, fps, newSeed, writePose, framesPerGloss, conditions);
  }

  /** The same settings at another tempo (frames per gloss, or {@link #ORIGINAL_TEMPO}). */
  public SynthConfig withFramesPerGloss(float tempo) {
    return new SynthConfig(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners,
        minGlosses, maxGlosses, difficulty, faceSubset, fps, seed, writePose, tempo, conditions);
  }

  /** The same settings under other conditions (noise, missed hands, handedness). */
  public SynthConfig withConditions(SignerConditions newConditions) {
    return new SynthConfig(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners,
        minGlosses, maxGlosses, difficulty, faceSubset, fps, seed, writePose, framesPerGloss, newConditions);
  }

  public SynthConfig {
    if (vocabularySize < 8) {
      throw new IllegalArgumentException("--vocab must be at least 8, got " + vocabularySize);
    }
    if (trainSentences < 1 || devSentences < 0 || testSentences < 0) {
      throw new IllegalArgumentException("need at least 1 training sentence and no negative split sizes");
    }
    if (heldOutSigners < 1 || signers <= heldOutSigners) {
      throw new IllegalArgumentException("need --held_out_signers >= 1 and --signers > --held_out_signers, got "
          + signers + " signers, " + heldOutSigners + " held out");
    }
    if (minGlosses < 1 || maxGlosses < minGlosses) {
      throw new IllegalArgumentException("need 1 <= --min_glosses <= --max_glosses, got " + minGlosses + ", "
          + maxGlosses);
    }
    if (!(fps >= 10 && fps <= 120)) {
      throw new IllegalArgumentException("--fps must be in 10..120, got " + fps);
    }
    if (conditions == null) {
      throw new IllegalArgumentException("need signer conditions (SignerConditions.TYPICAL for the usual)");
    }
    if (framesPerGloss != ORIGINAL_TEMPO && !(framesPerGloss >= 6 && framesPerGloss <= 60)) {
      throw new IllegalArgumentException("--frames_per_gloss must be in 6..60 (PHOENIX-2014: about 13), got "
          + framesPerGloss);
    }
  }
}
