package org.glossa.extract;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.glossa.data.DataException;
import org.glossa.holistic.HolisticTracker;

/**
 * MediaPipe Holistic landmarks computed in this JVM ({@link HolisticTracker}: MediaPipe's own models converted to
 * ONNX and run by ONNX Runtime), no browser. One tracker per worker; a video takes an idle one, which starts it
 * afresh (no tracking across videos) and is fed the frames with timestamps at the video's frame rate, so
 * smoothing behaves as on a live camera at that rate.
 *
 * <p>A worker with two threads or more runs its video as a two-stage pipeline: one thread decodes the frames and
 * finds their bodies while the calling thread finds the face and hands of the frames before; the models of each
 * stage get half the worker's threads. The landmarks are the same as one thread running both halves in turn.
 */
public final class JvmLandmarker implements Landmarker {

  /** Frames decoded and posed ahead of the face and hands stage: memory stays at a few frames per worker. */
  private static final int AHEAD = 4;

  private final BlockingQueue<HolisticTracker> idle = new LinkedBlockingQueue<>();
  private final HolisticTracker[] trackers;
  private final ExecutorService bodyStages;

  /**
   * @param workers videos in parallel
   * @param complexity pose model: 0 lite, 1 full
   * @param threadsPerWorker threads of each worker: 1 runs a video's frames through the models one after the
   *     other; 2 or more pipeline the body stage and the face and hands stage, each with half the threads
   */
  public JvmLandmarker(int workers, int complexity, int threadsPerWorker) {
    trackers = new HolisticTracker[Math.max(1, workers)];
    boolean pipelined = threadsPerWorker >= 2;
    for (int i = 0; i < trackers.length; i++) {
      trackers[i] = new HolisticTracker(complexity, pipelined ? threadsPerWorker / 2 : 1);
      idle.add(trackers[i]);
    }
    bodyStages = pipelined ? Executors.newFixedThreadPool(trackers.length, runnable -> {
      Thread thread = new Thread(runnable, "glossa-body-stage");
      thread.setDaemon(true);
      return thread;
    }) : null;
  }

  /** The threads per worker that share {@code cores} among {@code workers}: at least one each. */
  public static int threadsPerWorker(int workers, int cores) {
    return Math.max(1, cores / Math.max(1, workers));
  }

  /** The landmarks of every frame of a video; {@code progress} gets the frames done so far. Thread-safe. */
  public Landmarks landmarks(VideoSource video, IntConsumer progress) throws InterruptedException {
    HolisticTracker tracker = idle.take();
    try {
      tracker.reset();
      return bodyStages == null ? serial(tracker, video, progress) : pipelined(tracker, video, progress);
    } finally {
      idle.add(tracker);
    }
  }

  private static Landmarks serial(HolisticTracker tracker, VideoSource video, IntConsumer progress)
      throws InterruptedException {
    Frames frames = new Frames(video);
    for (Frame frame = frames.next(); frame != null; frame = frames.next()) {
      VideoSource.RgbaFrame image = frame.image();
      frames.add(image, tracker.process(image.width(), image.height(), image.rgba(), frame.timeMicros()), progress);
    }
    return frames.landmarks();
  }

  /** What the body stage hands on: a frame and its body, or the end of the video, or why it stopped. */
  private record Posed(VideoSource.RgbaFrame image, HolisticTracker.Body body, Throwable failure) {}

  private static final Posed END = new Posed(null, null, null);

  private Landmarks pipelined(HolisticTracker tracker, VideoSource video, IntConsumer progress)
      throws InterruptedException {
    Frames frames = new Frames(video);
    BlockingQueue<Posed> posed = new ArrayBlockingQueue<>(AHEAD);
    AtomicBoolean abandoned = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Future<?> bodyStage = bodyStages.submit(() -> {
      try {
        for (Frame frame = frames.next(); frame != null && !abandoned.get(); frame = frames.next()) {
          VideoSource.RgbaFrame image = frame.image();
          posed.put(new Posed(image, tracker.body(image.width(), image.height(), image.rgba(), frame.timeMicros()),
              null));
        }
        posed.put(END);
      } catch (RuntimeException | Error e) { // a bad frame, or worse: the other stage must not wait for ever
        posed.put(new Posed(null, null, e));
      } finally {
        stopped.countDown();
      }
      return null;
    });
    try {
      for (Posed next = posed.take(); next != END; next = posed.take()) {
        if (next.failure() instanceof RuntimeException e) {
          throw e;
        } else if (next.failure() instanceof Error e) {
          throw e;
        }
        VideoSource.RgbaFrame image = next.image();
        frames.add(image, tracker.parts(image.width(), image.height(), image.rgba(), next.body()), progress);
      }
      return frames.landmarks();
    } finally {
      // the tracker goes back to the pool only once its body stage has stopped touching it: the stage sees the flag
      // at its next frame, and the queue is emptied so that it is not left waiting for room
      abandoned.set(true);
      boolean interrupted = false;
      while (stopped.getCount() > 0 && !(bodyStages.isShutdown() && bodyStage.isDone())) {
        posed.clear();
        try {
          stopped.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A decoded frame and its timestamp. */
  private record Frame(VideoSource.RgbaFrame image, long timeMicros) {}

  /**
   * A video's frames in order, checked for one size, and the landmarks gathered from them. {@link #next} and
   * {@link #add} may run on two threads, each always on the same one.
   */
  private static final class Frames {
    private final VideoSource video;
    private final double frameMicros;
    private int decoded;
    private VideoSource.RgbaFrame first;
    private Landmarks landmarks;

    Frames(VideoSource video) {
      this.video = video;
      this.frameMicros = 1e6 / video.fps();
    }

    /** The next frame, or null after the last; refuses a frame whose size differs from the first's. */
    Frame next() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      VideoSource.RgbaFrame image = video.next();
      if (image == null) {
        return null;
      }
      if (first == null) {
        first = image;
      } else if (image.width() != first.width() || image.height() != first.height()) {
        throw DataException.inFile(video.path(), "frame " + decoded + " is " + image.width() + "x" + image.height()
            + ", the first was " + first.width() + "x" + first.height());
      }
      decoded++;
      // timestamps from one frame on, as the extraction page gives them (MediaPipe's filters treat 0 as unset)
      return new Frame(image, Math.round(decoded * frameMicros));
    }

    void add(VideoSource.RgbaFrame image, float[][] parts, IntConsumer progress) {
      if (landmarks == null) {
        landmarks = new Landmarks(video.fps(), image.width(), image.height());
      }
      landmarks.add(parts);
      progress.accept(landmarks.numFrames());
    }

    /** The landmarks of all frames added; refuses a video without frames. */
    Landmarks landmarks() {
      if (landmarks == null) {
        throw DataException.inFile(video.path(), "the video has no frames");
      }
      return landmarks;
    }
  }

  @Override
  public void close() {
    if (bodyStages != null) {
      bodyStages.shutdownNow();
    }
    for (HolisticTracker tracker : trackers) {
      tracker.close();
    }
  }
}
