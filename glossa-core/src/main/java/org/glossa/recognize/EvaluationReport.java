package org.glossa.recognize;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glossa.data.AtomicFiles;

/**
 * What an evaluation measured: WER with its substitutions, deletions and insertions over the reference words,
 * sentence error rate, decode speed, the most confused gloss pairs, and every sentence's hypothesis and
 * sclite-style alignment.
 */
public record EvaluationReport(String split, int sentences, double wer, int substitutions, int deletions,
    int insertions, int referenceWords, double sentenceErrorRate, String decoder, double framesPerSecond,
    double decodeMsPerSentence, List<Map<String, Object>> topConfusions,
    @JsonIgnore Map<String, List<String>> hypotheses, @JsonIgnore String alignments) {

  /**
   * Writes {@code report.json} (with {@code model} naming what was evaluated), {@code hypotheses.txt} (id and
   * glosses per line) and {@code alignments.txt} into {@code dir}, each atomically.
   */
  public void write(Path dir, String model) {
    StringBuilder lines = new StringBuilder();
    hypotheses.forEach((id, glosses) -> lines.append(id).append(' ').append(String.join(" ", glosses)).append('\n'));
    AtomicFiles.writeString(dir.resolve("alignments.txt"), alignments);
    AtomicFiles.writeString(dir.resolve("hypotheses.txt"), lines.toString());
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode json = mapper.createObjectNode().put("model", model);
      json.setAll((ObjectNode) mapper.valueToTree(this));
      AtomicFiles.writeString(dir.resolve("report.json"), mapper.writeValueAsString(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
