package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glossa.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding with the bundled FFmpeg and frame folders: counts, sizes, frame rate, pixels; clear errors. */
class VideoSourceTest {

  @TempDir
  Path temp;

  @Test
  void decodesMp4WebmAviAndFrameFoldersToTheFramesTheyHold() throws Exception {
    BufferedImage image = TestVideos.shapes(320, 240);
    for (String format : new String[] {"mp4", "webm", "avi"}) {
      Path clip = TestVideos.clip(image, 320, 240, 12, format, temp.resolve("clip." + format));
      try (VideoSource video = VideoSource.open(clip, 25f)) {
        assertEquals(25f, video.fps(), 0.01f, format);
        int frames = 0;
        VideoSource.RgbaFrame first = null;
        for (VideoSource.RgbaFrame frame = video.next(); frame != null; frame = video.next()) {
          if (first == null) {
            first = frame;
          }
          frames++;
        }
        assertEquals(12, frames, format);
        assertEquals(320, first.width());
        assertEquals(240, first.height());
        assertPixelsClose(TestVideos.frame(image, 320, 240, 0), first, 12, format);
      }
    }
    Path folder = TestVideos.frameFolder(image, 210, 260, 3, temp.resolve("folder"));
    try (VideoSource video = VideoSource.open(folder, 25f)) {
      assertEquals(3, video.announcedFrames());
      VideoSource.RgbaFrame first = video.next();
      assertPixelsClose(TestVideos.frame(image, 210, 260, 0), first, 0, "png frames are exact");
      video.next();
      video.next();
      assertNull(video.next());
    }
  }

  /** Mean absolute difference of the colour channels at most {@code tolerance} (lossy codecs). */
  static void assertPixelsClose(BufferedImage expected, VideoSource.RgbaFrame actual, double tolerance, String what) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < actual.height(); y++) {
      for (int x = 0; x < actual.width(); x++) {
        int rgb = expected.getRGB(x, y);
        int i = 4 * (y * actual.width() + x);
        sum += Math.abs(((rgb >> 16) & 0xff) - (actual.rgba()[i] & 0xff));
        sum += Math.abs(((rgb >> 8) & 0xff) - (actual.rgba()[i + 1] & 0xff));
        sum += Math.abs((rgb & 0xff) - (actual.rgba()[i + 2] & 0xff));
        n += 3;
      }
    }
    assertTrue(sum / n <= tolerance, what + ": mean pixel difference " + sum / n);
  }

  @Test
  void emptyCorruptAndMissingInputsAreNamedErrors() throws Exception {
    Path empty = Files.createFile(temp.resolve("empty.mp4"));
    DataException e = assertThrows(DataException.class, () -> VideoSource.open(empty, 25f));
    assertTrue(e.getMessage().contains("empty.mp4") && e.getMessage().contains("empty (0 bytes)"), e.getMessage());
    Path corrupt = Files.writeString(temp.resolve("corrupt.avi"), "this is not a video");
    e = assertThrows(DataException.class, () -> VideoSource.open(corrupt, 25f));
    assertTrue(e.getMessage().contains("corrupt.avi") && e.getMessage().contains("not a video FFmpeg can decode")
        && !e.getMessage().contains("setFormat"), e.getMessage());
    e = assertThrows(DataException.class, () -> VideoSource.open(temp.resolve("missing.mp4"), 25f));
    assertTrue(e.getMessage().contains("no such video file"), e.getMessage());
    Path noImages = Files.createDirectories(temp.resolve("no-images"));
    e = assertThrows(DataException.class, () -> VideoSource.open(noImages, 25f));
    assertTrue(e.getMessage().contains("no frame images"), e.getMessage());
  }
}
