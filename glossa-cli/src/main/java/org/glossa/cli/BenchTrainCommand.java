package org.glossa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.glossa.data.AtomicFiles;
import org.glossa.train.RobustnessSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa bench-train}: the robustness suite (issue 15), one table with the CPU model and the time budget. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
    description = "The robustness suite: synthetic corpora that vary tempo, vocabulary, training size, signers, "
        + "missed hands, landmark noise and handedness, and any of your own (--corpus); on each, the baseline, the "
        + "small teacher, the small student and the distilled student trained with the small presets' recipe for "
        + "the same time; one table of dev/test WER with the CPU model.")
public final class BenchTrainCommand implements Callable<Integer> {

  @Option(names = {"--max-minutes", "--max_minutes"},
      description = "Training time per model (default: 5, or none when --max_steps is given).")
  Double maxMinutes;
  @Option(names = {"--max-steps", "--max_steps"}, defaultValue = "0", description = "Optimizer steps per model "
      + "instead of minutes: the same training on any machine, so tables of different machines or hours compare; "
      + "with --max_minutes as well, whichever ends first (default: none).")
  long maxSteps;
  @Option(names = "--corpora", split = ",", description = "Run only these corpora (default: all: base, fast, slow, "
      + "small, large, signers, hands, noise, flipped).")
  List<String> only;
  @Option(names = "--corpus", paramLabel = "NAME=DIR", description = "A corpus of your own, run like the suite's: "
      + "DIR a dataset with train, dev and test splits (from data from-pose, data import or data synth), NAME its "
      + "row in the table; repeatable. With --corpus and no --corpora only your corpora run; name them in "
      + "--corpora to run them with some of the suite's.")
  Map<String, Path> own = new LinkedHashMap<>();
  @Option(names = {"--work-dir", "--work_dir"}, defaultValue = "runs/robustness",
      description = "Corpora, runs and the table (table.md) go here; corpora already made are reused "
          + "(default: ${DEFAULT-VALUE}).")
  Path workDir;
  @Option(names = {"--data-seed", "--data_seed"}, defaultValue = "11", description = "Seed of the corpora.")
  long dataSeed;
  @Option(names = "--seed", defaultValue = "42", description = "Training seed of every run.")
  long seed;

  @Override
  public Integer call() {
    List<RobustnessSuite.Corpus> corpora = new ArrayList<>(RobustnessSuite.corpora(dataSeed));
    Set<String> known = new LinkedHashSet<>();
    corpora.forEach(c -> known.add(c.name()));
    for (Map.Entry<String, Path> e : own.entrySet()) {
      if (!e.getKey().matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("--corpus " + e.getKey() + "=" + e.getValue() + ": a name is letters, "
            + "digits, '.', '_' or '-' (it names the corpus's folder of runs)");
      }
      if (!known.add(e.getKey())) {
        throw new IllegalArgumentException("--corpus " + e.getKey() + ": the suite has a corpus of that name; "
            + "choose another");
      }
      corpora.add(RobustnessSuite.Corpus.own(e.getKey(), e.getValue()));
    }
    if (only == null && !own.isEmpty()) {
      only = List.copyOf(own.keySet());
    }
    if (only != null) {
      for (String name : only) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException("unknown corpus '" + name + "'; the suite has " + known);
        }
      }
      corpora.removeIf(c -> !only.contains(c.name()));
    }
    String cpu = RobustnessSuite.cpuModel();
    double minutes = maxMinutes != null ? maxMinutes : maxSteps > 0 ? 0 : 5;
    String budget = RobustnessSuite.budget(minutes, maxSteps);
    System.out.printf(Locale.ROOT, "robustness suite: %d corpora x %d models x %s on %s%n", corpora.size(),
        RobustnessSuite.MODELS.size(), budget, cpu);
    RobustnessSuite suite = new RobustnessSuite(workDir, minutes, maxSteps, seed);
    List<RobustnessSuite.Run> done = new ArrayList<>();
    List<RobustnessSuite.Run> runs = suite.run(corpora, System.out::println, run -> {
      System.out.printf(Locale.ROOT, "   %s / %s: dev %.2f test %.2f WER, %d epochs, %d steps of %.1f ms, %.1f min%n",
          run.corpus(), run.model(), run.devWer(), run.testWer(), run.epochs(), run.steps(), run.stepMs(),
          run.minutes());
      done.add(run); // the table so far, so a long suite cut short still leaves one
      AtomicFiles.writeString(workDir.resolve("table.md"), RobustnessSuite.table(done, corpora, budget, cpu));
    });
    String table = RobustnessSuite.table(runs, corpora, budget, cpu); // what the last run wrote to table.md
    System.out.println();
    System.out.print(table);
    System.out.println("table: " + workDir.resolve("table.md"));
    return 0;
  }
}
