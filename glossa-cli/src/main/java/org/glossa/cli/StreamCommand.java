package org.glossa.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.LandmarkSequence;
import org.glossa.data.Npy;
import org.glossa.data.NpyArray;
import org.glossa.data.Npz;
import org.glossa.data.PoseFile;
import org.glossa.data.Sample;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.eval.WerCalculator;
import org.glossa.model.FrameModel;
import org.glossa.stream.StreamOptions;
import org.glossa.stream.StreamingRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glossa stream}: feeds a recording to the streaming recognizer frame by frame and prints glosses as they
 * are finalised, then latency and throughput; with {@code --data_dir} it streams a whole split and compares the
 * streaming WER with offline decoding of the same model.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
    description = "Streaming recognition with a sliding window: a .npy/.npz feature file or a .pose landmark file "
        + "replayed frame by frame (at its frame rate or as fast as possible), or a whole dataset split with "
        + "streaming vs offline WER.")
public final class StreamCommand implements Callable<Integer> {

  @Mixin
  ModelOptions modelOptions;
  @Option(names = "--input", description = "Features (.npy [frames, F] or .npz) or landmarks (.pose).")
  Path input;
  @Option(names = {"--data-dir", "--data_dir"}, description = "Instead of --input: stream every sample of a split.")
  Path dataDir;
  @Option(names = "--split", defaultValue = "test", description = "Split for --data_dir (default: ${DEFAULT-VALUE}).")
  String split;
  @Option(names = "--window", defaultValue = "96", description = "Frames per window (default: ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--hop", defaultValue = "24", description = "Frames between windows (default: ${DEFAULT-VALUE}).")
  int hop;
  @Option(names = "--realtime", defaultValue = "true", arity = "1",
      description = "Replay --input at its frame rate (true) or as fast as possible (false). Default: ${DEFAULT-VALUE}.")
  boolean realtime;
  @Option(names = "--fps", defaultValue = "25", description = "Frame rate of .npy/.npz input (default: ${DEFAULT-VALUE}).")
  float fps;

  @Override
  public Integer call() throws InterruptedException {
    if ((input == null) == (dataDir == null)) {
      throw new IllegalArgumentException("give either --input FILE or --data_dir DIR");
    }
    new StreamOptions(window, hop); // before the model loads
    try (FrameModel frameModel = modelOptions.open()) {
      return input != null ? streamFile(frameModel) : streamSplit(frameModel);
    }
  }

  private int streamFile(FrameModel frameModel) throws InterruptedException {
    float[] rate = {fps};
    float[][] frames = read(input, frameModel, rate);
    StreamingRecognizer stream = new StreamingRecognizer(frameModel, window, hop);
    long start = System.nanoTime();
    for (int t = 0; t < frames.length; t++) {
      if (realtime) {
        long due = start + (long) (t * 1e9 / rate[0]);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      print(stream.accept(frames[t]), rate[0]);
    }
    print(stream.finish(), rate[0]);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%nglosses: %s%n", String.join(" ", stream.glosses()));
    System.out.printf("%d frames (%.1f s of signing at %.0f fps) in %.2f s; %d windows of %d frames every %d; model "
            + "time per window p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; %,.0f frames/s of model time (%.0fx real time)%n",
        frames.length, frames.length / rate[0], rate[0], seconds, stream.windowsRun(), window, hop,
        stream.latencyPercentileMs(50), stream.latencyPercentileMs(90), stream.latencyPercentileMs(99),
        frames.length / (stream.computeMs() / 1000), frames.length / rate[0] / (stream.computeMs() / 1000));
    return 0;
  }

  private static void print(List<StreamingRecognizer.Gloss> glosses, float fps) {
    for (StreamingRecognizer.Gloss g : glosses) {
      System.out.printf("[frame %5d  %7.2f s] %s%n", g.startFrame(), g.startFrame() / fps, g.gloss());
    }
  }

  private int streamSplit(FrameModel frameModel) {
    Dataset dataset = Dataset.open(dataDir);
    List<Sample> samples = dataset.load(split, false).samples();
    WerCalculator streaming = new WerCalculator();
    WerCalculator offline = new WerCalculator();
    long frames = 0;
    double computeMs = 0;
    List<Double> latencies = new ArrayList<>();
    for (Sample sample : samples) {
      StreamingRecognizer stream = new StreamingRecognizer(frameModel, window, hop);
      for (float[] frame : sample.features()) {
        stream.accept(frame);
      }
      stream.finish();
      streaming.add(sample.id(), sample.glosses(), stream.glosses());
      frames += sample.numFrames();
      computeMs += stream.computeMs();
      latencies.add(stream.latencyPercentileMs(50));
      float[][] transformed = frameModel.pipeline().transform(sample.features());
      float[][] logits = frameModel.logits(org.glossa.data.Batch.pad(new String[] {sample.id()},
          new float[][][] {transformed}, null))[0];
      List<String> hypothesis = new ArrayList<>();
      for (int id : GreedyCtcDecoder.decode(logits, logits.length)) {
        hypothesis.add(frameModel.vocabulary().gloss(id));
      }
      offline.add(sample.id(), sample.glosses(), hypothesis);
    }
    WerCalculator.Totals s = streaming.totals();
    WerCalculator.Totals o = offline.totals();
    System.out.printf(Locale.ROOT, "%s %s/%s, %d sentences, window %d, hop %d (greedy)%n",
        modelOptions.model.getFileName(),
        dataDir.getFileName(), split, samples.size(), window, hop);
    System.out.printf(Locale.ROOT, "offline   WER %.2f%% (S=%d D=%d I=%d N=%d)%n", o.wer(), o.substitutions(),
        o.deletions(), o.insertions(), o.referenceWords());
    System.out.printf(Locale.ROOT, "streaming WER %.2f%% (S=%d D=%d I=%d N=%d), difference %+.2f points%n", s.wer(),
        s.substitutions(), s.deletions(), s.insertions(), s.referenceWords(), s.wer() - o.wer());
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "streaming: %,.0f frames/s of model time, median window %.2f ms%n",
        frames / (computeMs / 1000), sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2]);
    return 0;
  }

  /** Raw feature frames of a file; sets rate[0] to a .pose file's frame rate. */
  private static float[][] read(Path file, FrameModel model, float[] rate) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    float[][] frames;
    if (name.endsWith(".npy")) {
      frames = Npy.readMatrix(file);
    } else if (name.endsWith(".npz")) {
      Map<String, NpyArray> arrays = Npz.read(file);
      NpyArray features = arrays.containsKey("features") ? arrays.get("features")
          : arrays.values().stream().filter(a -> a.isNumeric() && a.shape().length == 2).findFirst()
              .orElseThrow(() -> DataException.inFile(file, "has no 2-D numeric array (expected 'features')"));
      frames = Npy.requireMatrix(features, file.toString());
    } else if (name.endsWith(".pose")) {
      LandmarkSequence sequence = LandmarkSequence.fromPose(PoseFile.read(file), file);
      rate[0] = sequence.fps();
      frames = EnhancedFeatures.compute(sequence, faceSubset(model, file));
    } else {
      throw DataException.inFile(file, "is not .npy, .npz or .pose");
    }
    int expected = model.pipeline().inputDim();
    if (frames.length == 0 || frames[0].length != expected) {
      throw DataException.inFile(file, "has " + (frames.length == 0 ? 0 : frames[0].length) + " feature columns "
          + "per frame (" + frames.length + " frames); the model reads " + expected);
    }
    return frames;
  }

  /** The face subset whose enhanced features have the model's input width. */
  private static FaceSubset faceSubset(FrameModel model, Path file) {
    return EnhancedFeatures.faceSubsetFor(model.pipeline().inputDim()).orElseThrow(() -> DataException.inFile(file,
        "the model reads " + model.pipeline().inputDim() + " feature columns, which match no enhanced-feature "
            + "layout of landmarks; stream its features as .npy instead"));
  }
}
