package org.glossa.data;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which face-mesh points go into the features. The full mesh has 468 points, most of them on cheeks and
 * forehead that carry little linguistic information; the subsets keep the non-manual articulators.
 */
public enum FaceSubset {
  /** No face block at all. */
  NONE,
  /** 32 points: lip outline (12), eyebrows (10), eye corners and lids (8), nose tip and chin. */
  COMPACT,
  /** 94 points: both lip contours (40), eyebrows (20), eye contours (32), nose tip and chin. */
  DETAILED,
  /** All 468 face-mesh points. */
  FULL;

  /** Face-mesh indices of this subset, in feature order. */
  public int[] indices() {
    return switch (this) {
      case NONE -> new int[0];
      case COMPACT -> new int[] {61, 291, 0, 17, 37, 267, 84, 314, 40, 270, 91, 321,
          70, 63, 105, 66, 107, 300, 293, 334, 296, 336,
          33, 133, 159, 145, 263, 362, 386, 374,
          Holistic.NOSE_TIP, Holistic.CHIN};
      case DETAILED -> concat(Holistic.LIPS_OUTER, Holistic.LIPS_INNER, Holistic.LEFT_EYEBROW,
          Holistic.RIGHT_EYEBROW, Holistic.LEFT_EYE, Holistic.RIGHT_EYE,
          new int[] {Holistic.NOSE_TIP, Holistic.CHIN});
      case FULL -> IntStream.range(0, 468).toArray();
    };
  }

  private static int[] concat(int[]... parts) {
    Set<Integer> seen = new LinkedHashSet<>();
    for (int[] part : parts) {
      Arrays.stream(part).forEach(seen::add);
    }
    return seen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Parses a CLI value such as {@code compact}. */
  public static FaceSubset parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown face subset '" + text + "'; use none, compact, detailed or full");
    }
  }
}
