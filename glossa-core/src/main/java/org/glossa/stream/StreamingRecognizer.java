package org.glossa.stream;

import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Batch;
import org.glossa.data.GlossVocabulary;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.eval.Percentile;
import org.glossa.model.FrameModel;

/**
 * Recognises glosses from frames that arrive one at a time. Every {@code hop} frames it runs the model on the
 * last {@code window} frames and keeps only the output frames with enough context on both sides: each window
 * commits the {@code hop} input frames that end {@code (window − hop) / 2} frames before its end (the first window
 * also everything before them, {@link #finish} everything after). Committed frames are stitched onto the stream
 * and decoded incrementally with CTC's greedy rule — repeats merged and blanks dropped across window borders as
 * within them — so a gloss is neither duplicated nor lost at a border.
 *
 * <p>Frames are raw feature vectors (the model's pipeline is applied here). Timestamps are frame indices; a gloss
 * is stamped with the first input frame of its first output frame. Not thread-safe: one stream per instance.
 */
public final class StreamingRecognizer {

  /** A finalised gloss: its id, text and the input frame where it started. */
  public record Gloss(int id, String gloss, long startFrame) {}

  /** What the stream has recognised so far: finalised glosses plus a guess for the frames not yet final. */
  public record Hypothesis(List<Gloss> finalised, List<String> partial) {}

  private final FrameModel model;
  private final int window;
  private final int hop;
  private final int rightContext;
  private final List<float[]> frames = new ArrayList<>(); // transformed, the last `window` at most
  private long received;           // input frames seen
  private long committedFrames;    // input frames whose output is final (multiple of the time stride)
  private int previousClass = GlossVocabulary.BLANK_ID; // last committed output class, for CTC collapse
  private final List<Gloss> finalised = new ArrayList<>();
  private List<String> partial = List.of();
  private long windowsRun;
  private double computeMs;
  private final List<Double> latenciesMs = new ArrayList<>();

  public StreamingRecognizer(FrameModel model, int window, int hop) {
    this(model, new StreamOptions(window, hop));
  }

  public StreamingRecognizer(FrameModel model, StreamOptions options) {
    int stride = model.timeStride();
    options.checkStride(stride);
    int window = options.window();
    int hop = options.hop();
    this.model = model;
    this.window = window;
    this.hop = hop;
    // Frames left to the right of the committed segment, rounded down to whole output frames.
    this.rightContext = (window - hop) / 2 / stride * stride;
  }

  /** Adds one raw frame; returns glosses finalised by it (usually none). */
  public List<Gloss> accept(float[] rawFrame) {
    frames.add(model.pipeline().transform(new float[][] {rawFrame})[0]);
    if (frames.size() > window) {
      frames.remove(0);
    }
    received++;
    if (received >= window && (received - window) % hop == 0) {
      return run(received - rightContext);
    }
    return List.of();
  }

  /** Ends the stream: commits every remaining frame and returns the glosses it finalised. */
  public List<Gloss> finish() {
    if (received == 0 || committedFrames >= received) {
      partial = List.of();
      return List.of();
    }
    List<Gloss> last = run(received);
    partial = List.of();
    return last;
  }

  /** Runs the model on the buffered frames and commits input frames up to {@code commitUntil} (exclusive). */
  private List<Gloss> run(long commitUntil) {
    int stride = model.timeStride();
    long start = received - frames.size(); // input index of the first buffered frame
    // Output frames cover input frames in groups of `stride` from the window's first frame: start the window on
    // the stream's grid of such groups (only the last window of a stream can be off it).
    int offGrid = (int) ((stride - start % stride) % stride);
    start += offGrid;
    float[][] buffered = frames.subList(offGrid, frames.size()).toArray(new float[0][]);
    long t0 = System.nanoTime();
    float[][] logits = model.logits(Batch.pad(new String[] {"stream"}, new float[][][] {buffered}, null))[0];
    double ms = (System.nanoTime() - t0) / 1e6;
    computeMs += ms;
    latenciesMs.add(ms);
    windowsRun++;
    int from = (int) ((committedFrames - start) / stride);
    int to = (int) Math.min(logits.length, Math.ceil((commitUntil - start) / (double) stride));
    List<Gloss> emitted = new ArrayList<>();
    for (int j = Math.max(0, from); j < to; j++) {
      int best = GreedyCtcDecoder.argmax(logits[j]);
      if (best != GlossVocabulary.BLANK_ID && best != previousClass) {
        Gloss gloss = new Gloss(best, model.vocabulary().gloss(best), start + (long) j * stride);
        finalised.add(gloss);
        emitted.add(gloss);
      }
      previousClass = best;
    }
    committedFrames = Math.max(committedFrames, Math.min(received, start + (long) to * stride));
    // The partial hypothesis: the rest of this window decoded as if it were final.
    List<String> guess = new ArrayList<>();
    int previous = previousClass;
    for (int j = Math.max(0, to); j < logits.length; j++) {
      int best = GreedyCtcDecoder.argmax(logits[j]);
      if (best != GlossVocabulary.BLANK_ID && best != previous) {
        guess.add(model.vocabulary().gloss(best));
      }
      previous = best;
    }
    partial = guess;
    return emitted;
  }

  public Hypothesis hypothesis() {
    return new Hypothesis(List.copyOf(finalised), partial);
  }

  /** The finalised glosses' text. */
  public List<String> glosses() {
    return finalised.stream().map(Gloss::gloss).toList();
  }

  public long windowsRun() {
    return windowsRun;
  }

  /** Total model time in milliseconds. */
  public double computeMs() {
    return computeMs;
  }

  /** Model time per window, the given percentile (0–100). */
  public double latencyPercentileMs(double percentile) {
    double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return Percentile.of(sorted, percentile);
  }
}
