package org.glossa.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glossa.data.Annotations;
import org.glossa.data.InputFiles;

/**
 * Reads references and hypotheses for scoring: STM ({@code file channel speaker begin end [<label>] words}),
 * CTM ({@code file channel begin duration word [confidence]}, words taken in file order as sclite takes them:
 * sort a CTM by file and begin time first, as the PHOENIX scripts do) and plain text
 * ({@code id words...}, whitespace-separated). Results map utterance id → words, in file order.
 */
public final class ScoringFiles {

  /** Words per utterance plus the speaker of each (for references). */
  public record Utterances(Map<String, List<String>> words, Map<String, String> speakers) {}

  private ScoringFiles() {}

  public static Utterances read(Path file) {
    List<String> lines = InputFiles.readLines(file);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".stm")) {
      return stm(file, lines);
    }
    if (name.endsWith(".ctm")) {
      return ctm(file, lines);
    }
    return text(lines);
  }

  private static Utterances stm(Path file, List<String> lines) {
    Map<String, List<String>> words = new LinkedHashMap<>();
    Map<String, String> speakers = new LinkedHashMap<>();
    for (Annotations.Entry e : Annotations.readStm(file, lines)) {
      words.put(e.id(), new ArrayList<>(e.glosses()));
      speakers.put(e.id(), e.signer());
    }
    return new Utterances(words, speakers);
  }

  private static Utterances ctm(Path file, List<String> lines) {
    Map<String, List<Object[]>> words = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith(";;")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 5) {
        throw Annotations.malformed(file, i + 1, "expected 'file channel begin duration word [confidence]'", line);
      }
      double begin = number(file, i, f[2], line);
      number(file, i, f[3], line);
      words.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Object[] {begin, f[4]});
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    words.forEach((id, list) -> {
      List<String> w = new ArrayList<>();
      list.forEach(x -> {
        if (!"[EMPTY]".equals(x[1])) {
          w.add((String) x[1]);
        }
      });
      result.put(id, w);
    });
    return new Utterances(result, Map.of());
  }

  private static Utterances text(List<String> lines) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      result.put(f[0], new ArrayList<>(Arrays.asList(f).subList(1, f.length)));
    }
    return new Utterances(result, Map.of());
  }

  private static double number(Path file, int index, String text, String line) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw Annotations.malformed(file, index + 1, "'" + shorten(text) + "' is not a number", line);
    }
    if (!Double.isFinite(value)) {
      throw Annotations.malformed(file, index + 1, "'" + shorten(text) + "' is not a finite number", line);
    }
    return value;
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }
}
