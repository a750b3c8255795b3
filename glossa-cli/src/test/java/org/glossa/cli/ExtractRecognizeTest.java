package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.Npy;
import org.glossa.data.PoseFile;
import org.glossa.extract.TestVideos;
import org.glossa.recognize.Recognizer;
import org.glossa.network.TrainedModel;
import org.glossa.train.TinyModel;
import org.glossa.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glossa extract} and {@code glossa recognize} on real clips with each landmark engine (the subclasses): a
 * clip made from a photo of a person (Debian's opencv-doc), and one of plain shapes that shows nobody.
 */
abstract class ExtractRecognizeTest {

  /** The {@code --engine} under test. */
  abstract String engine();

  @TempDir
  static Path temp;
  static Path person;

  @BeforeAll
  static void clips() throws Exception {
    org.glossa.data.Installed.require(TestVideos.PERSON_PHOTO, "a photo of a person from Debian's opencv-doc");
    BufferedImage photo = TestVideos.read(TestVideos.PERSON_PHOTO);
    person = TestVideos.clip(photo, 640, 400, 8, "mp4", temp.resolve("videos/person.mp4"));
    TestVideos.clip(TestVideos.shapes(320, 240), 320, 240, 4, "avi", temp.resolve("videos/shapes.avi"));
  }

  @Test
  void extractsThePersonAndReportsTheVideoWithNobody() throws Exception {
    Path out = temp.resolve("extracted");
    GlossaCommandTest.Run run = GlossaCommandTest.run("extract", "--input", temp.resolve("videos").toString(),
        "--out", out.toString(), "--features", "--complexity", "0", "--engine", engine());
    assertEquals(1, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("videos: 1 extracted, 0 already there, 1 failed"), run.out());
    assertTrue(run.out().contains("shapes.avi: no person detected in any of its 4 frames"), run.out());

    PoseFile pose = PoseFile.read(out.resolve("person.pose"));
    assertEquals(8, pose.numFrames());
    assertEquals(640, pose.width());
    assertEquals(400, pose.height());
    int body = pose.componentOffset("POSE_LANDMARKS");
    for (int f = 0; f < pose.numFrames(); f++) {
      for (int p = 0; p < 33; p++) {
        assertTrue(pose.confidence(f, 0, body + p) > 0, "frame " + f + " pose point " + p + " detected");
      }
      float noseY = pose.coordinate(f, 0, body, 1);
      assertTrue(noseY < pose.coordinate(f, 0, body + 23, 1) && noseY < pose.coordinate(f, 0, body + 24, 1),
          "nose above the hips");
      for (int point : new int[] {0, 11, 12, 15, 16}) { // nose, shoulders, wrists in the image
        float x = pose.coordinate(f, 0, body + point, 0);
        float y = pose.coordinate(f, 0, body + point, 1);
        assertTrue(x > 0 && x < 640 && y > 0 && y < 400, "frame " + f + " point " + point + " at " + x + "," + y);
      }
    }
    float[][] features = Npy.readMatrix(out.resolve("person.npy"));
    assertEquals(8, features.length);
    assertEquals(EnhancedFeatures.layout(FaceSubset.COMPACT).featureDim(), features[0].length);

    // Again: nothing left to do but the failed video.
    GlossaCommandTest.Run again = GlossaCommandTest.run("extract", "--input", temp.resolve("videos").toString(),
        "--out", out.toString(), "--features", "--complexity", "0", "--engine", engine());
    assertTrue(again.out().contains("videos: 0 extracted, 1 already there, 1 failed"), again.out());
  }

  @Test
  void recognizesAClipEndToEndAndWritesThePage() throws Exception {
    Path ckpt = TinyModel.train(temp.resolve("model"));
    Path page = temp.resolve("person.html");
    Path saved = temp.resolve("person-saved.pose");
    GlossaCommandTest.Run run = GlossaCommandTest.run("recognize", "--model", ckpt.toString(), person.toString(),
        "--html", page.toString(), "--save_pose", saved.toString(), "--complexity", "0", "--engine", engine());
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("landmarks: 8 frames (640x400, 25.0 fps)"), run.out());
    assertTrue(run.out().contains("body 100%"), run.out());
    // The glosses printed are the model's on the landmarks extracted (kept with --save_pose).
    String expected;
    try (TrainedModel model = Checkpoint.load(ckpt).model()) {
      expected = String.join(" ", Recognizer.of(model).recognize(PoseFile.read(saved), saved).words());
    }
    assertTrue(run.out().contains("glosses: " + expected + "\n"), run.out());
    String html = Files.readString(page);
    assertTrue(html.contains("\"frames\":8") && html.contains("\"skeleton\":[{\"pose\":["), "page data");
    assertTrue(html.contains("<canvas id=\"canvas\">"), "page");
  }
}
