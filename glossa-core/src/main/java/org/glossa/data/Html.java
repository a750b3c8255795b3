package org.glossa.data;

/**
 * Escaping for the HTML pages Glossa writes ({@code recognize --html}, the training {@code report.html}): file
 * names, glosses and flag values are user data and must never become markup or script. Lives in {@code data},
 * the bottom package, so every page writer can use it.
 */
public final class Html {

  private Html() {
  }

  /**
   * {@code text} for HTML text or a quoted attribute value: {@code & < > " '} become character references, so
   * the text can neither open a tag nor end the attribute.
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * A JSON document made safe to place inside a {@code <script>} element: {@code < > &} and the line
   * separators U+2028/U+2029 become {@code \}{@code uXXXX} escapes, so neither {@code </script>} nor
   * {@code <!--} can appear and the text still parses to the same value. In valid JSON these characters occur
   * only inside strings, where the escape means the same character.
   */
  public static String scriptJson(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
