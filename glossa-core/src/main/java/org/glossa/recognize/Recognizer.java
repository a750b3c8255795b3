package org.glossa.recognize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Batch;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.GlossVocabulary;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelCard;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;

/**
 * Sign language recognition for a program: a trained model (an exported ONNX file, another tool's ONNX file with a
 * {@link ModelCard}, or a checkpoint when glossa-train is on the class path) that turns a
 * recording's features or MediaPipe Holistic landmarks into glosses with their times, whole or as a stream.
 *
 * <pre>{@code
 * try (Recognizer recognizer = Recognizer.open(Path.of("student.onnx"))) {
 *   List<String> glosses = recognizer.recognize(PoseFile.read(Path.of("sentence.pose"))).words();
 * }
 * }</pre>
 *
 * <p>Features are raw (the model's own standardisation and PCA are applied here), [frames, columns] with the
 * columns the model was trained on. Landmarks become the enhanced features the model was trained on (its face
 * subset matched to its input width). Decoding is greedy CTC. One recognizer serves one thread at a time; close it
 * to free the model's native memory.
 */
public final class Recognizer implements AutoCloseable {

  private final FrameModel model;

  private Recognizer(FrameModel model) {
    this.model = model;
  }

  /** The model in {@code file}: a {@code .ckpt} checkpoint or an {@code .onnx} export (run on the CPU). */
  public static Recognizer open(Path file) {
    return open(file, "cpu");
  }

  /** As {@link #open(Path)}, with ONNX Runtime's execution provider for {@code .onnx} files: cpu, cuda or tensorrt. */
  public static Recognizer open(Path file, String provider) {
    return new Recognizer(ModelFiles.open(file, provider));
  }

  /**
   * An ONNX model written by another tool than Glossa, described by {@code card} (see {@link ModelCard}), run on
   * the CPU.
   */
  public static Recognizer open(Path file, ModelCard card) {
    return new Recognizer(ModelFiles.open(file, "cpu", card));
  }

  /** A recognizer over a model already open; closing the recognizer closes it. */
  public static Recognizer of(FrameModel model) {
    return new Recognizer(model);
  }

  /** The glosses of one recording's raw features [frames, columns] at {@code fps} frames per second. */
  public Transcript recognize(float[][] features, float fps) {
    if (features.length == 0) {
      return new Transcript(List.of(), 0, fps);
    }
    int columns = model.pipeline().inputDim();
    for (int t = 0; t < features.length; t++) {
      if (features[t].length != columns) {
        throw new IllegalArgumentException("frame " + t + " has " + features[t].length + " feature columns; the "
            + "model reads " + columns);
      }
    }
    float[][] logits = model.logits(Batch.pad(new String[] {"recording"},
        new float[][][] {model.pipeline().transform(features)}, null))[0];
    int stride = model.timeStride();
    List<Transcript.TimedGloss> glosses = new ArrayList<>();
    for (GreedyCtcDecoder.Segment segment : GreedyCtcDecoder.segments(logits, logits.length)) {
      int start = Math.min(features.length, segment.first() * stride);
      int end = Math.min(features.length, (segment.last() + 1) * stride);
      glosses.add(new Transcript.TimedGloss(model.vocabulary().gloss(segment.id()), start, end, start / fps,
          end / fps));
    }
    return new Transcript(glosses, features.length, fps);
  }

  /** The glosses of a recording's MediaPipe Holistic landmarks, at the recording's frame rate. */
  public Transcript recognize(PoseFile pose) {
    return recognize(pose, Path.of("landmarks.pose"));
  }

  /** As {@link #recognize(PoseFile)}, naming {@code source} in errors. */
  public Transcript recognize(PoseFile pose, Path source) {
    LandmarkSequence sequence = LandmarkSequence.fromPose(pose, source);
    return recognize(EnhancedFeatures.compute(sequence, faceSubset()), sequence.fps());
  }

  /**
   * A recording's raw features from a file, checked against the model's input width: {@code .npy} or {@code .npz}
   * features at {@code fps}, or a {@code .pose} file's landmarks as the enhanced features the model reads, at the
   * file's own frame rate (see {@link Recording#read}).
   *
   * @throws DataException naming the file when it cannot be read or does not have the model's width
   */
  public Recording read(Path file, float fps) {
    Recording recording = Recording.read(file, fps, () -> {
      try {
        return faceSubset();
      } catch (IllegalArgumentException e) {
        throw DataException.inFile(file, "holds landmarks, but " + e.getMessage());
      }
    });
    int expected = model.pipeline().inputDim();
    float[][] features = recording.features();
    if (features.length == 0 || features[0].length != expected) {
      throw DataException.inFile(file, "has " + (features.length == 0 ? 0 : features[0].length) + " feature "
          + "columns per frame (" + features.length + " frames); the model reads " + expected);
    }
    return recording;
  }

  /** The glosses of a recording read by {@link #read}. */
  public Transcript recognize(Recording recording) {
    return recognize(recording.features(), recording.fps());
  }

  /** A sliding-window stream over this model: feed it raw feature frames one by one. */
  public StreamingRecognizer stream(StreamOptions options) {
    return new StreamingRecognizer(model, options);
  }

  /** The face subset of the landmark features the model reads. */
  public FaceSubset faceSubset() {
    int columns = model.pipeline().inputDim();
    return EnhancedFeatures.faceSubsetFor(columns).orElseThrow(() -> new IllegalArgumentException("the model reads "
        + columns + " feature columns, which match no landmark feature layout: it was trained on other features "
        + "and cannot recognise landmarks"));
  }

  public GlossVocabulary vocabulary() {
    return model.vocabulary();
  }

  /** The model under this recognizer, for evaluation and batch work. */
  public FrameModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
