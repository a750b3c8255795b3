package org.glossa.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetInfo;
import org.glossa.data.DatasetStats;
import org.glossa.data.synth.SynthConfig;
import org.glossa.data.synth.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glossa quickstart}: the whole pipeline on the embedded default dataset. It makes the synthetic-signer
 * dataset on first use (reused afterwards) and prints its statistics.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the embedded synthetic-signer dataset (made on first use).")
public final class QuickstartCommand implements Callable<Integer> {

  @Option(names = {"--work-dir", "--work_dir"}, defaultValue = "runs/quickstart",
      description = "Where the dataset and results go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic dataset (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    Path dataDir = workDir.resolve("dataset");
    if (!Files.exists(dataDir.resolve("dataset.json"))) {
      SynthConfig defaults = SynthConfig.defaults();
      SynthConfig config = new SynthConfig(defaults.vocabularySize(), defaults.trainSentences(),
          defaults.devSentences(), defaults.testSentences(), defaults.signers(), defaults.heldOutSigners(),
          defaults.minGlosses(), defaults.maxGlosses(), defaults.difficulty(), defaults.faceSubset(),
          defaults.fps(), seed, false);
      System.out.println("== 1. dataset: generating the synthetic-signer corpus into " + dataDir);
      DatasetInfo info = new SyntheticCorpus(config).write(dataDir, true);
      System.out.println("   " + info.description());
    } else {
      System.out.println("== 1. dataset: reusing " + dataDir + " (delete it to regenerate)");
    }
    System.out.println();
    System.out.print(DatasetStats.of(Dataset.open(dataDir), false).render());
    return 0;
  }
}
