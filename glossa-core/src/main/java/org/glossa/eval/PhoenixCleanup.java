package org.glossa.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hypothesis clean-up of the RWTH-PHOENIX-Weather 2014 evaluation scripts, applied before scoring so that
 * results compare with published WERs. In order:
 * <ol>
 *   <li>drop the prefixes {@code loc-}, {@code cl-}, {@code qu-}, {@code poss-}, {@code lh-} (location,
 *       classifier, question, possessive, left-hand markers);</li>
 *   <li>spelling variants: {@code S0NNE} → {@code SONNE}, {@code HABEN2} → {@code HABEN};</li>
 *   <li>drop non-sign tokens: {@code __EMOTION__}, {@code __PU__}, {@code __LEFTHAND__}, {@code __EPENTHESIS__}
 *       and any other {@code __X__} token such as {@code __ON__}/{@code __OFF__};</li>
 *   <li>compounds: {@code WIE AUSSEHEN} → {@code WIE-AUSSEHEN}, {@code ZEIGEN} → {@code ZEIGEN-BILDSCHIRM};</li>
 *   <li>finger-spelling: runs of single letters (and {@code SCH}, {@code NN}) joined with {@code +}, e.g.
 *       {@code A B C} → {@code A+B+C};</li>
 *   <li>{@code XRAUM} → {@code X} (region suffix) and {@code -PLUSPLUS} removed (repetition marker);</li>
 *   <li>consecutive duplicates collapsed to one;</li>
 * </ol>
 * An empty result stays empty (scored as all deletions).
 */
public final class PhoenixCleanup {

  private static final Pattern PREFIX = Pattern.compile("^(loc|cl|qu|poss|lh)-");
  private static final Pattern MARKER = Pattern.compile("^__[^_ ]*__$");
  private static final Pattern RAUM = Pattern.compile("^([A-Z][A-Z]*)RAUM$");
  private static final Pattern LETTER = Pattern.compile("^([A-Z]|SCH|NN)$");

  private PhoenixCleanup() {}

  public static List<String> apply(List<String> glosses) {
    List<String> tokens = new ArrayList<>();
    for (String raw : glosses) {
      String g = PREFIX.matcher(raw).replaceFirst("");
      g = g.replace("S0NNE", "SONNE");
      if (g.equals("HABEN2")) {
        g = "HABEN";
      }
      if (MARKER.matcher(g).matches() || g.isEmpty()) {
        continue;
      }
      g = g.replace("-PLUSPLUS", "");
      g = RAUM.matcher(g).replaceFirst("$1");
      if (g.equals("ZEIGEN")) {
        g = "ZEIGEN-BILDSCHIRM";
      }
      tokens.add(g);
    }
    List<String> merged = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String g = tokens.get(i);
      if (g.equals("WIE") && i + 1 < tokens.size() && tokens.get(i + 1).equals("AUSSEHEN")) {
        merged.add("WIE-AUSSEHEN");
        i++;
      } else if (LETTER.matcher(g).matches() && i + 1 < tokens.size() && LETTER.matcher(tokens.get(i + 1)).matches()) {
        StringBuilder spelled = new StringBuilder(g);
        while (i + 1 < tokens.size() && LETTER.matcher(tokens.get(i + 1)).matches()) {
          spelled.append('+').append(tokens.get(++i));
        }
        merged.add(spelled.toString());
      } else {
        merged.add(g);
      }
    }
    List<String> out = new ArrayList<>();
    for (String g : merged) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(g)) {
        out.add(g);
      }
    }
    return out;
  }

  public static List<String> apply(String... glosses) {
    return apply(Arrays.asList(glosses));
  }
}
