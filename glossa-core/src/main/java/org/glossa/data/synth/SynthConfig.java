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

  /** The quickstart corpus: the settings {@link #builder} starts from, those of {@code glossa data synth}. */
  public static SynthConfig defaults() {
    return builder().build();
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
    return toBuilder().seed(newSeed).build();
  }

  /** The same settings at another tempo (frames per gloss, or {@link #ORIGINAL_TEMPO}). */
  public SynthConfig withFramesPerGloss(float tempo) {
    return toBuilder().framesPerGloss(tempo).build();
  }

  /** The same settings under other conditions (noise, missed hands, handedness). */
  public SynthConfig withConditions(SignerConditions newConditions) {
    return toBuilder().conditions(newConditions).build();
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

  /**
   * A builder at the defaults of {@code glossa data synth}: 64 glosses, 1000 training, 120 dev and 629 test
   * sentences (RWTH-PHOENIX-Weather 2014's test size; 120 test sentences, about 530 glosses, left a seed's test
   * WER to which sentences it drew), 10 signers (2 held out), 3 to 8 glosses a sentence, medium difficulty, compact
   * faces, 25 fps, seed 1, no .pose files, {@link #REALISTIC_TEMPO}, typical conditions.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to change some of them by name. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets settings by name: {@code SynthConfig.builder().vocabularySize(16).seed(3).build()}. {@link #build} checks
   * the result as the constructor does.
   */
  public static final class Builder {
    private int vocabularySize = 64;
    private int trainSentences = 1000;
    private int devSentences = 120;
    private int testSentences = 629;
    private int signers = 10;
    private int heldOutSigners = 2;
    private int minGlosses = 3;
    private int maxGlosses = 8;
    private Difficulty difficulty = Difficulty.MEDIUM;
    private FaceSubset faceSubset = FaceSubset.COMPACT;
    private float fps = 25f;
    private long seed = 1L;
    private boolean writePose = false;
    private float framesPerGloss = REALISTIC_TEMPO;
    private SignerConditions conditions = SignerConditions.TYPICAL;

    private Builder() {
    }

    private Builder(SynthConfig c) {
      vocabularySize = c.vocabularySize;
      trainSentences = c.trainSentences;
      devSentences = c.devSentences;
      testSentences = c.testSentences;
      signers = c.signers;
      heldOutSigners = c.heldOutSigners;
      minGlosses = c.minGlosses;
      maxGlosses = c.maxGlosses;
      difficulty = c.difficulty;
      faceSubset = c.faceSubset;
      fps = c.fps;
      seed = c.seed;
      writePose = c.writePose;
      framesPerGloss = c.framesPerGloss;
      conditions = c.conditions;
    }

    public Builder vocabularySize(int value) {
      vocabularySize = value;
      return this;
    }

    public Builder trainSentences(int value) {
      trainSentences = value;
      return this;
    }

    public Builder devSentences(int value) {
      devSentences = value;
      return this;
    }

    public Builder testSentences(int value) {
      testSentences = value;
      return this;
    }

    public Builder signers(int value) {
      signers = value;
      return this;
    }

    public Builder heldOutSigners(int value) {
      heldOutSigners = value;
      return this;
    }

    public Builder minGlosses(int value) {
      minGlosses = value;
      return this;
    }

    public Builder maxGlosses(int value) {
      maxGlosses = value;
      return this;
    }

    public Builder difficulty(Difficulty value) {
      difficulty = value;
      return this;
    }

    public Builder faceSubset(FaceSubset value) {
      faceSubset = value;
      return this;
    }

    public Builder fps(float value) {
      fps = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder writePose(boolean value) {
      writePose = value;
      return this;
    }

    public Builder framesPerGloss(float value) {
      framesPerGloss = value;
      return this;
    }

    public Builder conditions(SignerConditions value) {
      conditions = value;
      return this;
    }

    public SynthConfig build() {
      return new SynthConfig(vocabularySize, trainSentences, devSentences, testSentences, signers, heldOutSigners,
          minGlosses, maxGlosses, difficulty, faceSubset, fps, seed, writePose, framesPerGloss, conditions);
    }
  }
}
