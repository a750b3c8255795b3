package example;

import java.nio.file.Path;
import org.glossa.recognize.Recognizer;
import org.glossa.recognize.Transcript;

/** Recognises the signing in a .npy file of per-frame features with a Glossa ONNX model. */
public final class RecognizeNpy {

  private RecognizeNpy() {}

  /** The glosses of {@code features} ([frames, columns] .npy at 25 frames/s, or a .pose file) under {@code model}. */
  public static Transcript recognize(Path model, Path features) {
    try (Recognizer recognizer = Recognizer.open(model)) {
      return recognizer.recognize(recognizer.read(features, 25f)); // .npy, .npz or .pose, checked against the model
    }
  }

  public static void main(String[] args) {
    Transcript transcript = recognize(Path.of(args[0]), Path.of(args[1]));
    System.out.println(String.join(" ", transcript.words()));
    for (Transcript.TimedGloss gloss : transcript.glosses()) {
      System.out.printf("%-12s %6.2f s - %6.2f s%n", gloss.gloss(), gloss.startSeconds(), gloss.endSeconds());
    }
  }
}
