package org.glossa.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.Annotations;
import org.glossa.data.DataException;
import org.glossa.eval.WerCalculator;

/** WER of the recognition stage against references, with the WER code of {@code glossa evaluate}. */
final class Scoring {

  record Score(double wer, String summary) {
  }

  private Scoring() {
  }

  /**
   * Scores every referenced id that was recognised (the ids of the input that have a reference); a referenced id
   * that failed counts with an empty hypothesis.
   */
  static Score score(List<CorpusJob.Outcome> outcomes, String references) {
    Path local;
    try {
      String name = CorpusJob.hpath(references).getName();
      local = Files.createTempFile("glossa-references-", "-" + name);
      Files.write(local, CorpusJob.readBytes(references));
    } catch (IOException e) {
      throw new DataException("cannot read the references " + references + ": " + e.getMessage());
    }
    try {
      Annotations annotations = Annotations.read(List.of(local));
      Map<String, CorpusJob.Outcome> byId = new HashMap<>();
      for (CorpusJob.Outcome o : outcomes) {
        byId.put(o.id().substring(o.id().lastIndexOf('/') + 1), o);
      }
      WerCalculator wer = new WerCalculator();
      for (Annotations.Entry entry : annotations.entries()) {
        CorpusJob.Outcome o = byId.get(entry.id());
        if (o == null) {
          continue; // not part of this input
        }
        List<String> hypothesis = o.hypothesis().isEmpty() ? List.of() : Arrays.asList(o.hypothesis().split(" "));
        wer.add(entry.id(), entry.glosses(), hypothesis);
      }
      WerCalculator.Totals t = wer.totals();
      return new Score(t.wer(), String.format("WER %.2f%% (S=%d D=%d I=%d N=%d), %d sentences%n", t.wer(),
          t.substitutions(), t.deletions(), t.insertions(), t.referenceWords(), t.sentences()));
    } finally {
      local.toFile().delete();
    }
  }
}
