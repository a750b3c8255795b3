package org.glossa.spark.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the job's CSV tables as Spark writes them (a folder of part files with a header each), without Spark. */
final class SparkTables {

  private SparkTables() {
  }

  /** Every row of every part file under {@code table}, as column name -> value. */
  static List<Map<String, String>> readCsv(Path table) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    List<Path> parts;
    try (Stream<Path> files = Files.list(table)) {
      parts = files.filter(f -> f.getFileName().toString().startsWith("part-")
          && f.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    if (parts.isEmpty()) {
      throw new IllegalStateException(table + " has no part file");
    }
    for (Path part : parts) {
      List<String> lines = Files.readAllLines(part);
      if (lines.isEmpty()) {
        continue;
      }
      List<String> header = fields(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        List<String> values = fields(line);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), i < values.size() ? values.get(i) : "");
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** One line's fields: comma-separated, a field in double quotes may hold commas and \-escaped quotes. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < line.length()) {
          field.append(line.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
