package org.glossa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.glossa.data.DataException;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.extract.Landmarker;
import org.glossa.extract.Landmarks;
import org.glossa.extract.RecognitionPage;
import org.glossa.extract.VideoSource;
import org.glossa.recognize.Recognizer;
import org.glossa.recognize.Transcript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glossa recognize}: a video (or .pose recording) to glosses with times. */
@Command(name = "recognize", mixinStandardHelpOptions = true,
    description = "Recognise a sign video: MediaPipe Holistic landmarks (as glossa extract: in the JVM, or with "
        + "--engine browser in headless Chromium), the model's features, greedy CTC decoding; prints each gloss "
        + "with its time span. A .pose file skips the landmark step. --html writes a page that plays the skeleton "
        + "with the glosses over it.")
public final class RecognizeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "VIDEO", description = "A video file, a folder of frame images, a .pose "
      + "file, or the model's features (.npy [frames, columns] or .npz at --fps).")
  Path input;
  @Mixin
  ModelOptions modelOptions;
  @Option(names = "--html", description = "Write a page showing the skeleton and the glosses over time.")
  Path html;
  @Option(names = {"--save-pose", "--save_pose"}, description = "Also keep the extracted landmarks (.pose).")
  Path savePose;
  @Option(names = "--fps", defaultValue = "25", description = "Frame rate of a frame-image folder or a feature file "
      + "(default: ${DEFAULT-VALUE}).")
  float fps;
  @Mixin
  LandmarkOptions landmarkOptions;

  @Override
  public Integer call() throws InterruptedException {
    String name = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".npy") || name.endsWith(".npz")) {
      if (html != null || savePose != null) {
        throw new IllegalArgumentException("--html and --save_pose need landmarks (a video or a .pose file), not "
            + "features: " + input);
      }
      try (Recognizer recognizer = Recognizer.of(modelOptions.open())) {
        print(recognizer.recognize(recognizer.read(input, fps)));
      }
      return 0;
    }
    PoseFile pose;
    if (name.endsWith(".pose")) {
      pose = PoseFile.read(input);
    } else {
      long start = System.nanoTime();
      Landmarks landmarks;
      try (Landmarker landmarker = landmarkOptions.start(1); VideoSource video = VideoSource.open(input, fps)) {
        landmarks = landmarker.landmarks(video, done -> { });
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("landmarks: %d frames (%dx%d, %.1f fps) in %.1f s; detected in frames: body %.0f%%, face "
          + "%.0f%%, left hand %.0f%%, right hand %.0f%%%n", landmarks.numFrames(), landmarks.width(),
          landmarks.height(), landmarks.fps(), seconds, 100 * landmarks.detectionRate(Holistic.Part.POSE),
          100 * landmarks.detectionRate(Holistic.Part.FACE), 100 * landmarks.detectionRate(Holistic.Part.LEFT_HAND),
          100 * landmarks.detectionRate(Holistic.Part.RIGHT_HAND));
      if (!landmarks.anyBody()) {
        throw new DataException(input + ": no person detected in any of its " + landmarks.numFrames()
            + " frames");
      }
      pose = landmarks.toPoseFile();
      if (savePose != null) {
        pose.write(savePose);
      }
    }
    Transcript result;
    try (Recognizer recognizer = Recognizer.of(modelOptions.open())) {
      result = recognizer.recognize(pose, input);
    }
    print(result);
    if (html != null) {
      RecognitionPage.write(html, input.getFileName().toString(), LandmarkSequence.fromPose(pose, input),
          pose.width(), pose.height(), result);
      System.out.println("page: " + html);
    }
    return 0;
  }

  private static void print(Transcript result) {
    for (Transcript.TimedGloss g : result.glosses()) {
      System.out.printf("[%6.2f - %6.2f s] %s%n", g.startSeconds(), g.endSeconds(), g.gloss());
    }
    System.out.println("glosses: " + String.join(" ", result.words()));
  }
}
