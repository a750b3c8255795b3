package org.glossa.extract;

import org.glossa.recognize.Transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glossa.data.LandmarkSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code recognize --html} page with hostile file names and glosses (issue 16). */
class RecognitionPageTest {

  private static final List<String> HOSTILE = List.of("x<img src=x onerror=alert(1)>DATA_JSON.pose",
      "</script><img src=x onerror=alert(2)>", "<!--<script>", "SKELETON_JS {{TITLE}} a & b",
      "\"quoted\" 'single'", "line\u2028sep\u2029end", "</SCRIPT >");

  @TempDir
  Path temp;

  @Test
  void hostileTitleAndGlossesStayTextAndDataParsesBack() throws IOException {
    String title = HOSTILE.get(0);
    List<Transcript.TimedGloss> glosses = new ArrayList<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      glosses.add(new Transcript.TimedGloss(HOSTILE.get(i), i, i + 1, i * 0.04, (i + 1) * 0.04));
    }
    Path file = temp.resolve("page.html");
    RecognitionPage.write(file, title, LandmarkSequence.empty(HOSTILE.size(), 25f), 640, 480,
        new Transcript(glosses, HOSTILE.size(), 25f));
    String page = Files.readString(file);
    String lower = page.toLowerCase(Locale.ROOT);

    assertFalse(lower.contains("<img"), "no markup from the data");
    assertFalse(lower.contains("<!--"), "no comment opener from the data");
    assertEquals(3, count(lower, "</script"), "only our three scripts end");
    assertEquals(3, count(lower, "<script"), "only our three scripts start");
    assertTrue(page.contains("<title>Glossa: x&lt;img src=x onerror=alert(1)&gt;DATA_JSON.pose</title>"), page);
    assertTrue(page.contains("<h1>x&lt;img src=x onerror=alert(1)&gt;DATA_JSON.pose</h1>"));

    Matcher data = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
        .matcher(page);
    assertTrue(data.find(), "the data element is there");
    JsonNode json = new ObjectMapper().readTree(data.group(1));
    assertEquals(title, json.get("title").asText());
    List<String> parsed = new ArrayList<>();
    json.get("glosses").forEach(g -> parsed.add(g.get("gloss").asText()));
    assertEquals(HOSTILE, parsed);
    assertEquals(HOSTILE.size(), json.get("skeleton").size());
  }

  @Test
  void fillsPlaceholdersInOnePass() {
    assertEquals("<b>{{B}}</b>-2", RecognitionPage.fill("<b>{{A}}</b>-{{B}}", Map.of("A", "{{B}}", "B", "2")));
    assertThrows(IllegalStateException.class, () -> RecognitionPage.fill("{{C}}", Map.of("A", "1")));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
