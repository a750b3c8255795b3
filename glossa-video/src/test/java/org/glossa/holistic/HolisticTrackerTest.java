package org.glossa.holistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Installed;
import org.glossa.extract.TestVideos;
import org.glossa.extract.VideoSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JVM engine on a real person (Debian's opencv-doc photo), moved like a person in front of a camera: body,
 * face and both hands found and placed where a body has them, tracking lost when the person leaves and found again
 * when they come back, parts of a person and pictures of nobody handled without failing.
 */
class HolisticTrackerTest {

  private static HolisticTracker tracker;
  private static BufferedImage photo;

  @BeforeAll
  static void open() throws IOException {
    Installed.require(TestVideos.PERSON_PHOTO, "a photo of a person from Debian's opencv-doc");
    photo = TestVideos.read(TestVideos.PERSON_PHOTO);
    tracker = new HolisticTracker(1, 2);
  }

  @AfterAll
  static void close() {
    if (tracker != null) {
      tracker.close();
    }
  }

  private static List<float[][]> run(List<BufferedImage> frames) {
    tracker.reset();
    List<float[][]> results = new ArrayList<>();
    long time = 0;
    for (BufferedImage frame : frames) {
      VideoSource.RgbaFrame rgba = VideoSource.rgba(frame);
      time += 40_000;
      results.add(tracker.process(rgba.width(), rgba.height(), rgba.rgba(), time));
    }
    return results;
  }

  @Test
  void findsBodyFaceAndBothHandsOfAPersonWhereABodyHasThem() {
    List<BufferedImage> frames = new ArrayList<>();
    for (int f = 0; f < 12; f++) {
      frames.add(TestVideos.frame(photo, 640, 400, f));
    }
    for (float[][] parts : run(frames)) {
      float[] pose = parts[0];
      assertNotNull(pose, "body in every frame");
      assertEquals(33 * 4, pose.length);
      float noseY = pose[1];
      float hipsY = (pose[23 * 4 + 1] + pose[24 * 4 + 1]) / 2;
      assertTrue(noseY < hipsY, "nose above the hips");
      for (int p : new int[] {0, 11, 12, 15, 16}) {
        assertTrue(pose[p * 4] > 0 && pose[p * 4] < 1 && pose[p * 4 + 1] > 0 && pose[p * 4 + 1] < 1,
            "point " + p + " inside the image");
        assertTrue(pose[p * 4 + 3] > 0.5, "point " + p + " visible");
      }
      assertNotNull(parts[1], "face");
      assertEquals(468 * 3, parts[1].length);
      // the face mesh's nose tip (1) lies near the body's nose
      assertTrue(Math.hypot((parts[1][3] - pose[0]) * 640, (parts[1][4] - pose[1]) * 400) < 15);
      for (int side = 0; side < 2; side++) {
        float[] hand = parts[2 + side];
        assertNotNull(hand, side == 0 ? "left hand" : "right hand");
        int wrist = 15 + side;
        double distance = Math.hypot((hand[0] - pose[wrist * 4]) * 640, (hand[1] - pose[wrist * 4 + 1]) * 400);
        assertTrue(distance < 30, "the hand's wrist is at the body's wrist " + wrist + ": " + distance + " px");
      }
    }
  }

  @Test
  void losesThePersonWhoLeavesAndFindsThemAgain() {
    int total = 60;
    List<BufferedImage> frames = new ArrayList<>();
    for (int f = 0; f < total; f++) {
      frames.add(TestVideos.motionFrame(photo, 640, 400, f, total));
    }
    List<float[][]> results = run(frames);
    // frames 48-53 (t in [0.8, 0.9)) show nobody; from 54 on the person stands in the middle again
    for (int f = 49; f < 54; f++) {
      assertNull(results.get(f)[0], "nobody in frame " + f);
      assertNull(results.get(f)[1]);
    }
    for (int f = 56; f < total; f++) {
      assertNotNull(results.get(f)[0], "found again in frame " + f);
      assertTrue(results.get(f)[0][0] > 0.35 && results.get(f)[0][0] < 0.65, "nose near the middle");
    }
    // while the photo's centre crosses the middle 70% of the frame (frames 16-32), turning and scaling, the body
    // is tracked in every frame; near the edges, half outside, either engine may lose it
    for (int f = 16; f <= 32; f++) {
      assertNotNull(results.get(f)[0], "tracked in frame " + f + " while the person moves");
    }
  }

  @Test
  void aHandOrAFaceAloneOrNobodyDoesNotFail() {
    List<BufferedImage> frames = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      frames.add(TestVideos.part(photo, 320, 130, 80, 70, 320, 280));
    }
    for (int f = 0; f < 4; f++) {
      frames.add(TestVideos.part(photo, 195, 55, 90, 90, 300, 300));
    }
    for (int f = 0; f < 4; f++) {
      frames.add(TestVideos.shapes(320, 240));
    }
    List<float[][]> results = run(frames);
    for (int f = 8; f < 12; f++) {
      for (float[] part : results.get(f)) {
        assertNull(part, "nothing in a picture of shapes");
      }
    }
  }

  @Test
  void theSameFramesGiveTheSameLandmarksAfterReset() {
    List<BufferedImage> frames = List.of(TestVideos.frame(photo, 640, 400, 0), TestVideos.frame(photo, 640, 400, 1));
    List<float[][]> first = run(frames);
    List<float[][]> second = run(frames);
    for (int f = 0; f < frames.size(); f++) {
      for (int part = 0; part < 4; part++) {
        assertArrayEquals(first.get(f)[part], second.get(f)[part]);
      }
    }
  }

  @Test
  void aFrameOfTheWrongSizeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tracker.process(64, 48, new byte[100], 1));
    assertTrue(e.getMessage().contains("64x48"), e.getMessage());
  }
}
