package org.glossa.extract;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of an extraction: videos done of all, frames, frames/s and an ETA from the time per video so far. Frames
 * and frames/s count the videos kept and those under way, as the closing summary does; the frames of videos that
 * failed after decoding (nobody in them, an unreadable end) are named apart. On a
 * terminal one bar line on stderr, redrawn at most twice a second; messages (failures, warnings) go on their own
 * lines above it. Elsewhere (a log file, a batch job) the same figures as a {@code progress:} line on stderr every
 * {@link #LOG_INTERVAL_NANOS} and when the last video is done.
 */
final class ExtractProgress {

  private static final int BAR_WIDTH = 24;
  static final long LOG_INTERVAL_NANOS = 30_000_000_000L;

  private final int videos;
  private final PrintStream terminal;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong failedFrames = new AtomicLong();
  private volatile long lastDraw;
  private volatile long lastLog = System.nanoTime();
  private boolean lastLogged;

  /** {@code terminal} null: messages only, no bar. */
  ExtractProgress(int videos, PrintStream terminal) {
    this.videos = videos;
    this.terminal = terminal;
  }

  void frame() {
    frames.incrementAndGet();
    draw(false);
  }

  void video() {
    done.incrementAndGet();
    draw(true);
  }

  /** A video that failed after {@code decodedFrames} of its frames had been counted by {@link #frame}. */
  void failed(long decodedFrames) {
    failedFrames.addAndGet(decodedFrames);
  }

  synchronized void message(String text) {
    if (terminal != null) {
      terminal.print("\r\033[K");
    }
    System.err.println(text);
    draw(true);
  }

  synchronized void draw(boolean force) {
    long now = System.nanoTime();
    if (terminal == null) {
      boolean last = done.get() == videos && videos > 0;
      if (last ? !lastLogged : now - lastLog >= LOG_INTERVAL_NANOS) {
        lastLog = now;
        lastLogged = last;
        System.err.println("progress: " + line(now).substring(BAR_WIDTH + 3));
      }
      return;
    }
    if (!force && now - lastDraw < 500_000_000L) {
      return;
    }
    lastDraw = now;
    terminal.print("\r\033[K" + line(now));
    terminal.flush();
  }

  String line(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    int videosDone = done.get();
    int filled = videos == 0 ? BAR_WIDTH : BAR_WIDTH * videosDone / videos;
    String eta = videosDone == 0 ? "?" : duration(seconds / videosDone * (videos - videosDone));
    long failed = failedFrames.get();
    long kept = frames.get() - failed;
    return String.format("[%s%s] %d/%d videos  %,d frames  %.2f frames/s  ETA %s%s", "=".repeat(filled),
        " ".repeat(BAR_WIDTH - filled), videosDone, videos, kept, kept / seconds, eta,
        failed == 0 ? "" : String.format("  (%,d frames of failed videos not counted)", failed));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
  }

  synchronized void finish() {
    if (terminal != null) {
      terminal.print("\r\033[K" + line(System.nanoTime()) + "\n");
      terminal.flush();
    }
  }
}
