package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glossa.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config run.yaml}: what a config file may hold, and hostile ones refused with one line (issue 16). */
class ConfigFileTest {

  @TempDir
  Path temp;

  static CommandLine train() {
    return new CommandLine(new GlossaCommand()).getSubcommands().get("train");
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(temp.resolve("run.yaml"), text);
  }

  private DataException refused(Path file, String... parts) {
    DataException e = assertThrows(DataException.class, () -> ConfigFile.flags(file, train()));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void turnsAMappingIntoFlags() throws IOException {
    assertEquals(List.of("--epochs", "3", "--preset", "tiny"), ConfigFile.flags(yaml("epochs: 3\npreset: tiny\n"),
        train()));
    assertEquals(List.of(), ConfigFile.flags(yaml(""), train()));
  }

  @Test
  void issue16RefusesAnAliasBombWithoutExpandingIt() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      bomb.append("]\n");
    }
    refused(yaml(bomb.toString()), "unknown key 'a'");
    refused(yaml(bomb.toString().replaceAll("(?m)^([a-k]):", "x$1:") + "epochs: *k\n"));
  }

  @Test
  void issue16RefusesDeepNesting() throws IOException {
    refused(yaml("epochs: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"), "cannot read the config");
    refused(yaml("epochs: " + "{a: ".repeat(1000) + "1" + "}".repeat(1000) + "\n"), "cannot read the config");
  }

  @Test
  void issue16RefusesAFileLargerThanAConfigCanBe() throws IOException {
    Path big = yaml("# " + "x".repeat((int) ConfigFile.MAX_CONFIG_BYTES) + "\nepochs: 3\n");
    refused(big, "bytes");
  }

  @Test
  void refusesDuplicateUnknownAndNestedKeys() throws IOException {
    refused(yaml("epochs: 3\nepochs: 4\n"), "epochs");
    refused(yaml("epoch: 3\n"), "unknown key 'epoch'");
    refused(yaml("epochs: [3]\n"), "key 'epochs' needs a single value");
    refused(yaml("- epochs\n"), "a config is a mapping");
    refused(yaml("epochs: \"unterminated\n"), "cannot read the config");
    refused(temp.resolve("missing.yaml"), "not found");
    refused(Files.write(temp.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'}),
        "cannot read the config");
  }
}
