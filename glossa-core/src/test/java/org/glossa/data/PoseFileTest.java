package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoseFileTest {

  @TempDir
  Path temp;

  @Test
  void readsVersion02HolisticRecording() {
    PoseFile pose = PoseFile.read(TestResources.path("pose/example.pose"));
    assertEquals(0.2f, pose.version(), 1e-6);
    assertEquals(97, pose.numFrames());
    assertEquals(25f, pose.fps());
    assertEquals(3, pose.numDims());
    assertEquals(33 + 468 + 21 + 21 + 33, pose.numPoints());
    assertEquals("POSE_LANDMARKS", pose.components().get(0).name());
    assertEquals("NOSE", pose.components().get(0).points().get(0));
    assertEquals(162.82692f, pose.coordinate(0, 0, 0, 0), 1e-4);
    assertEquals(63.49268f, pose.coordinate(0, 0, 0, 1), 1e-4);
  }

  @Test
  void readsVersion01FileWithPointSubsets() {
    PoseFile pose = PoseFile.read(TestResources.path("pose/mediapipe.pose"));
    assertEquals(170, pose.numFrames());
    assertEquals(24f, pose.fps());
    assertEquals(8, pose.component("POSE_LANDMARKS").points().size());
    assertEquals(128, pose.component("FACE_LANDMARKS").points().size());
  }

  @Test
  void mapsComponentsAndPointsByName() {
    Path file = TestResources.path("pose/mediapipe.pose");
    LandmarkSequence sequence = LandmarkSequence.fromPose(PoseFile.read(file), file);
    PoseFile pose = PoseFile.read(file);
    // LEFT_SHOULDER is point 0 of this file's pose component but point 11 of the Holistic layout.
    assertEquals(pose.coordinate(0, 0, 0, 0), sequence.x(Holistic.Part.POSE, 0, Holistic.LEFT_SHOULDER));
    assertTrue(Float.isNaN(sequence.x(Holistic.Part.POSE, 0, Holistic.NOSE)), "points the file lacks are NaN");
  }

  @Test
  void roundTripsThroughTheWriter() {
    PoseFile pose = PoseFile.read(TestResources.path("pose/example.pose"));
    Path file = temp.resolve("copy.pose");
    pose.write(file);
    PoseFile back = PoseFile.read(file);
    assertEquals(pose.numFrames(), back.numFrames());
    assertEquals(pose.components().size(), back.components().size());
    assertArrayEquals(pose.data(), back.data());
    assertArrayEquals(pose.confidence(), back.confidence());
  }

  @Test
  void truncatedPoseNamesTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(TestResources.path("pose/example.pose"));
    Path file = temp.resolve("cut.pose");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1000));
    DataException e = assertThrows(DataException.class, () -> PoseFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void headerCutShortNamesTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(TestResources.path("pose/example.pose"));
    Path file = temp.resolve("header.pose");
    Files.write(file, Arrays.copyOf(bytes, 300));
    DataException e = assertThrows(DataException.class, () -> PoseFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void notAPoseFileIsRefused() throws IOException {
    Path file = temp.resolve("text.pose");
    Files.writeString(file, "hello, this is text");
    DataException e = assertThrows(DataException.class, () -> PoseFile.read(file));
    assertTrue(e.getMessage().contains("version"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"));
  }

  @Test
  void v02SizeThatOverflowsALongIsRefusedAsTruncatedWithoutANegativeSize() {
    // 4294967295 frames x 65535 people x 100 points x (99 coordinates + confidence) x 4 bytes > Long.MAX_VALUE
    byte[] bytes = HostileInputs.poseV02(100, 100, 0xFFFFFFFFL, 65535, 64);
    Path file = Path.of("overflow.pose");
    DataException e = assertThrows(DataException.class, () -> PoseFile.read(bytes, file));
    assertTrue(e.getMessage().startsWith("overflow.pose: truncated: header announces 4294967295 frames"),
        e.getMessage());
    assertTrue(e.getMessage().contains("more bytes than any file holds"), e.getMessage());
    assertFalse(e.getMessage().matches(".*-\\d.*"), e.getMessage());
  }

  @Test
  void v02FramesBeyondTheBytesPresentAreRefusedBeforeAllocating() {
    byte[] bytes = HostileInputs.poseV02(4, 543, 0xFFFFFFFFL, 1, 64);
    DataException e = assertThrows(DataException.class, () -> PoseFile.read(bytes, Path.of("long.pose")));
    assertTrue(e.getMessage().contains("(37314675858960 bytes) but only 64 bytes follow"), e.getMessage());
  }

  @Test
  void v01FrameLargerThanTheBytesLeftGivesNoFrames() {
    PoseFile pose = PoseFile.read(HostileInputs.poseV01(65535, 1, 65535, 64), Path.of("big-frame.pose"));
    assertEquals(0, pose.numFrames());
    assertEquals(0, pose.data().length);
  }

  @Test
  void v01FrameCountComesFromTheBytesPresent() {
    // 1 person x 2 points x (2 coordinates + confidence) x 4 bytes = 24 bytes a frame; 100 bytes hold 4 frames
    PoseFile pose = PoseFile.read(HostileInputs.poseV01(3, 2, 1, 100), Path.of("small.pose"));
    assertEquals(4, pose.numFrames());
    assertEquals(4 * 2 * 2, pose.data().length);
  }
}
