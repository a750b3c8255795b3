package org.glossa.recognize;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.NpyArray;
import org.glossa.data.Npz;
import org.glossa.data.PoseFile;

/**
 * One recording's raw features as a model reads them, read from a file: {@code .npy} [frames, columns],
 * {@code .npz} (its {@code features} array, else its first 2-D numeric array) or a {@code .pose} file of MediaPipe
 * Holistic landmarks, turned into enhanced features.
 *
 * @param source   the file, named in errors
 * @param features raw features [frames, columns]
 * @param fps      frames per second: a {@code .pose} file's own rate, else the rate given for feature files
 */
public record Recording(Path source, float[][] features, float fps) {

  public Recording {
    if (!(fps > 0) || Float.isInfinite(fps)) {
      throw new IllegalArgumentException("the frame rate must be positive, got " + fps);
    }
  }

  public int numFrames() {
    return features.length;
  }

  /**
   * Reads {@code file}; a {@code .pose} file's landmarks become the enhanced features with the face points of
   * {@code faceSubset} (asked only for {@code .pose} files), feature files are taken at {@code fps}.
   *
   * @throws DataException naming the file when it is not one of the three kinds or its content is bad
   */
  public static Recording read(Path file, float fps, Supplier<FaceSubset> faceSubset) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return new Recording(file, Npy.readMatrix(file), fps);
    }
    if (name.endsWith(".npz")) {
      Map<String, NpyArray> arrays = Npz.read(file);
      NpyArray features = arrays.containsKey("features") ? arrays.get("features")
          : arrays.values().stream().filter(a -> a.isNumeric() && a.shape().length == 2).findFirst()
              .orElseThrow(() -> DataException.inFile(file, "has no 2-D numeric array (expected 'features')"));
      return new Recording(file, Npy.requireMatrix(features, file.toString()), fps);
    }
    if (name.endsWith(".pose")) {
      LandmarkSequence sequence = LandmarkSequence.fromPose(PoseFile.read(file), file);
      return new Recording(file, EnhancedFeatures.compute(sequence, faceSubset.get()), sequence.fps());
    }
    throw DataException.inFile(file, "is not .npy, .npz or .pose");
  }
}
