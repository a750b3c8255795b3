package org.glossa.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.glossa.data.Batch;
import org.glossa.data.DataException;
import org.glossa.data.Dataset;
import org.glossa.data.Sample;
import org.glossa.eval.Percentile;
import org.glossa.export.OnnxExport;
import org.glossa.model.OnnxFrameModel;
import org.glossa.export.ParityCheck;
import org.glossa.model.FrameModel;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.ModelFiles;
import org.glossa.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glossa bench}: inference speed of one checkpoint on the training engine (fp32), as ONNX fp32 and as ONNX
 * INT8, side by side in one run, for streaming windows and for whole sentences.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Inference throughput (frames/s) and latency percentiles of a checkpoint on the training engine, "
        + "as ONNX fp32 and as ONNX INT8 (exported on the fly), for streaming windows and whole sentences.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Checkpoint (.ckpt).")
  Path model;
  @Option(names = "--window", defaultValue = "64", description = "Streaming window in frames (default: ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--hop", defaultValue = "16", description = "Streaming hop in frames (default: ${DEFAULT-VALUE}).")
  int hop;
  @Option(names = "--windows", defaultValue = "200", description = "Timed windows per runtime (default: ${DEFAULT-VALUE}).")
  int windows;
  @Option(names = {"--data-dir", "--data_dir"},
      description = "Dataset whose dev sentences give the sentence lengths (default: 40 random lengths of 60-300 frames).")
  Path dataDir;
  @Option(names = "--sentences", defaultValue = "40", description = "Sentences per runtime (default: ${DEFAULT-VALUE}).")
  int sentences;
  @Option(names = {"--keep-fp32", "--keep_fp32"}, split = ",", defaultValue = "embed",
      description = "Layer kinds the INT8 model keeps in fp32, as for export (default: ${DEFAULT-VALUE}).")
  List<String> keepFp32;
  @Option(names = "--threads", defaultValue = "0", description = "Threads per runtime; 0 = one per core.")
  int threads;

  /** Speed of one runtime on one workload. */
  record Row(String runtime, String workload, int items, double framesPerSecond, double p50Ms, double p90Ms,
      double p99Ms) {}

  @Override
  public Integer call() throws IOException {
    if (ModelFiles.isOnnx(model)) {
      throw DataException.inFile(model, "bench takes a checkpoint (.ckpt) and exports it itself");
    }
    int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("glossa-bench");
    List<Row> rows = new ArrayList<>();
    try (TrainedModel engine = Checkpoint.load(model).model()) {
      Path fp32 = dir.resolve("fp32.onnx");
      Path int8 = dir.resolve("int8.onnx");
      long fp32Bytes = OnnxExport.write(engine, new OnnxExport.Options(false, false), model.toString(), fp32);
      long int8Bytes = OnnxExport.write(engine, new OnnxExport.Options(true, false,
          OnnxExport.Options.keepFp32Flag(keepFp32)), model.toString(), int8);
      int[] lengths = sentenceLengths(engine.pipeline().inputDim());
      float[][][] windowInput = ParityCheck.randomSequences(engine.pipeline(), new int[] {window}, 1);
      float[][][] sentenceInput = ParityCheck.randomSequences(engine.pipeline(), lengths, 2);
      System.out.printf("bench %s: %s %s, %,d parameters; %d threads, %d cores; ONNX fp32 %.2f MiB, INT8 %.2f MiB%n",
          model.getFileName(), engine.config().kind(), engine.config().preset(), engine.parameterCount(), cores,
          Runtime.getRuntime().availableProcessors(), fp32Bytes / 1048576.0, int8Bytes / 1048576.0);
      Map<String, FrameModel> runtimes = new LinkedHashMap<>();
      runtimes.put("engine fp32", engine);
      try (OnnxFrameModel onnxFp32 = OnnxFrameModel.open(fp32, OnnxFrameModel.Provider.CPU, cores);
          OnnxFrameModel onnxInt8 = OnnxFrameModel.open(int8, OnnxFrameModel.Provider.CPU, cores)) {
        runtimes.put("onnx fp32", onnxFp32);
        runtimes.put("onnx int8", onnxInt8);
        for (Map.Entry<String, FrameModel> r : runtimes.entrySet()) {
          rows.add(measure(r.getKey(), "window " + window, r.getValue(), windowInput, windows));
        }
        for (Map.Entry<String, FrameModel> r : runtimes.entrySet()) {
          rows.add(measure(r.getKey(), "sentence", r.getValue(), sentenceInput, 1));
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
    print(rows);
    return 0;
  }

  private int[] sentenceLengths(int rawDim) {
    if (dataDir == null) {
      Random random = new Random(3);
      return random.ints(sentences, 60, 301).toArray();
    }
    List<Sample> dev = Dataset.open(dataDir).load("dev", false).samples();
    return dev.stream().limit(sentences).mapToInt(Sample::numFrames).toArray();
  }

  /** Runs every input {@code repeats} times (after two warm-up passes over the first input), batch 1. */
  private static Row measure(String runtime, String workload, FrameModel model, float[][][] inputs, int repeats) {
    List<Batch> batches = new ArrayList<>();
    long frames = 0;
    for (float[][] raw : inputs) {
      batches.add(Batch.pad(new String[] {"bench"}, new float[][][] {model.pipeline().transform(raw)}, null));
      frames += raw.length;
    }
    for (int w = 0; w < 2; w++) {
      model.logits(batches.get(0));
    }
    double[] latencies = new double[batches.size() * repeats];
    int k = 0;
    long start = System.nanoTime();
    for (int r = 0; r < repeats; r++) {
      for (Batch batch : batches) {
        long t0 = System.nanoTime();
        model.logits(batch);
        latencies[k++] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    return new Row(runtime, workload, latencies.length, frames * (double) repeats / seconds,
        Percentile.of(latencies, 50), Percentile.of(latencies, 90), Percentile.of(latencies, 99));
  }

  private void print(List<Row> rows) {
    System.out.printf("%-12s %-12s %6s %12s %9s %9s %9s %9s%n", "runtime", "workload", "runs", "frames/s", "p50 ms",
        "p90 ms", "p99 ms", "vs engine");
    Map<String, Double> baseline = new LinkedHashMap<>();
    for (Row r : rows) {
      baseline.putIfAbsent(r.workload(), r.framesPerSecond());
      System.out.printf("%-12s %-12s %6d %,12.0f %9.2f %9.2f %9.2f %8.2fx%n", r.runtime(), r.workload(), r.items(),
          r.framesPerSecond(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.framesPerSecond() / baseline.get(r.workload()));
    }
    rows.stream().filter(r -> r.workload().startsWith("window")).forEach(r -> System.out.printf(
        "%s: a stream with hop %d needs one window per %d frames: %,.0f input frames/s at p50 latency%n", r.runtime(),
        hop, hop, hop / (r.p50Ms() / 1000)));
  }
}
