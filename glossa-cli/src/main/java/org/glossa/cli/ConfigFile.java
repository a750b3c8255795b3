package org.glossa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.glossa.data.DataException;
import org.yaml.snakeyaml.LoaderOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config run.yaml}: a YAML mapping from flag names (snake_case or kebab-case, without dashes) to values
 * becomes flags placed right after the subcommand's name, so flags on the command line, parsed later, win.
 * Unknown keys, duplicate keys and nested values are errors that name the file and the key; the file is bounded
 * (size, nesting depth, aliases) before anything is built from it.
 */
final class ConfigFile {

  private ConfigFile() {}

  /** Returns {@code args} with any {@code --config FILE} replaced by the file's flags. */
  static String[] expand(CommandLine root, String[] args) {
    int configAt = -1;
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configAt = i;
        file = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--config=")) {
        configAt = i;
        file = Path.of(args[i].substring("--config=".length()));
      }
    }
    if (file == null) {
      return args;
    }
    CommandLine command = root;
    int commandAt = -1;
    for (int i = 0; i < configAt; i++) {
      CommandLine sub = command.getSubcommands().get(args[i]);
      if (sub != null) {
        command = sub;
        commandAt = i;
      }
    }
    if (command.getCommandSpec().findOption("--config") == null) {
      return args; // picocli reports --config as unknown for this command
    }
    List<String> flags = flags(file, command);
    List<String> expanded = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (i == configAt) {
        i += args[i].equals("--config") ? 1 : 0;
        continue;
      }
      expanded.add(args[i]);
      if (i == commandAt) {
        expanded.addAll(flags);
      }
    }
    command.setOverwrittenOptionsAllowed(true);
    return expanded.toArray(new String[0]);
  }

  /** Largest config file read: a mapping of flags is a few hundred bytes. */
  static final long MAX_CONFIG_BYTES = 1 << 20;
  /** Deepest nesting the parser accepts (a config is flat; this only bounds what an error report needs). */
  static final int MAX_NESTING_DEPTH = 16;
  /** Most aliases ({@code *name}) per document: a flat config needs none; each expands a whole subtree. */
  static final int MAX_ALIASES = 16;

  /**
   * YAML limits set explicitly rather than left to library defaults: file size, nesting depth, aliases (an alias
   * bomb expands each alias into a copy of its anchor's tree), duplicate keys refused.
   */
  private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) MAX_CONFIG_BYTES);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength((int) MAX_CONFIG_BYTES)
            .maxNumberLength(100)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** The flags a config file stands for, checked against the command's options. */
  static List<String> flags(Path file, CommandLine command) {
    JsonNode root;
    try {
      if (!Files.isRegularFile(file)) {
        throw DataException.inFile(file, "config file not found");
      }
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw DataException.inFile(file, "config file of " + size + " bytes; a config is a mapping of flags, at most "
            + MAX_CONFIG_BYTES + " bytes");
      }
      root = YAML.readTree(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataException d) {
        throw d;
      }
      // Jackson and SnakeYAML report a bad document as IOException, a few scanner states as RuntimeException;
      // either way it is the file's content that is wrong.
      String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw DataException.inFile(file, "cannot read the config: "
          + (message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("")));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw DataException.inFile(file, "a config is a mapping of flag names to values, e.g. 'batch_size: 8'");
    }
    List<String> flags = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      String name = "--" + key;
      OptionSpec option = command.getCommandSpec().findOption(name);
      if (option == null || key.equals("config") || option.hidden()) {
        throw DataException.inFile(file, "unknown key '" + key + "': not a flag of 'glossa "
            + command.getCommandName() + "' (see glossa " + command.getCommandName() + " --help)");
      }
      if (!value.isValueNode() || value.isNull()) {
        throw DataException.inFile(file, "key '" + key + "' needs a single value, got " + value);
      }
      boolean isFlag = option.arity().max() == 0;
      if (isFlag) {
        if (!value.isBoolean()) {
          throw DataException.inFile(file, "key '" + key + "' is a switch: write true or false, not " + value);
        }
        if (value.booleanValue()) {
          flags.add(name);
        } else if (option.negatable()) {
          flags.add(negated(command, option));
        }
      } else {
        flags.add(name);
        flags.add(value.asText());
      }
    }
    return flags;
  }

  private static String negated(CommandLine command, OptionSpec option) {
    String longest = option.longestName();
    return longest.startsWith("--no-") ? "--" + longest.substring(5) : "--no-" + longest.substring(2);
  }
}
