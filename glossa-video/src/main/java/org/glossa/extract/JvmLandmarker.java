package org.glossa.extract;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;
import org.glossa.data.DataException;
import org.glossa.holistic.HolisticTracker;

/**
 * MediaPipe Holistic landmarks computed in this JVM ({@link HolisticTracker}: MediaPipe's own models converted to
 * ONNX and run by ONNX Runtime), no browser. One tracker per worker; a video takes an idle one, which starts it
 * afresh (no tracking across videos) and is fed the frames with timestamps at the video's frame rate, so
 * smoothing behaves as on a live camera at that rate.
 */
public final class JvmLandmarker implements Landmarker {

  private final BlockingQueue<HolisticTracker> idle = new LinkedBlockingQueue<>();
  private final HolisticTracker[] trackers;

  /**
   * @param workers videos in parallel
   * @param complexity pose model: 0 lite, 1 full
   * @param threadsPerWorker ONNX Runtime threads of each worker's models
   */
  public JvmLandmarker(int workers, int complexity, int threadsPerWorker) {
    trackers = new HolisticTracker[Math.max(1, workers)];
    for (int i = 0; i < trackers.length; i++) {
      trackers[i] = new HolisticTracker(complexity, threadsPerWorker);
      idle.add(trackers[i]);
    }
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
      Landmarks landmarks = null;
      double frameMicros = 1e6 / video.fps();
      int index = 0;
      for (VideoSource.RgbaFrame frame = video.next(); frame != null; frame = video.next(), index++) {
        if (landmarks == null) {
          landmarks = new Landmarks(video.fps(), frame.width(), frame.height());
        } else if (frame.width() != landmarks.width() || frame.height() != landmarks.height()) {
          throw DataException.inFile(video.path(), "frame " + index + " is " + frame.width() + "x" + frame.height()
              + ", the first was " + landmarks.width() + "x" + landmarks.height());
        }
        // timestamps from one frame on, as the extraction page gives them (MediaPipe's filters treat 0 as unset)
        landmarks.add(tracker.process(frame.width(), frame.height(), frame.rgba(),
            Math.round((index + 1) * frameMicros)));
        progress.accept(index + 1);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      if (landmarks == null) {
        throw DataException.inFile(video.path(), "the video has no frames");
      }
      return landmarks;
    } finally {
      idle.add(tracker);
    }
  }

  @Override
  public void close() {
    for (HolisticTracker tracker : trackers) {
      tracker.close();
    }
  }
}
