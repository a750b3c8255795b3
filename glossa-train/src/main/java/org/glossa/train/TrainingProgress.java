package org.glossa.train;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one epoch: steps, running loss, frames/s and ETA. On a terminal it redraws one bar line on
 * stderr (at most five times a second); otherwise (CI, files) it logs a plain line every tenth of the epoch or
 * every minute, whichever comes first.
 */
public final class TrainingProgress {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);
  private static final int BAR_WIDTH = 24;

  private final int epoch;
  private final int epochs;
  private final int totalSteps;
  private final PrintStream terminal;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos;
  private int lastLoggedStep;
  private int steps;
  private long frames;
  private double lossSum;
  private int lossCount;

  /** {@code terminal} is where the bar goes, or null for log lines. */
  TrainingProgress(int epoch, int epochs, int totalSteps, PrintStream terminal) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.totalSteps = Math.max(1, totalSteps);
    this.terminal = terminal;
  }

  /** A bar when stdin/stdout are a terminal (and TERM is not "dumb"), log lines otherwise. */
  public static PrintStream detectTerminal() {
    boolean interactive = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return interactive ? System.err : null;
  }

  /** Records one optimizer step; {@code loss} is NaN for a skipped step. */
  void step(double loss, long stepFrames) {
    steps++;
    frames += stepFrames;
    if (Double.isFinite(loss)) {
      lossSum += loss;
      lossCount++;
    }
    long now = System.nanoTime();
    if (terminal != null) {
      if (now - lastPrintNanos > 200_000_000L || steps == totalSteps) {
        terminal.print("\r" + line(now, true));
        terminal.flush();
        lastPrintNanos = now;
      }
    } else if (steps - lastLoggedStep >= Math.max(1, totalSteps / 10) || now - lastPrintNanos > 60_000_000_000L) {
      if (steps < totalSteps) {
        LOG.info(line(now, false));
      }
      lastLoggedStep = steps;
      lastPrintNanos = now;
    }
  }

  /** Ends the bar's line so the epoch summary starts on a fresh one. */
  void finish() {
    if (terminal != null && steps > 0) {
      terminal.println();
      terminal.flush();
    }
  }

  String line(long now, boolean bar) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double eta = seconds / steps * (totalSteps - steps);
    String loss = lossCount == 0 ? "-" : String.format("%.3f", lossSum / lossCount);
    if (!bar) {
      return String.format("epoch=%d/%d step=%d/%d loss=%s frames_per_s=%d eta_s=%d", epoch, epochs, steps,
          totalSteps, loss, Math.round(frames / seconds), Math.round(eta));
    }
    int filled = (int) Math.round((double) BAR_WIDTH * Math.min(steps, totalSteps) / totalSteps);
    return String.format("epoch %d/%d [%s%s] %d/%d loss %s %,d frames/s ETA %s ", epoch, epochs,
        "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), steps, totalSteps, loss, Math.round(frames / seconds),
        clock(eta));
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
