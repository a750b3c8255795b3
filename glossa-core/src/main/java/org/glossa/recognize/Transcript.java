package org.glossa.recognize;

import java.util.List;

/**
 * The glosses recognised in one recording, in order, each with the input frames its best CTC path covers.
 *
 * @param glosses   the recognised glosses
 * @param numFrames input frames of the recording
 * @param fps       its frame rate
 */
public record Transcript(List<TimedGloss> glosses, int numFrames, float fps) {

  /** One recognised gloss: input frames [startFrame, endFrame) and the same in seconds. */
  public record TimedGloss(String gloss, int startFrame, int endFrame, double startSeconds, double endSeconds) {}

  public Transcript {
    glosses = List.copyOf(glosses);
  }

  /** The glosses alone. */
  public List<String> words() {
    return glosses.stream().map(TimedGloss::gloss).toList();
  }
}
