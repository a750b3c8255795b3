package org.glossa.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.glossa.data.Dataset;
import org.glossa.eval.WerCalculator;
import org.glossa.recognize.Recognizer;
import org.glossa.recognize.Recording;
import org.glossa.recognize.StreamingEvaluation;
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
    StreamOptions options = new StreamOptions(window, hop); // before the model loads
    try (Recognizer recognizer = Recognizer.of(modelOptions.open())) {
      return input != null ? streamFile(recognizer, options) : streamSplit(recognizer, options);
    }
  }

  private int streamFile(Recognizer recognizer, StreamOptions options) throws InterruptedException {
    Recording recording = recognizer.read(input, fps);
    float rate = recording.fps();
    float[][] frames = recording.features();
    StreamingRecognizer stream = recognizer.stream(options);
    long start = System.nanoTime();
    for (int t = 0; t < frames.length; t++) {
      if (realtime) {
        long due = start + (long) (t * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      print(stream.accept(frames[t]), rate);
    }
    print(stream.finish(), rate);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%nglosses: %s%n", String.join(" ", stream.glosses()));
    System.out.printf("%d frames (%.1f s of signing at %.0f fps) in %.2f s; %d windows of %d frames every %d; model "
            + "time per window p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; %,.0f frames/s of model time (%.0fx real time)%n",
        frames.length, frames.length / rate, rate, seconds, stream.windowsRun(), window, hop,
        stream.latencyPercentileMs(50), stream.latencyPercentileMs(90), stream.latencyPercentileMs(99),
        frames.length / (stream.computeMs() / 1000), frames.length / rate / (stream.computeMs() / 1000));
    return 0;
  }

  private static void print(List<StreamingRecognizer.Gloss> glosses, float fps) {
    for (StreamingRecognizer.Gloss g : glosses) {
      System.out.printf("[frame %5d  %7.2f s] %s%n", g.startFrame(), g.startFrame() / fps, g.gloss());
    }
  }

  private int streamSplit(Recognizer recognizer, StreamOptions options) {
    StreamingEvaluation result = StreamingEvaluation.run(recognizer, Dataset.open(dataDir), split, options);
    WerCalculator.Totals s = result.streaming();
    WerCalculator.Totals o = result.offline();
    System.out.printf(Locale.ROOT, "%s %s/%s, %d sentences, window %d, hop %d (greedy)%n",
        modelOptions.model.getFileName(), dataDir.getFileName(), split, result.sentences(), window, hop);
    System.out.printf(Locale.ROOT, "offline   WER %.2f%% (S=%d D=%d I=%d N=%d)%n", o.wer(), o.substitutions(),
        o.deletions(), o.insertions(), o.referenceWords());
    System.out.printf(Locale.ROOT, "streaming WER %.2f%% (S=%d D=%d I=%d N=%d), difference %+.2f points%n", s.wer(),
        s.substitutions(), s.deletions(), s.insertions(), s.referenceWords(), s.wer() - o.wer());
    System.out.printf(Locale.ROOT, "streaming: %,.0f frames/s of model time, median window %.2f ms%n",
        result.framesPerSecond(), result.medianWindowMs());
    return 0;
  }
}
