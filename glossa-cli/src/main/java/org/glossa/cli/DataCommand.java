package org.glossa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetInfo;
import org.glossa.data.DatasetStats;
import org.glossa.data.FaceSubset;
import org.glossa.data.PoseImport;
import org.glossa.data.synth.Difficulty;
import org.glossa.data.synth.SignerConditions;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glossa data ...}: make, import and inspect datasets. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Make, import and inspect datasets.",
    subcommands = {DataCommand.Synth.class, DataCommand.FromPose.class, DataCommand.Stats.class})
public final class DataCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code glossa data synth}. */
  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Generate the synthetic-signer dataset (MediaPipe-shaped landmarks -> enhanced features).")
  static final class Synth implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output dataset folder.")
    Path out;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--vocab", defaultValue = "64", description = "Glosses in the lexicon (default: ${DEFAULT-VALUE}).")
    int vocab;
    @Option(names = "--train", defaultValue = "1000", description = "Training sentences (default: ${DEFAULT-VALUE}).")
    int train;
    @Option(names = "--dev", defaultValue = "120", description = "Dev sentences (default: ${DEFAULT-VALUE}).")
    int dev;
    @Option(names = "--test", defaultValue = "629", description = "Test sentences (default: ${DEFAULT-VALUE}).")
    int test;
    @Option(names = "--signers", defaultValue = "10", description = "Signers in all (default: ${DEFAULT-VALUE}).")
    int signers;
    @Option(names = {"--held-out-signers", "--held_out_signers"}, defaultValue = "2",
        description = "Signers seen only in dev/test (default: ${DEFAULT-VALUE}).")
    int heldOut;
    @Option(names = {"--min-glosses", "--min_glosses"}, defaultValue = "3",
        description = "Shortest sentence (default: ${DEFAULT-VALUE}).")
    int minGlosses;
    @Option(names = {"--max-glosses", "--max_glosses"}, defaultValue = "8",
        description = "Longest sentence (default: ${DEFAULT-VALUE}).")
    int maxGlosses;
    @Option(names = "--difficulty", defaultValue = "medium",
        description = "easy, medium or hard: noise, missed detections, coarticulation, minimal pairs "
            + "(default: ${DEFAULT-VALUE}).")
    String difficulty;
    @Option(names = "--face", defaultValue = "compact",
        description = "Face points: none, compact, detailed or full (default: ${DEFAULT-VALUE}).")
    String face;
    @Option(names = "--fps", defaultValue = "25", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    float fps;
    @Option(names = {"--frames-per-gloss", "--frames_per_gloss"}, defaultValue = "13",
        description = "Signing tempo: mean frames per gloss at 25 fps, transitions, holds and rests included "
            + "(6..60; PHOENIX-2014 has about 13; 0 = the first synthetic signer's slow tempo, about 29). "
            + "Default: ${DEFAULT-VALUE}.")
    float framesPerGloss;
    @Option(names = "--noise", defaultValue = "1",
        description = "Landmark jitter as a multiple of the difficulty's (0..10; default: ${DEFAULT-VALUE}).")
    float noise;
    @Option(names = {"--missing-hands", "--missing_hands"}, defaultValue = "1",
        description = "Missed hand detections as a multiple of the difficulty's (0..10; default: ${DEFAULT-VALUE}).")
    float missingHands;
    @Option(names = "--dominance", defaultValue = "mixed",
        description = "mixed (a fifth of all signers left-handed) or flipped (training signers right-handed, "
            + "held-out signers left-handed). Default: ${DEFAULT-VALUE}.")
    String dominance;
    @Option(names = {"--write-pose", "--write_pose"},
        description = "Also write each sentence's landmarks as .pose files into <out>-pose/.")
    boolean writePose;
    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    /** The corpus these options describe; without any, {@link SynthConfig#defaults()} (a test holds them equal). */
    SynthConfig config() {
      return SynthConfig.builder().vocabularySize(vocab).trainSentences(train).devSentences(dev)
          .testSentences(test).signers(signers).heldOutSigners(heldOut).minGlosses(minGlosses).maxGlosses(maxGlosses)
          .difficulty(Difficulty.parse(difficulty)).faceSubset(FaceSubset.parse(face)).fps(fps).seed(seed)
          .writePose(writePose).framesPerGloss(framesPerGloss)
          .conditions(new SignerConditions(noise, missingHands, SignerConditions.Dominance.parse(dominance))).build();
    }

    @Override
    public Integer call() {
      SynthConfig config = config();
      long start = System.nanoTime();
      DatasetInfo info = new SyntheticCorpus(config).write(out, overwrite);
      System.out.printf("wrote %s: %s, feature_dim=%d, splits=%s in %.1f s%n", out, info.description(),
          info.featureDim(), info.splits(), (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }

  /** {@code glossa data from-pose}. */
  @Command(name = "from-pose", mixinStandardHelpOptions = true,
      description = "Import MediaPipe Holistic .pose files plus gloss annotations into a Glossa dataset.")
  static final class FromPose implements Callable<Integer> {
    @Option(names = "--poses", required = true,
        description = "Folder of .pose files, flat or with train/, dev/, test/ subfolders.")
    Path poses;
    @Option(names = "--annotations", required = true,
        description = "Annotation file(s): PHOENIX corpus .csv, NIST .stm or Glossa .tsv (repeatable).")
    List<Path> annotations = new ArrayList<>();
    @Option(names = "--split", defaultValue = "train",
        description = "Split for a flat folder of .pose files (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--face", defaultValue = "compact",
        description = "Face points: none, compact, detailed or full (default: ${DEFAULT-VALUE}).")
    String face;
    @Option(names = "--out", required = true, description = "Output dataset folder.")
    Path out;
    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;
    @Option(names = {"--skip-bad", "--skip_bad"}, description = "Leave out bad files and report them instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() {
      PoseImport.Result result = PoseImport.run(poses, annotations, split, FaceSubset.parse(face), out, overwrite,
          skipBad);
      DatasetInfo info = result.info();
      System.out.printf("wrote %s: fps=%.1f feature_dim=%d splits=%s modalities=%s%n", out, info.fps(),
          info.featureDim(), info.splits(), info.modalities().stream()
              .map(m -> m.name() + "[" + m.offset() + ".." + (m.end() - 1) + "]").toList());
      result.problems().forEach(p -> System.out.println("skipped: " + p.message()));
      return 0;
    }
  }

  /** {@code glossa data stats}. */
  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Samples, frames, length histogram, vocabulary, out-of-vocabulary glosses, detection rates.")
  static final class Stats implements Callable<Integer> {
    @Parameters(index = "0", description = "Dataset folder (Glossa layout or npz folders).")
    Path dir;
    @Option(names = "--annotations", description = "Annotation file(s) for npz folders without glosses.")
    List<Path> annotations = new ArrayList<>();
    @Option(names = {"--skip-bad", "--skip_bad"}, description = "Leave out bad samples and list them instead of stopping.")
    boolean skipBad;

    @Override
    public Integer call() {
      Dataset dataset = Dataset.open(dir, annotations);
      System.out.print(DatasetStats.of(dataset, skipBad).render());
      return 0;
    }
  }
}
