package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.glossa.data.DataException;
import org.glossa.data.Installed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two ways a JVM worker runs a video, one thread after the other or as a body stage and a face and hands stage
 * on two threads, give the same landmarks bit for bit; a video that fails part-way fails with its name, a caller
 * that gives up stops the stage running ahead, and the worker goes on with the next video afresh.
 */
class JvmLandmarkerTest {

  private static final Path CLIP = Path.of("moving.mp4");

  private static List<VideoSource.RgbaFrame> frames;
  private static JvmLandmarker serial;
  private static JvmLandmarker pipelined;

  @BeforeAll
  static void open() throws IOException {
    Installed.require(TestVideos.PERSON_PHOTO, "a photo of a person from Debian's opencv-doc");
    BufferedImage photo = TestVideos.read(TestVideos.PERSON_PHOTO);
    // the person moves, turns, leaves and comes back: detection, tracking and loss all happen
    frames = new ArrayList<>();
    for (int f = 0; f < 40; f++) {
      frames.add(VideoSource.rgba(TestVideos.motionFrame(photo, 320, 200, f, 40)));
    }
    serial = new JvmLandmarker(1, 0, 1);
    pipelined = new JvmLandmarker(1, 0, 2);
  }

  @AfterAll
  static void close() {
    if (serial != null) {
      serial.close();
    }
    if (pipelined != null) {
      pipelined.close();
    }
  }

  @Test
  void pipelinedStagesGiveTheLandmarksOfOneThread() throws InterruptedException {
    AtomicInteger lastProgress = new AtomicInteger();
    Landmarks expected = serial.landmarks(new Frames(frames), done -> { });
    Landmarks actual = pipelined.landmarks(new Frames(frames), lastProgress::set);
    assertEquals(frames.size(), actual.numFrames());
    assertEquals(frames.size(), lastProgress.get(), "progress reaches the last frame");
    assertTrue(expected.anyBody(), "the clip shows a person");
    assertArrayEquals(expected.toPoseFile().toBytes(), actual.toPoseFile().toBytes());
  }

  @Test
  void aVideoThatFailsPartWayIsNamedAndTheWorkerGoesOn() throws InterruptedException {
    List<VideoSource.RgbaFrame> broken = new ArrayList<>(frames.subList(0, 10));
    broken.add(new VideoSource.RgbaFrame(16, 16, new byte[16 * 16 * 4]));
    broken.addAll(frames.subList(10, 20));
    for (JvmLandmarker landmarker : new JvmLandmarker[] {serial, pipelined}) {
      DataException e = assertThrows(DataException.class, () -> landmarker.landmarks(new Frames(broken), d -> { }));
      assertTrue(e.getMessage().contains("moving.mp4") && e.getMessage().contains("frame 10 is 16x16"),
          e.getMessage());
      DataException empty = assertThrows(DataException.class,
          () -> landmarker.landmarks(new Frames(List.of()), d -> { }));
      assertTrue(empty.getMessage().contains("no frames"), empty.getMessage());
      // the caller's side giving up mid-video (here its progress callback): the body stage, frames ahead, stops
      IllegalStateException stop = assertThrows(IllegalStateException.class, () -> landmarker.landmarks(
          new Frames(frames), done -> {
            if (done == 3) {
              throw new IllegalStateException("stop at 3");
            }
          }));
      assertEquals("stop at 3", stop.getMessage());
      // the worker starts the next video afresh: its first ten frames as at the start of the whole clip
      float[] tenFrames = landmarker.landmarks(new Frames(frames.subList(0, 10)), d -> { }).toPoseFile().data();
      float[] whole = serial.landmarks(new Frames(frames), d -> { }).toPoseFile().data();
      assertArrayEquals(java.util.Arrays.copyOf(whole, tenFrames.length), tenFrames);
    }
  }

  /** Decoded frames played back as a 25 fps video. */
  private static final class Frames extends VideoSource {
    private final List<RgbaFrame> frames;
    private int next;

    Frames(List<RgbaFrame> frames) {
      super(CLIP);
      this.frames = frames;
    }

    @Override
    public float fps() {
      return 25;
    }

    @Override
    public int announcedFrames() {
      return frames.size();
    }

    @Override
    public RgbaFrame next() {
      return next < frames.size() ? frames.get(next++) : null;
    }

    @Override
    public void close() {
    }
  }
}
