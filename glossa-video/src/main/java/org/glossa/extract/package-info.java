/**
 * From video to landmarks: decoding ({@link org.glossa.extract.VideoSource}), MediaPipe Holistic in headless
 * Chromium ({@link org.glossa.extract.BrowserLandmarker}), {@code .pose} files and features for a corpus
 * ({@link org.glossa.extract.Extractor}).
 */
package org.glossa.extract;
