package org.glossa.data.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.glossa.data.DatasetInfo;
import org.glossa.data.DatasetWriter;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FeatureLayout;
import org.glossa.data.LandmarkSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default dataset: a synthetic signer signs weather-forecast sentences, and the landmarks go
 * through the very same feature code as real MediaPipe landmarks ({@link EnhancedFeatures}). Deterministic for
 * a seed: sample i of a split depends only on the seed, the split and i, whatever the thread count.
 */
public final class SyntheticCorpus {

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticCorpus.class);

  private final SynthConfig config;
  private final Lexicon lexicon;
  private final List<SignerProfile> signers;
  private final Grammar grammar;
  private final SignerRenderer renderer;

  public SyntheticCorpus(SynthConfig config) {
    this.config = config;
    this.lexicon = Lexicon.generate(config.vocabularySize(), config.difficulty().minimalPairShare,
        new Random(mix(config.seed())));
    Random signerRandom = new Random(mix(config.seed() + 7));
    List<SignerProfile> list = new ArrayList<>();
    for (int s = 0; s < config.signers(); s++) {
      list.add(SignerProfile.random(String.format("S%02d", s + 1), signerRandom, config.difficulty(),
          config.conditions(), s >= config.signers() - config.heldOutSigners()));
    }
    this.signers = List.copyOf(list);
    this.grammar = new Grammar(lexicon);
    this.renderer = new SignerRenderer(lexicon, config.difficulty(), config.fps(), config.framesPerGloss(),
        config.conditions().missingHands());
  }

  /** A generated sentence: who signs it, its glosses and its landmarks. */
  public record Sentence(String id, String signer, List<String> glosses, LandmarkSequence landmarks) {}

  /** Sentence {@code index} of a split. */
  public Sentence sentence(String split, int index) {
    long splitCode = switch (split) {
      case "train" -> 1;
      case "dev" -> 2;
      case "test" -> 3;
      default -> throw new IllegalArgumentException("unknown split " + split);
    };
    // Mixed, because java.util.Random's first draws from consecutive seeds are strongly correlated.
    Random random = new Random(mix(mix(config.seed()) + splitCode * 0x9E3779B97F4A7C15L + index));
    int trainSigners = config.signers() - config.heldOutSigners();
    SignerProfile signer = split.equals("train")
        ? signers.get(random.nextInt(trainSigners))
        : signers.get(trainSigners + random.nextInt(config.heldOutSigners()));
    List<String> glosses = grammar.sentence(random, config.minGlosses(), config.maxGlosses());
    LandmarkSequence landmarks = renderer.render(glosses, signer, random);
    String id = String.format("%s_%05d", split, index);
    return new Sentence(id, signer.id(), glosses, landmarks);
  }

  /** SplitMix64's finaliser: spreads nearby seeds over the whole 64-bit range. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public int minimalPairs() {
    return lexicon.minimalPairs;
  }

  /** Generates the whole corpus into a Glossa dataset folder. */
  public DatasetInfo write(Path out, boolean overwrite) {
    FeatureLayout layout = EnhancedFeatures.layout(config.faceSubset());
    DatasetWriter writer = new DatasetWriter(out, overwrite);
    try {
      AtomicInteger done = new AtomicInteger();
      int total = config.trainSentences() + config.devSentences() + config.testSentences();
      for (String split : List.of("train", "dev", "test")) {
        int count = switch (split) {
          case "train" -> config.trainSentences();
          case "dev" -> config.devSentences();
          default -> config.testSentences();
        };
        IntStream.range(0, count).parallel().forEach(i -> {
          Sentence sentence = sentence(split, i);
          float[][] features = EnhancedFeatures.compute(sentence.landmarks(), config.faceSubset());
          writer.add(split, i, sentence.id(), sentence.signer(), sentence.glosses(), features, layout.featureDim());
          if (config.writePose()) {
            sentence.landmarks().toPose(1280, 720)
                .write(out.resolveSibling(out.getFileName() + "-pose").resolve(split).resolve(sentence.id() + ".pose"));
          }
          int n = done.incrementAndGet();
          if (n % 250 == 0) {
            LOG.info("generated {}/{} sentences", n, total);
          }
        });
      }
      String description = String.format("synthetic signer: seed=%d vocab=%d signers=%d (held out %d) "
              + "difficulty=%s face=%s minimal_pairs=%d%s", config.seed(), config.vocabularySize(), config.signers(),
          config.heldOutSigners(), config.difficulty().name().toLowerCase(), config.faceSubset().name().toLowerCase(),
          lexicon.minimalPairs, config.conditions().describe());
      return writer.finish("synthetic-signer", config.fps(), layout,
          "enhanced-holistic-v1/" + config.faceSubset().name().toLowerCase(), description);
    } catch (RuntimeException e) {
      writer.abandon();
      throw e;
    }
  }
}
