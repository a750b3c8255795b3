package org.glossa.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.glossa.decode.BeamCtcDecoder;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.decode.NgramLanguageModel;
import org.glossa.decode.CtcLoss;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the Java hot loops around the network: CTC loss with its gradient (every training step) and
 * CTC decoding (every recognised sentence), at PHOENIX-like sizes (1,233 classes, 16-gloss sentences, 64 output
 * frames = a 256-frame input). Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotLoopsBenchmark {

  @Param({"1233"})
  int classes;

  static final int FRAMES = 64;
  static final int BATCH = 4;
  static final int GLOSSES = 16;

  float[] batchLogits;
  float[][] sentenceLogits;
  int[] lengths;
  int[][] labels;
  String[] ids;
  CtcLoss ctc;
  BeamCtcDecoder beam;
  BeamCtcDecoder beamWithLm;
  BeamCtcDecoder beamUnpruned;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    batchLogits = new float[BATCH * FRAMES * classes];
    for (int i = 0; i < batchLogits.length; i++) {
      batchLogits[i] = (float) random.nextGaussian();
    }
    lengths = new int[BATCH];
    labels = new int[BATCH][];
    ids = new String[BATCH];
    for (int b = 0; b < BATCH; b++) {
      lengths[b] = FRAMES;
      labels[b] = random.ints(GLOSSES, 1, classes).toArray();
      ids[b] = "s" + b;
    }
    // A peaked sentence: blank mostly, a gloss every fourth frame, as trained CTC models produce.
    sentenceLogits = new float[FRAMES][classes];
    for (int t = 0; t < FRAMES; t++) {
      for (int v = 0; v < classes; v++) {
        sentenceLogits[t][v] = (float) random.nextGaussian();
      }
      sentenceLogits[t][t % 4 == 0 ? 1 + random.nextInt(classes - 1) : 0] += 8f;
    }
    ctc = new CtcLoss();
    List<int[]> sentences = new ArrayList<>();
    for (int s = 0; s < 2000; s++) {
      sentences.add(random.ints(8, 1, classes).toArray());
    }
    beam = new BeamCtcDecoder(8, null, 0, 0);
    beamUnpruned = new BeamCtcDecoder(8, null, 0, 0, Integer.MAX_VALUE);
    beamWithLm = new BeamCtcDecoder(8, new NgramLanguageModel(sentences, classes - 1, 3), 0.3, 0);
  }

  @Benchmark
  public CtcLoss.Result ctcLossAndGradientBatch4() {
    return ctc.compute(batchLogits, BATCH, FRAMES, classes, lengths, labels, ids, CtcLoss.Reduction.MEAN);
  }

  @Benchmark
  public int[] greedyDecode() {
    return GreedyCtcDecoder.decode(sentenceLogits, FRAMES);
  }

  @Benchmark
  public int[] beam8Decode() {
    return beam.decode(sentenceLogits, FRAMES);
  }

  /** Baseline for beam8Decode: every gloss extends every beam on every frame (the search before pruning). */
  @Benchmark
  public int[] beam8DecodeAllGlosses() {
    return beamUnpruned.decode(sentenceLogits, FRAMES);
  }

  @Benchmark
  public int[] beam8DecodeWithTrigramLm() {
    return beamWithLm.decode(sentenceLogits, FRAMES);
  }
}
