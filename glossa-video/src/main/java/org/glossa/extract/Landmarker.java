package org.glossa.extract;

import java.util.function.IntConsumer;

/**
 * What turns a video into MediaPipe Holistic landmarks: {@link JvmLandmarker} (in this JVM, the default) or {@link
 * BrowserLandmarker} (the live page's MediaPipe in headless Chromium). Thread-safe: calls from several threads run
 * on the landmarker's workers.
 */
public interface Landmarker extends AutoCloseable {

  /** The landmarks of every frame of a video; {@code progress} gets the number of frames done so far. */
  Landmarks landmarks(VideoSource video, IntConsumer progress) throws InterruptedException;

  @Override
  void close();
}
