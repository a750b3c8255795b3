package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, read from the sources of every module: a module's main code imports only the modules
 * below it (the order of the data's path, as the root pom lists them), each package lives in one module, and no
 * two packages import each other, directly or around a cycle.
 */
class ModuleImportsTest {

  /** Each module and the modules its main code may import. */
  static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("glossa-core", Set.of());
    ALLOWED.put("glossa-onnx", Set.of());
    ALLOWED.put("glossa-train", Set.of("glossa-core", "glossa-onnx"));
    ALLOWED.put("glossa-web", Set.of("glossa-core"));
    ALLOWED.put("glossa-video", Set.of("glossa-core", "glossa-onnx", "glossa-web"));
    ALLOWED.put("glossa-server", Set.of("glossa-core", "glossa-web"));
    ALLOWED.put("glossa-spark", Set.of("glossa-core", "glossa-onnx", "glossa-web", "glossa-video"));
    ALLOWED.put("glossa-cli",
        Set.of("glossa-core", "glossa-onnx", "glossa-train", "glossa-web", "glossa-video", "glossa-server"));
  }

  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.glossa\\.[a-z.]*?)\\.[A-Z]",
      Pattern.MULTILINE);
  /** Fully qualified references in code, e.g. {@code org.glossa.train.Trainer.run()}. */
  private static final Pattern QUALIFIED = Pattern.compile("\\b(org\\.glossa\\.[a-z.]*?)\\.[A-Z]");

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Package -> module, and package -> the packages its main code refers to. */
  record Sources(Map<String, String> moduleOf, Map<String, Set<String>> uses) {}

  static Sources read() throws IOException {
    Map<String, String> moduleOf = new TreeMap<>();
    Map<String, Set<String>> uses = new TreeMap<>();
    List<String> split = new ArrayList<>();
    for (String module : ALLOWED.keySet()) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      assertTrue(Files.isDirectory(sources), sources + " exists");
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
          String previous = moduleOf.putIfAbsent(pkg, module);
          if (previous != null && !previous.equals(module)) {
            split.add(pkg + " in " + previous + " and " + module);
          }
          String text = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
              .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"");
          Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
          for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
              if (!m.group(1).equals(pkg)) {
                used.add(m.group(1));
              }
            }
          }
        }
      }
    }
    assertEquals(List.of(), split, "packages split across modules");
    return new Sources(moduleOf, uses);
  }

  @Test
  void everyModuleImportsOnlyTheModulesBelowIt() throws IOException {
    Sources sources = read();
    List<String> wrong = new ArrayList<>();
    sources.uses().forEach((pkg, used) -> {
      String module = sources.moduleOf().get(pkg);
      for (String target : used) {
        String targetModule = sources.moduleOf().get(target);
        if (targetModule == null) {
          wrong.add(pkg + " (" + module + ") refers to " + target + ", which no module has");
        } else if (!targetModule.equals(module) && !ALLOWED.get(module).contains(targetModule)) {
          wrong.add(pkg + " (" + module + ") imports " + target + " (" + targetModule + ")");
        }
      }
    });
    assertEquals(List.of(), wrong);
    // every module was read, and the core holds the packages a library user needs
    assertTrue(sources.moduleOf().keySet().containsAll(List.of("org.glossa.data", "org.glossa.recognize",
        "org.glossa.stream", "org.glossa.model", "org.glossa.decode", "org.glossa.eval")), sources.moduleOf().toString());
    sources.moduleOf().forEach((pkg, module) -> {
      if (List.of("org.glossa.data", "org.glossa.recognize", "org.glossa.model").contains(pkg)) {
        assertEquals("glossa-core", module, pkg);
      }
    });
  }

  @Test
  void noPackagesImportEachOther() throws IOException {
    Map<String, Set<String>> uses = read().uses();
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      // a cycle through start: some package start uses leads back to start
      List<String> path = cycleFrom(start, start, uses, new TreeSet<>(), new ArrayList<>());
      if (path != null) {
        cycles.add(String.join(" -> ", path));
      }
    }
    assertEquals(List.of(), cycles);
  }

  private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, Set<String> seen,
      List<String> path) {
    path.add(at);
    for (String next : uses.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (seen.add(next)) {
        List<String> found = cycleFrom(start, next, uses, seen, path);
        if (found != null) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    return null;
  }
}
