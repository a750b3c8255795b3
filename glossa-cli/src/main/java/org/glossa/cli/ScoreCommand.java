package org.glossa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glossa.data.DataException;
import org.glossa.eval.Alignment;
import org.glossa.eval.PhoenixCleanup;
import org.glossa.eval.ScliteReport;
import org.glossa.eval.ScoringFiles;
import org.glossa.eval.WerCalculator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa score}: sclite-compatible scoring of hypothesis files against an STM reference. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score hypotheses (.ctm, .stm or 'id words' .txt) against a reference .stm, with the numbers of "
        + "NIST sclite -f 0 -o dtl; no native install needed.")
public final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--ref", required = true, description = "Reference .stm (or 'id words' text).")
  Path ref;
  @Option(names = "--hyp", required = true, description = "Hypotheses: .ctm, .stm or 'id words' text.")
  Path hyp;
  @Option(names = {"--phoenix-cleanup", "--phoenix_cleanup"},
      description = "Apply the RWTH-PHOENIX-Weather 2014 hypothesis clean-up rules before scoring.")
  boolean phoenixCleanup;

  @Override
  public Integer call() {
    ScoringFiles.Utterances references = ScoringFiles.read(ref);
    ScoringFiles.Utterances hypotheses = ScoringFiles.read(hyp);
    for (String id : hypotheses.words().keySet()) {
      if (!references.words().containsKey(id)) {
        throw DataException.inFile(hyp, "utterance '" + id + "' is not in the reference " + ref);
      }
    }
    WerCalculator all = new WerCalculator();
    Map<String, WerCalculator> bySpeaker = new LinkedHashMap<>();
    int hypothesisWords = 0;
    for (Map.Entry<String, List<String>> e : references.words().entrySet()) {
      List<String> hypothesis = hypotheses.words().getOrDefault(e.getKey(), new ArrayList<>());
      if (phoenixCleanup) {
        hypothesis = PhoenixCleanup.apply(hypothesis);
      }
      // sclite compares case-insensitively and prints lower case
      hypothesis = lower(hypothesis);
      List<String> reference = lower(e.getValue());
      hypothesisWords += hypothesis.size();
      Alignment alignment = all.add(e.getKey(), reference, hypothesis);
      String speaker = references.speakers().getOrDefault(e.getKey(), "all").toLowerCase(java.util.Locale.ROOT);
      bySpeaker.computeIfAbsent(speaker, k -> new WerCalculator()).add(e.getKey(), alignment);
    }
    Map<String, WerCalculator.Totals> speakerTotals = new LinkedHashMap<>();
    bySpeaker.forEach((k, v) -> speakerTotals.put(k, v.totals()));
    System.out.print(ScliteReport.summary(speakerTotals, all.totals()));
    System.out.println();
    System.out.print(ScliteReport.detailed(all, hypothesisWords));
    return 0;
  }

  private static List<String> lower(List<String> words) {
    return words.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
  }
}
