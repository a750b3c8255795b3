package org.glossa.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.Batch;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.PoseFile;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.model.FrameModel;
import org.glossa.model.ModelConfig;

/**
 * A whole recording's glosses with their times: landmarks → the enhanced features the model was trained on (face
 * subset matched to its input width) → frame logits → greedy CTC decoding, each gloss placed on the input frames
 * its best-path run covers (output frames are {@link ModelConfig#TIME_STRIDE} input frames each).
 */
public final class VideoRecognizer {

  /** One recognised gloss: input frames [startFrame, endFrame) and the same in seconds. */
  public record TimedGloss(String gloss, int startFrame, int endFrame, double startSeconds, double endSeconds) {
  }

  /** The glosses of one recording. */
  public record Result(List<TimedGloss> glosses, int numFrames, float fps) {
    public List<String> words() {
      return glosses.stream().map(TimedGloss::gloss).toList();
    }
  }

  private VideoRecognizer() {
  }

  /** A recording's landmarks: the features the model was trained on are computed from them first. */
  public static Result recognize(FrameModel model, PoseFile pose, Path source) {
    FaceSubset subset = EnhancedFeatures.faceSubsetFor(model.pipeline().inputDim()).orElseThrow(() ->
        new IllegalArgumentException("the model reads " + model.pipeline().inputDim() + " feature columns, which "
            + "match no landmark feature layout: it was trained on other features and cannot recognise video"));
    LandmarkSequence sequence = LandmarkSequence.fromPose(pose, source);
    return recognize(model, EnhancedFeatures.compute(sequence, subset), sequence.fps(),
        source.getFileName().toString());
  }

  /** Raw features [frames, F] of one recording (the model's pipeline is applied here). */
  public static Result recognize(FrameModel model, float[][] features, float fps, String id) {
    float[][] logits = model.logits(Batch.pad(new String[] {id},
        new float[][][] {model.pipeline().transform(features)}, null))[0];
    int stride = ModelConfig.TIME_STRIDE;
    List<TimedGloss> glosses = new ArrayList<>();
    for (GreedyCtcDecoder.Segment segment : GreedyCtcDecoder.segments(logits, logits.length)) {
      int start = Math.min(features.length, segment.first() * stride);
      int end = Math.min(features.length, (segment.last() + 1) * stride);
      glosses.add(new TimedGloss(model.vocabulary().gloss(segment.id()), start, end, start / fps, end / fps));
    }
    return new Result(glosses, features.length, fps);
  }
}
