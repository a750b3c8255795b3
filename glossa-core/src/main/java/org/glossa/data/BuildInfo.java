package org.glossa.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Glossa build that is running: its version and the Git commit it was built from. */
public final class BuildInfo {

  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/glossa-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource leaves the values unknown
    }
    return properties;
  }

  private static String value(String key) {
    String value = PROPERTIES.getProperty(key, "");
    return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }

  /** The version, e.g. 0.1.0. */
  public static String version() {
    return value("version");
  }

  /** The abbreviated commit id, with "-dirty" when the working tree had changes; "unknown" outside Git. */
  public static String commit() {
    String commit = value("commit");
    return commit.equals("unknown") || !"true".equals(value("dirty")) ? commit : commit + "-dirty";
  }

  /** "0.1.0 (commit abc1234)". */
  public static String describe() {
    return version() + " (commit " + commit() + ")";
  }
}
