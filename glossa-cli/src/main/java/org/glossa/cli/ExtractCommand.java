package org.glossa.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glossa.data.FaceSubset;
import org.glossa.extract.Extractor;
import org.glossa.extract.Landmarker;
import org.glossa.train.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glossa extract}: sign videos to MediaPipe Holistic landmarks ({@code .pose}) and features. */
@Command(name = "extract", mixinStandardHelpOptions = true,
    description = "Extract MediaPipe Holistic landmarks from videos (mp4, avi, webm, ...; or folders of frame images "
        + "as PHOENIX ships them) into one pose-format .pose file per video, and with --features the enhanced "
        + "features (.npy). Runs MediaPipe's models in the JVM (--engine jvm) or the live page's MediaPipe in headless "
        + "Chromium (--engine browser). Resumable: finished videos are "
        + "skipped. Exit 1 if any video failed (listed in OUT/extract-failures.tsv).")
public final class ExtractCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, description = "A video file, a frame folder, or a folder of them.")
  Path input;
  @Option(names = "--out", required = true, description = "Output folder: <id>.pose (and <id>.npy) per video.")
  Path out;
  @Option(names = "--workers", defaultValue = "1",
      description = "Videos worked on in parallel, up to one per core (default: ${DEFAULT-VALUE}).")
  int workers;
  @Option(names = "--features", description = "Also write the enhanced features of each video (<id>.npy).")
  boolean features;
  @Option(names = "--face", defaultValue = "compact",
      description = "Face points in the features: none, compact, detailed or full (default: ${DEFAULT-VALUE}).")
  String face;
  @Option(names = "--fps", defaultValue = "25",
      description = "Frame rate of frame-image folders (PHOENIX: 25; default: ${DEFAULT-VALUE}).")
  float fps;
  @Mixin
  LandmarkOptions landmarks;

  @Override
  public Integer call() throws InterruptedException {
    if (workers < 1 || workers > 64) {
      throw new IllegalArgumentException("--workers must be in 1..64");
    }
    FaceSubset subset = features ? FaceSubset.parse(face) : null;
    List<Extractor.Item> items = Extractor.discover(input);
    System.out.printf("extract: %d video(s) from %s into %s, %d worker(s), %s%n", items.size(), input, out,
        workers, landmarks.describe());
    Extractor.Summary summary;
    try (Landmarker landmarker = landmarks.start(Math.max(1, Math.min(workers, items.size())))) {
      summary = new Extractor(landmarker::landmarks, workers, subset, fps).run(items, out, System.err,
          TrainingProgress.detectTerminal() != null);
    }
    System.out.printf("videos: %d extracted, %d already there, %d failed; %,d frames in %.1f s = %.2f frames/s%n",
        summary.extracted(), summary.skipped(), summary.failed(), summary.frames(), summary.seconds(),
        summary.framesPerSecond());
    StringBuilder rates = new StringBuilder("detected in frames:");
    for (Map.Entry<String, Double> rate : summary.detectionRates().entrySet()) {
      rates.append(String.format(" %s %.1f%%", rate.getKey(), 100 * rate.getValue()));
    }
    System.out.println(rates);
    summary.failures().forEach(f -> System.out.println("failed: " + f.substring(f.lastIndexOf('\t') + 1)));
    System.out.printf("reports: %s, %s%n", out.resolve("extract-summary.json"), out.resolve("extract-failures.tsv"));
    return summary.failed() == 0 ? 0 : 1;
  }
}
