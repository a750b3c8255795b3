package org.glossa.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The glosses a model can output. Id 0 is the CTC blank ({@link #BLANK_ID}) and is not listed; gloss i of the
 * list has id i + 1, so a model has {@link #numClasses()} = size + 1 outputs.
 */
public final class GlossVocabulary {

  /** The CTC blank's id. */
  public static final int BLANK_ID = 0;

  private final List<String> glosses;
  private final Map<String, Integer> ids = new HashMap<>();

  public GlossVocabulary(List<String> glosses) {
    this.glosses = List.copyOf(glosses);
    for (int i = 0; i < this.glosses.size(); i++) {
      String gloss = this.glosses.get(i);
      if (gloss.isBlank() || gloss.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("gloss " + (i + 1) + " '" + gloss + "' is empty or has whitespace");
      }
      if (ids.put(gloss, i + 1) != null) {
        throw new IllegalArgumentException("gloss '" + gloss + "' is listed twice");
      }
    }
  }

  /** The sorted set of glosses used in some sentences (how a vocabulary is built from a training split). */
  public static GlossVocabulary fromSentences(Collection<List<String>> sentences) {
    TreeSet<String> set = new TreeSet<>();
    sentences.forEach(set::addAll);
    return new GlossVocabulary(new ArrayList<>(set));
  }

  /** Reads vocab.txt: one gloss per line, blank not listed. */
  public static GlossVocabulary read(Path file) {
    return parse(InputFiles.readLines(file), file);
  }

  /** Parses the lines of a vocab.txt; {@code file} names their source in errors. */
  public static GlossVocabulary parse(List<String> lines, Path file) {
    List<String> glosses = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String gloss = lines.get(i).strip();
      if (gloss.isEmpty() && i == lines.size() - 1) {
        continue;
      }
      if (gloss.isEmpty() || gloss.chars().anyMatch(Character::isWhitespace)) {
        throw DataException.inFile(file, "line " + (i + 1) + ": expected one gloss without spaces, found '"
            + lines.get(i) + "'");
      }
      if (glosses.contains(gloss)) {
        throw DataException.inFile(file, "line " + (i + 1) + ": gloss '" + gloss + "' is listed twice");
      }
      glosses.add(gloss);
    }
    return new GlossVocabulary(glosses);
  }

  public void write(Path file) {
    AtomicFiles.writeString(file, String.join("\n", glosses) + "\n");
  }

  public int size() {
    return glosses.size();
  }

  /** Model outputs: the glosses plus the blank. */
  public int numClasses() {
    return glosses.size() + 1;
  }

  public boolean contains(String gloss) {
    return ids.containsKey(gloss);
  }

  /** The id of a gloss, or -1 if it is not in the vocabulary. */
  public int id(String gloss) {
    return ids.getOrDefault(gloss, -1);
  }

  public String gloss(int id) {
    if (id <= 0 || id > glosses.size()) {
      throw new IllegalArgumentException("gloss id " + id + " outside 1.." + glosses.size());
    }
    return glosses.get(id - 1);
  }

  public List<String> glosses() {
    return glosses;
  }

  /** Ids of a gloss sequence; throws on a gloss outside the vocabulary. */
  public int[] encode(List<String> sentence) {
    int[] out = new int[sentence.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(sentence.get(i));
      if (out[i] < 0) {
        throw new IllegalArgumentException("unknown gloss '" + sentence.get(i) + "'");
      }
    }
    return out;
  }
}
