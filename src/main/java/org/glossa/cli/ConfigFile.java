package org.glossa.cli;

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
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config run.yaml}: a YAML mapping from flag names (snake_case or kebab-case, without dashes) to values
 * becomes flags placed right after the subcommand's name, so flags on the command line, parsed later, win.
 * Unknown keys and nested values are errors that name the file and the key.
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

  /** The flags a config file stands for, checked against the command's options. */
  static List<String> flags(Path file, CommandLine command) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read the config: " + e.getMessage().lines().findFirst().orElse(""));
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
