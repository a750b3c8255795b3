package org.glossa.serve;

import org.glossa.stream.StreamOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.glossa.data.TestResources;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.network.TrainedModel;
import org.glossa.train.Checkpoint;
import org.glossa.data.Installed;
import org.glossa.train.TinyModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real headless Chromium (Debian's chromium and chromedriver, named explicitly so nothing is
 * downloaded): replay of a MediaPipe recording, and the camera path with Chromium's fake camera showing a photo of a
 * person, MediaPipe Holistic running in the page. Screenshots go to target/screenshots/.
 *
 * <p>Without /usr/bin/chromium these tests are skipped, unless GLOSSA_BROWSER_TESTS=required (set by .ci/run,
 * which installs the browser) turns that into a failure.
 */
public class LivePageBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  // the photo of a person the video tests use too (Debian's opencv-doc)
  static final Path PHOTO = Path.of("/usr/share/doc/opencv-doc/examples/data/messi5.jpg");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir
  static Path temp;
  static Path ckpt;

  @BeforeAll
  static void browserAndModel() {
    Installed.require(CHROMIUM, "Debian's chromium");
    Installed.require(CHROMEDRIVER, "Debian's chromium-driver");
    ckpt = TinyModel.train(temp);
  }

  static WebDriver chromium(List<String> extraArguments) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--window-size=1100,900", "--user-data-dir=" + temp.resolve("chromium-" + System.nanoTime()));
    options.addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  static void screenshot(WebDriver driver, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  @Test
  void replaysARecordingAndShowsTheGlossesTheServerRecognised() throws Exception {
    Path poseFile = TestResources.path("pose/mediapipe.pose");
    LandmarkSequence recording = LiveServerTest.recording("mediapipe.pose");
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      int port = server.start();
      List<String> expected = LiveServerTest.libraryGlosses(model, recording);
      assertFalse(expected.isEmpty(), "the model recognises something in the recording");

      WebDriver driver = chromium(List.of());
      try {
        driver.get("http://127.0.0.1:" + port + "/");
        assertEquals("Glossa live", driver.getTitle());
        driver.findElement(By.id("replay-file")).sendKeys(poseFile.toAbsolutePath().toString());
        new Select(driver.findElement(By.id("replay-speed"))).selectByValue("4");
        driver.findElement(By.id("replay-start")).click();
        WebElement finalLine = driver.findElement(By.id("final"));
        new WebDriverWait(driver, Duration.ofSeconds(60))
            .until(d -> "done".equals(finalLine.getDomAttribute("data-state")));
        screenshot(driver, "live-replay.png");

        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) ((JavascriptExecutor) driver).executeScript(
            "return [...document.querySelectorAll('#glosses li.gloss')].map(li => li.firstChild.textContent);");
        assertEquals(expected, shown, "gloss by gloss, as they were finalised");
        assertEquals(String.join(" ", expected), finalLine.getText());
        assertEquals(String.valueOf(recording.numFrames()), finalLine.getDomAttribute("data-frames"));
        assertEquals(String.valueOf(recording.numFrames()), driver.findElement(By.id("frames-sent")).getText());
        assertEquals("none", driver.findElement(By.id("last-error")).getText());
      } finally {
        driver.quit();
      }
    }
  }

  @Test
  void cameraPathSendsMediaPipeLandmarksOfARealPersonToTheServer() throws Exception {
    Installed.require(PHOTO, "a photo of a person from Debian's opencv-doc");
    int width = 640;
    int height = 400;
    Path clip = temp.resolve("person.y4m");
    writeY4m(ImageIO.read(PHOTO.toFile()), width, height, 10, clip);

    List<float[]> poses = new CopyOnWriteArrayList<>();
    try (TrainedModel model = Checkpoint.load(ckpt).model();
        LiveServer server = new LiveServer(model, "127.0.0.1", 0, new StreamOptions(32, 8))) {
      server.tap(landmarks -> {
        if (landmarks[Holistic.Part.POSE.ordinal()] != null) {
          poses.add(landmarks[Holistic.Part.POSE.ordinal()]);
        }
      });
      int port = server.start();
      WebDriver driver = chromium(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
          "--use-file-for-fake-video-capture=" + clip, "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
          "--ignore-gpu-blocklist"));
      try {
        driver.get("http://127.0.0.1:" + port + "/");
        new Select(driver.findElement(By.id("complexity"))).selectByValue("0");
        driver.findElement(By.id("camera-start")).click();
        // Headless MediaPipe on software WebGL is slow (about a frame per second here): count, do not time.
        new WebDriverWait(driver, Duration.ofSeconds(240)).until(d -> poses.size() >= 3
            || !"none".equals(d.findElement(By.id("last-error")).getText()));
        screenshot(driver, "live-camera.png");
        assertEquals("none", driver.findElement(By.id("last-error")).getText());
      } finally {
        driver.quit();
      }
    }
    assertTrue(poses.size() >= 3, "frames with a body reached the server: " + poses.size());
    for (float[] pose : poses) {
      assertEquals(2 * 33, pose.length, "33 pose points");
      // The player in the photo: nose (0) above both hips (23, 24), shoulders (11, 12) inside the image.
      assertTrue(pose[1] < pose[2 * 23 + 1] && pose[1] < pose[2 * 24 + 1], "nose above the hips");
      for (int point : new int[] {0, 11, 12}) {
        float x = pose[2 * point];
        float y = pose[2 * point + 1];
        assertTrue(x > 0 && x < width && y > 0 && y < height, "point " + point + " at " + x + ", " + y);
      }
    }
  }

  /** A still image as a YUV4MPEG2 clip (4:2:0) of {@code frames} frames: what Chromium's fake camera plays. */
  static void writeY4m(BufferedImage photo, int width, int height, int frames, Path out) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.createGraphics().drawImage(photo, 0, 0, width, height, null);
    byte[] y = new byte[width * height];
    byte[] u = new byte[width * height / 4];
    byte[] v = new byte[width * height / 4];
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        int rgb = image.getRGB(col, row);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        y[row * width + col] = (byte) clamp(0.299 * r + 0.587 * g + 0.114 * b);
        if (row % 2 == 0 && col % 2 == 0) {
          int i = (row / 2) * (width / 2) + col / 2;
          u[i] = (byte) clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
          v[i] = (byte) clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        }
      }
    }
    try (OutputStream stream = Files.newOutputStream(out)) {
      stream.write(("YUV4MPEG2 W" + width + " H" + height + " F10:1 Ip A1:1 C420jpeg\n").getBytes());
      for (int f = 0; f < frames; f++) {
        stream.write("FRAME\n".getBytes());
        stream.write(y);
        stream.write(u);
        stream.write(v);
      }
    }
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }
}
