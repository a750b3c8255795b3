package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

  /** Names and glosses a hostile user could choose. */
  static final List<String> HOSTILE = List.of("x<img src=x onerror=alert(1)>DATA_JSON.pose",
      "</script><script>alert(1)", "<!--<script>", "a & b", "\"quoted\" 'single'", "line\u2028separator\u2029end",
      "{{TITLE}}", "</SCRIPT >");

  @Test
  void escapesMarkupAndBothQuotes() {
    assertEquals("x&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;",
        Html.escape("x<img src=x onerror=alert(1)> & \"a\" 'b'"));
  }

  @Test
  void returnsPlainTextUnchanged() {
    String plain = "WETTER MORGEN regen";
    assertSame(plain, Html.escape(plain));
  }

  @Test
  void scriptJsonCannotCloseTheScriptAndParsesBackToTheSameStrings() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String s : HOSTILE) {
      String safe = Html.scriptJson(json.writeValueAsString(List.of(s)));
      for (String forbidden : new String[] {"<", ">", "&", "\u2028", "\u2029"}) {
        assertFalse(safe.contains(forbidden), safe);
      }
      assertEquals(List.of(s), json.readValue(safe, List.class));
    }
  }
}
