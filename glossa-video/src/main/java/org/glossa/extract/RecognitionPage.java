package org.glossa.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.glossa.data.AtomicFiles;
import org.glossa.data.Html;
import org.glossa.data.LandmarkSequence;
import org.glossa.recognize.Transcript;
import org.glossa.web.FrameMessages;

/**
 * {@code glossa recognize --html}: one self-contained HTML page (no external files) that plays the recording's
 * skeleton and shows the recognised glosses over it and on a timeline.
 */
public final class RecognitionPage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecognitionPage() {
  }

  /**
   * Writes the page to {@code file}. {@code title} (a file name) and the glosses are user data: they are escaped
   * for the HTML text and for the JSON inside the page's {@code <script>}.
   */
  public static void write(Path file, String title, LandmarkSequence landmarks, int width, int height,
      Transcript result) {
    ObjectNode data = JSON.createObjectNode().put("title", title).put("fps", result.fps())
        .put("width", Math.max(1, width)).put("height", Math.max(1, height)).put("frames", result.numFrames());
    ArrayNode glosses = data.putArray("glosses");
    for (Transcript.TimedGloss g : result.glosses()) {
      glosses.addObject().put("gloss", g.gloss()).put("start", g.startSeconds()).put("end", g.endSeconds());
    }
    ArrayNode frames = data.putArray("skeleton");
    for (ObjectNode frame : FrameMessages.frames(landmarks)) {
      frame.remove("type");
      frames.add(frame);
    }
    String html = fill(TEMPLATE, Map.of("TITLE", Html.escape(title), "SKELETON_JS", skeletonScript(),
        "DATA_JSON", Html.scriptJson(data.toString())));
    AtomicFiles.writeString(file, html);
  }

  /** The live page's skeleton drawing (web/skeleton.js), inlined so the page needs no other file. */
  private static String skeletonScript() {
    try (InputStream in = RecognitionPage.class.getResourceAsStream("/web/skeleton.js")) {
      if (in == null) {
        throw new IllegalStateException("web/skeleton.js is missing from the jar");
      }
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String lower = script.toLowerCase(Locale.ROOT);
      if (lower.contains("</script") || lower.contains("<!--")) {
        throw new IllegalStateException("web/skeleton.js contains </script or <!--; it cannot be inlined in a page");
      }
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces each {@code {{NAME}}} of {@code template} by its value in one pass: a value is never searched for
   * placeholders, so a title or gloss that contains "DATA_JSON" or "{{TITLE}}" stays text.
   */
  static String fill(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
    int from = 0;
    for (int open = template.indexOf("{{", from); open >= 0; open = template.indexOf("{{", from)) {
      int close = template.indexOf("}}", open + 2);
      String value = close < 0 ? null : values.get(template.substring(open + 2, close));
      if (value == null) {
        throw new IllegalStateException("unknown placeholder in the page template at offset " + open);
      }
      out.append(template, from, open).append(value);
      from = close + 2;
    }
    return out.append(template, from, template.length()).toString();
  }

  private static final String TEMPLATE = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Glossa: {{TITLE}}</title>
      <style>
        body { font-family: system-ui, sans-serif; margin: 1em; background: #f4f4f2; color: #222; }
        #stage { position: relative; display: inline-block; background: #111; }
        #caption { position: absolute; left: 0; right: 0; bottom: 0; padding: 0.3em 0.6em; font-size: 1.6em;
          font-weight: 600; color: #fff; background: rgba(0, 0, 0, 0.55); min-height: 1.2em; }
        #timeline { position: relative; height: 2.2em; background: #ddd; margin-top: 0.5em; }
        .block { position: absolute; top: 0.2em; bottom: 0.2em; background: #1f3b57; color: #fff; font-size: 0.8em;
          overflow: hidden; white-space: nowrap; border-radius: 3px; padding: 0.2em; box-sizing: border-box; }
        .block.now { background: #e4572e; }
        #cursor { position: absolute; top: 0; bottom: 0; width: 2px; background: #e4572e; }
        table { border-collapse: collapse; margin-top: 1em; }
        td, th { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #ccc; }
      </style>
      </head>
      <body>
      <h1>{{TITLE}}</h1>
      <p id="sentence"></p>
      <div id="stage"><canvas id="canvas"></canvas><div id="caption"></div></div>
      <div><button id="play">Play</button> <input id="seek" type="range" min="0" value="0" style="width: 500px">
        <span id="time"></span></div>
      <div id="timeline"><div id="cursor"></div></div>
      <table><thead><tr><th>#</th><th>gloss</th><th>from (s)</th><th>to (s)</th></tr></thead><tbody id="rows"></tbody></table>
      <script id="data" type="application/json">{{DATA_JSON}}</script>
      <script>{{SKELETON_JS}}</script>
      <script>
      'use strict';
      const data = JSON.parse(document.getElementById('data').textContent);
      const canvas = document.getElementById('canvas');
      const draw = canvas.getContext('2d');
      const scale = Math.min(1, 640 / data.width);
      canvas.width = Math.round(data.width * scale);
      canvas.height = Math.round(data.height * scale);
      const duration = data.frames / data.fps;
      document.getElementById('sentence').textContent = 'Recognised: ' + (data.glosses.map(g => g.gloss).join(' ') || '(nothing)');
      const timeline = document.getElementById('timeline');
      const blocks = data.glosses.map((g, i) => {
        const block = document.createElement('div');
        block.className = 'block';
        block.style.left = (100 * g.start / duration) + '%';
        block.style.width = Math.max(0.5, 100 * (g.end - g.start) / duration) + '%';
        block.textContent = g.gloss;
        block.title = `${g.gloss} ${g.start.toFixed(2)}-${g.end.toFixed(2)} s`;
        timeline.appendChild(block);
        const row = document.createElement('tr');
        row.innerHTML = `<td>${i + 1}</td><td></td><td>${g.start.toFixed(2)}</td><td>${g.end.toFixed(2)}</td>`;
        row.children[1].textContent = g.gloss;
        document.getElementById('rows').appendChild(row);
        return block;
      });
      const seek = document.getElementById('seek');
      seek.max = Math.max(0, data.frames - 1);
      function show(frame) {
        draw.fillStyle = '#111';
        draw.fillRect(0, 0, canvas.width, canvas.height);
        GlossaSkeleton.draw(draw, data.skeleton[frame] || {}, scale, scale);
        const t = frame / data.fps;
        const current = data.glosses.findIndex(g => t >= g.start && t < g.end);
        document.getElementById('caption').textContent = current >= 0 ? data.glosses[current].gloss : '';
        blocks.forEach((b, i) => b.classList.toggle('now', i === current));
        document.getElementById('cursor').style.left = (100 * t / duration) + '%';
        document.getElementById('time').textContent = `${t.toFixed(2)} / ${duration.toFixed(2)} s`;
        seek.value = frame;
      }
      let timer = null;
      document.getElementById('play').onclick = () => {
        if (timer) { clearInterval(timer); timer = null; return; }
        let frame = Number(seek.value) >= data.frames - 1 ? 0 : Number(seek.value);
        timer = setInterval(() => { show(frame); frame++; if (frame >= data.frames) { clearInterval(timer); timer = null; } },
          1000 / data.fps);
      };
      seek.oninput = () => show(Number(seek.value));
      show(0);
      </script>
      </body>
      </html>
      """;
}
