package org.glossa.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gloss annotations by sample id, read from one of three formats (chosen by file name):
 * <ul>
 *   <li>PHOENIX corpus CSV ({@code *.csv}): {@code id|folder|signer|annotation}, an optional header line;</li>
 *   <li>NIST STM ({@code *.stm}): {@code file channel speaker begin end [<label>] glosses...}, {@code ;;}
 *       comments; several segments of one file are joined in time order;</li>
 *   <li>Glossa TSV ({@code *.tsv}): {@code id<TAB>signer<TAB>glosses}.</li>
 * </ul>
 */
public final class Annotations {

  /** One annotated sentence and where it was read. */
  public record Entry(String id, String signer, List<String> glosses, Path file, int line) {
    public Entry {
      glosses = List.copyOf(glosses);
    }
  }

  private final Map<String, Entry> entries;

  private Annotations(Map<String, Entry> entries) {
    this.entries = entries;
  }

  public Entry get(String id) {
    return entries.get(id);
  }

  public int size() {
    return entries.size();
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** Reads and merges several annotation files; an id given twice is an error. */
  public static Annotations read(List<Path> files) {
    Map<String, Entry> all = new LinkedHashMap<>();
    for (Path file : files) {
      for (Entry e : readFile(file)) {
        Entry previous = all.put(e.id(), e);
        if (previous != null) {
          throw DataException.inFile(file, "line " + e.line() + ": id '" + e.id() + "' already annotated at "
              + previous.file() + " line " + previous.line());
        }
      }
    }
    return new Annotations(all);
  }

  static List<Entry> readFile(Path file) {
    List<String> lines = InputFiles.readLines(file);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".stm")) {
      return readStm(file, lines);
    }
    if (name.endsWith(".tsv")) {
      return readTsv(file, lines);
    }
    if (name.endsWith(".csv")) {
      return readPhoenixCsv(file, lines);
    }
    throw DataException.inFile(file, "unknown annotation format; use a PHOENIX .csv (id|folder|signer|annotation), "
        + "a NIST .stm or a Glossa .tsv");
  }

  static List<Entry> readPhoenixCsv(Path file, List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\\|", -1);
      if (i == 0 && fields.length > 0 && fields[0].strip().equalsIgnoreCase("id")) {
        continue;
      }
      if (fields.length != 4) {
        throw malformed(file, i + 1, "expected 4 '|'-separated fields (id|folder|signer|annotation), found "
            + fields.length, line);
      }
      out.add(entry(file, i + 1, fields[0], fields[2], fields[3], line));
    }
    return out;
  }

  static List<Entry> readTsv(Path file, List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 3) {
        throw malformed(file, i + 1, "expected 3 tab-separated fields (id, signer, glosses), found "
            + fields.length, line);
      }
      out.add(entry(file, i + 1, fields[0], fields[1], fields[2], line));
    }
    return out;
  }

  /** Reads STM lines; segments of one file are joined in time order, IGNORE_TIME_SEGMENT_IN_SCORING dropped. */
  public static List<Entry> readStm(Path file, List<String> lines) {
    Map<String, List<double[]>> times = new LinkedHashMap<>();
    Map<String, List<List<String>>> segments = new LinkedHashMap<>();
    Map<String, Entry> first = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith(";;")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length < 5) {
        throw malformed(file, i + 1, "expected 'file channel speaker begin end [<label>] glosses...'", line);
      }
      double begin;
      double end;
      try {
        begin = Double.parseDouble(fields[3]);
        end = Double.parseDouble(fields[4]);
      } catch (NumberFormatException e) {
        throw malformed(file, i + 1, "begin and end times must be numbers", line);
      }
      if (!Double.isFinite(begin) || !Double.isFinite(end)) {
        throw malformed(file, i + 1, "begin and end times must be finite numbers", line);
      }
      int start = 5;
      if (start < fields.length && fields[start].startsWith("<")) {
        start++;
      }
      List<String> glosses = new ArrayList<>(Arrays.asList(fields).subList(start, fields.length));
      glosses.removeIf(g -> g.equals("IGNORE_TIME_SEGMENT_IN_SCORING"));
      String id = fields[0];
      times.computeIfAbsent(id, k -> new ArrayList<>()).add(new double[] {begin, end});
      segments.computeIfAbsent(id, k -> new ArrayList<>()).add(glosses);
      first.putIfAbsent(id, new Entry(id, fields[2], List.of(), file, i + 1));
    }
    List<Entry> out = new ArrayList<>();
    for (String id : segments.keySet()) {
      List<double[]> t = times.get(id);
      List<List<String>> s = segments.get(id);
      Integer[] order = new Integer[s.size()];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (a, b) -> Double.compare(t.get(a)[0], t.get(b)[0]));
      List<String> glosses = new ArrayList<>();
      for (int k : order) {
        glosses.addAll(s.get(k));
      }
      Entry e = first.get(id);
      out.add(new Entry(id, e.signer(), glosses, file, e.line()));
    }
    return out;
  }

  private static Entry entry(Path file, int line, String id, String signer, String annotation, String text) {
    String cleanId = id.strip();
    if (cleanId.isEmpty()) {
      throw malformed(file, line, "empty id", text);
    }
    List<String> glosses = splitGlosses(annotation);
    if (glosses.isEmpty()) {
      throw malformed(file, line, "sample '" + cleanId + "' has no glosses", text);
    }
    return new Entry(cleanId, signer.strip().isEmpty() ? "unknown" : signer.strip(), glosses, file, line);
  }

  public static List<String> splitGlosses(String annotation) {
    String trimmed = annotation.strip();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  /** A malformed line: the file, line number, problem and the line's start (at most 80 characters). */
  public static DataException malformed(Path file, int line, String problem, String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return DataException.inFile(file, "line " + line + ": " + problem + ": \"" + shown + "\"");
  }
}
