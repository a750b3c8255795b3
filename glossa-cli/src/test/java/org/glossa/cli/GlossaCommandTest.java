package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glossa.data.TestResources;
import org.glossa.data.Dataset;
import org.glossa.data.DatasetInfo;
import org.glossa.data.FaceSubset;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.Npy;
import org.glossa.data.Sample;
import org.glossa.model.ForeignOnnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlossaCommandTest {

  @TempDir
  Path temp;

  /** Runs the CLI and captures exit code, stdout and stderr. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = GlossaCommand.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void aBadStreamingWindowIsRefusedBeforeAnythingLoadsOrListens() {
    Path model = temp.resolve("not-there.onnx");
    for (String[] args : new String[][] {{"serve", "--model", model.toString(), "--window", "10", "--port", "0"},
        {"stream", "--model", model.toString(), "--input", "x.npy", "--window", "96", "--hop", "6"}}) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().contains("--window and --hop") && !r.err().contains("not-there"), r.err());
    }
  }

  @Test
  void evaluatesAndStreamsAnOnnxModelFromAnotherToolWithItsCard() throws IOException {
    Path onnx = ForeignOnnx.write(temp.resolve("foreign.onnx"), true, false);
    Path card = Files.writeString(temp.resolve("card.json"), ForeignOnnx.cardJson(true, false));
    Path data = ForeignOnnx.dataset(temp.resolve("data"));
    Run refused = run("evaluate", "--model", onnx.toString(), "--data_dir", data.toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("not a Glossa ONNX model") && refused.err().contains("--card"), refused.err());

    Run evaluate = run("evaluate", "--model", onnx.toString(), "--card", card.toString(), "--data_dir",
        data.toString(), "--out", temp.resolve("report").toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    assertTrue(evaluate.out().contains("WER 20.00% (S=1 D=0 I=0 N=5), 3 sentences"), evaluate.out());
    assertTrue(Files.readString(temp.resolve("report/hypotheses.txt")).contains("t2 HALLO DANKE"));

    Path npy = temp.resolve("sentence.npy");
    Npy.writeMatrix(npy, ForeignOnnx.frames(java.util.List.of("WETTER", "DANKE", "HALLO"), 6, 4), ForeignOnnx.WIDTH);
    Run stream = run("stream", "--model", onnx.toString(), "--card", card.toString(), "--input", npy.toString(),
        "--window", "16", "--hop", "8", "--realtime", "false");
    assertEquals(0, stream.code(), stream.err());
    assertTrue(stream.out().contains("glosses: WETTER DANKE HALLO"), stream.out());
    Run recognized = run("recognize", npy.toString(), "--model", onnx.toString(), "--card", card.toString());
    assertEquals(0, recognized.code(), recognized.err());
    assertTrue(recognized.out().contains("glosses: WETTER DANKE HALLO"), recognized.out());
    Run noPage = run("recognize", npy.toString(), "--model", onnx.toString(), "--card", card.toString(), "--html",
        temp.resolve("page.html").toString());
    assertEquals(2, noPage.code(), noPage.err());
    assertTrue(noPage.err().contains("need landmarks"), noPage.err());

    Run badWindow = run("stream", "--model", onnx.toString(), "--card",
        Files.writeString(temp.resolve("stride3.json"), ForeignOnnx.cardJson(true, false)
            .replace("\"time_stride\": 2", "\"time_stride\": 3")).toString(), "--input", npy.toString(),
        "--window", "16", "--hop", "8");
    assertEquals(2, badWindow.code(), badWindow.err());
    assertTrue(badWindow.err().contains("time stride 3"), badWindow.err());
  }

  @Test
  void helpListsSubcommandsAndEverySubcommandHasHelp() {
    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("data"), help.out());
    for (String sub : new String[] {"synth", "from-pose", "stats"}) {
      Run r = run("data", sub, "--help");
      assertEquals(0, r.code(), sub);
      assertTrue(r.out().contains("Usage: glossa data " + sub), r.out());
    }
    Run version = run("--version");
    assertTrue(version.out().startsWith("glossa "), version.out());
  }

  @Test
  void acceptsSnakeCaseAndKebabCaseFlags() {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    String[] common = {"--train", "4", "--dev", "1", "--test", "1", "--vocab", "16", "--signers", "3"};
    assertEquals(0, run(concat(new String[] {"data", "synth", "--out", a.toString(), "--held_out_signers", "1"},
        common)).code());
    assertEquals(0, run(concat(new String[] {"data", "synth", "--out", b.toString(), "--held-out-signers", "1"},
        common)).code());
    assertEquals(Dataset.open(a).info(), Dataset.open(b).info().equals(Dataset.open(a).info())
        ? Dataset.open(a).info() : null);
  }

  @Test
  void badInputGivesOneLineErrorAndExitCode2WithoutStackTrace() {
    Run r = run("data", "stats", temp.resolve("nowhere").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + temp.resolve("nowhere")), r.err());
    assertFalse(r.err().contains("at org.glossa"), r.err());
  }

  @Test
  void fromPoseImportsTheRealRecordingsWithDimensionsMatchingDatasetJson() throws IOException {
    Path poses = temp.resolve("poses");
    Files.createDirectories(poses);
    Files.copy(resource("pose/example.pose"), poses.resolve("example.pose"));
    Files.copy(resource("pose/mediapipe.pose"), poses.resolve("mediapipe.pose"));
    Path csv = temp.resolve("train.corpus.csv");
    Files.writeString(csv, "id|folder|signer|annotation\nexample|x|SignerA|HALLO WELT\n"
        + "mediapipe|x|SignerB|HALLO\n");
    Path out = temp.resolve("imported");
    Run r = run("data", "from-pose", "--poses", poses.toString(), "--annotations", csv.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    Dataset dataset = Dataset.open(out);
    DatasetInfo info = dataset.info();
    assertEquals(EnhancedFeatures.layout(FaceSubset.COMPACT).featureDim(), info.featureDim());
    for (Sample s : dataset.load("train", false).samples()) {
      assertEquals(info.featureDim(), s.features()[0].length);
    }
    assertEquals(97, dataset.load("train", false).samples().get(0).numFrames());
    Run stats = run("data", "stats", out.toString());
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("left_hand="), stats.out());
  }

  @Test
  void fromPoseWithACorruptFileNamesItOrSkipsIt() throws IOException {
    Path poses = temp.resolve("poses");
    Files.createDirectories(poses);
    Files.copy(resource("pose/example.pose"), poses.resolve("good.pose"));
    Files.writeString(poses.resolve("bad.pose"), "not a pose");
    Path csv = temp.resolve("a.tsv");
    Files.writeString(csv, "good\tS\tA B\nbad\tS\tA\n");
    Run failed = run("data", "from-pose", "--poses", poses.toString(), "--annotations", csv.toString(), "--out",
        temp.resolve("o1").toString());
    assertEquals(2, failed.code());
    assertTrue(failed.err().contains(poses.resolve("bad.pose").toString()), failed.err());
    assertFalse(Files.exists(temp.resolve("o1")), "nothing half-written");
    Run skipped = run("data", "from-pose", "--poses", poses.toString(), "--annotations", csv.toString(), "--out",
        temp.resolve("o2").toString(), "--skip_bad");
    assertEquals(0, skipped.code(), skipped.err());
    assertTrue(skipped.out().contains("skipped: " + poses.resolve("bad.pose")), skipped.out());
    assertEquals(1, Dataset.open(temp.resolve("o2")).entries("train").size());
  }

  @Test
  void scorePrintsScliteNumbers() {
    Run r = run("score", "--ref", resource("score/ref.stm").toString(), "--hyp", resource("score/hyp.ctm").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Percent Total Error       =   72.7%   (   8)"), r.out());
    assertTrue(r.out().contains("| signera    |     2      7 |   57.1"), r.out());
  }

  @Test
  void trainThenEvaluateFromTheCommandLine() throws IOException {
    Path data = temp.resolve("data");
    assertEquals(0, run("data", "synth", "--out", data.toString(), "--train", "12", "--dev", "4", "--test", "4",
        "--vocab", "16", "--signers", "3", "--held_out_signers", "1").code());
    Path out = temp.resolve("run");
    Run train = run("train", "--data_dir", data.toString(), "--output_dir", out.toString(), "--preset", "tiny",
        "--epochs", "1", "--batch_size", "4", "--lr", "1e-3", "--max_batches", "2");
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("best dev WER"), train.out());
    Run evaluate = run("evaluate", "--model", out.resolve("best_model.ckpt").toString(), "--data_dir", data.toString(),
        "--beam", "4", "--lm_order", "2");
    assertEquals(0, evaluate.code(), evaluate.err());
    assertTrue(evaluate.out().contains("WER"), evaluate.out());
    Path report = out.resolve("best_model-test");
    assertTrue(Files.readString(report.resolve("report.json")).contains("\"wer\""));
    assertTrue(Files.readString(report.resolve("alignments.txt")).contains("REF:"));
    Run wrongData = run("evaluate", "--model", out.resolve("best_model.ckpt").toString(), "--data_dir",
        temp.resolve("missing").toString());
    assertEquals(2, wrongData.code());

    // Exported to ONNX (with the feature pipeline in the graph), the model gives the very same hypotheses.
    Path onnx = temp.resolve("model.onnx");
    Run export = run("export", "--model", out.resolve("best_model.ckpt").toString(), "--out", onnx.toString(),
        "--with_features");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("max |logit difference|"), export.out());
    // the file carries the run's settings and provenance, as the checkpoint does
    try (org.glossa.model.OnnxFrameModel exported = org.glossa.model.OnnxFrameModel.open(onnx,
        org.glossa.model.OnnxFrameModel.Provider.CPU, 1)) {
      com.fasterxml.jackson.databind.JsonNode settings = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(exported.metadata().get("glossa.settings"));
      assertEquals(Dataset.open(data).fingerprint(), settings.at("/provenance/dataset/fingerprint").asText());
      assertEquals("student", settings.get("kind").asText());
      assertTrue(exported.metadata().get("glossa.version").startsWith("0.1.0 (commit "),
          exported.metadata().get("glossa.version"));
    }
    Run greedyCkpt = run("evaluate", "--model", out.resolve("best_model.ckpt").toString(), "--data_dir",
        data.toString());
    Run greedyOnnx = run("evaluate", "--model", onnx.toString(), "--data_dir", data.toString());
    assertEquals(0, greedyOnnx.code(), greedyOnnx.err());
    assertEquals(Files.readString(out.resolve("best_model-test/hypotheses.txt")),
        Files.readString(temp.resolve("model-test/hypotheses.txt")));
    assertEquals(greedyCkpt.out().replaceAll(", [\\d,.]+ frames/s", "").replace("best_model.ckpt", "X"),
        greedyOnnx.out().replaceAll(", [\\d,.]+ frames/s", "").replace("model.onnx", "X")
            .replace(temp.resolve("model-test").toString(), out.resolve("best_model-test").toString()));
    // Streaming: a feature file replayed as fast as possible, and a whole split against offline decoding.
    Path npy = temp.resolve("clip.npy");
    org.glossa.data.Npy.writeMatrix(npy, Dataset.open(data).load("test", false).samples().get(0).features(), 538);
    Run stream = run("stream", "--model", onnx.toString(), "--input", npy.toString(), "--realtime", "false",
        "--window", "32", "--hop", "8");
    assertEquals(0, stream.code(), stream.err());
    assertTrue(stream.out().contains("glosses:") && stream.out().contains("model time per window p50"), stream.out());
    Run split = run("stream", "--model", out.resolve("best_model.ckpt").toString(), "--data_dir", data.toString());
    assertEquals(0, split.code(), split.err());
    assertTrue(split.out().contains("offline   WER") && split.out().contains("streaming WER"), split.out());
    // A MediaPipe .pose recording goes through the same feature code as the datasets, at its own frame rate.
    Run pose = run("stream", "--model", onnx.toString(), "--input", resource("pose/mediapipe.pose").toString(),
        "--realtime", "false");
    assertEquals(0, pose.code(), pose.err());
    assertTrue(pose.out().contains("170 frames (7.1 s of signing at 24 fps)"), pose.out());
    Run neither = run("stream", "--model", onnx.toString());
    assertEquals(2, neither.code());
    Run gpu = run("evaluate", "--model", onnx.toString(), "--data_dir", data.toString(), "--provider", "tensorrt");
    assertEquals(2, gpu.code());
    assertTrue(gpu.err().contains("TensorRT"), gpu.err());
  }

  @Test
  void configFileSuppliesFlagsAndTheCommandLineWins() throws IOException {
    Path data = temp.resolve("data");
    assertEquals(0, run("data", "synth", "--out", data.toString(), "--train", "8", "--dev", "4", "--test", "4",
        "--vocab", "16", "--signers", "3", "--held_out_signers", "1").code());
    Path yaml = temp.resolve("run.yaml");
    Files.writeString(yaml, "data_dir: " + data + "\npreset: tiny\nepochs: 3\nbatch-size: 2\nlr: 0.002\n"
        + "no_augment: true\nremove_pca: false\npca_dim: 16\nval_every: 2\n");
    Path out = temp.resolve("configured");
    Run train = run("train", "--config", yaml.toString(), "--output_dir", out.toString(), "--epochs", "1");
    assertEquals(0, train.code(), train.err());
    String resolved = Files.readString(out.resolve("config.yaml"));
    for (String line : new String[] {"epochs: 1", "batch_size: 2", "lr: 0.002", "no_augment: true",
        "remove_pca: false", "pca_dim: 16", "val_every: 2", "preset: \"tiny\""}) {
      assertTrue(resolved.contains(line + "\n"), line + " not in\n" + resolved);
    }
    // The saved config repeats the run; flags still override it.
    Path again = temp.resolve("again");
    Run repeat = run("train", "--config", out.resolve("config.yaml").toString(), "--output_dir", again.toString());
    assertEquals(0, repeat.code(), repeat.err());
    assertEquals(resolved.lines().skip(1).filter(l -> !l.startsWith("output_dir")).toList(),
        Files.readString(again.resolve("config.yaml")).lines().skip(1).filter(l -> !l.startsWith("output_dir"))
            .toList());

    Files.writeString(yaml, "data_dir: " + data + "\nbatch_sise: 2\n");
    Run unknown = run("train", "--config", yaml.toString(), "--output_dir", out.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains(yaml.toString()) && unknown.err().contains("unknown key 'batch_sise'"),
        unknown.err());
    Files.writeString(yaml, "epochs: [1, 2]\n");
    Run nested = run("train", "--config", yaml.toString(), "--output_dir", out.toString(), "--data_dir", "x");
    assertEquals(2, nested.code());
    assertTrue(nested.err().contains("key 'epochs' needs a single value"), nested.err());
    Run missing = run("train", "--config", temp.resolve("none.yaml").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.yaml"), missing.err());
  }

  @Test
  void profileBreakdownSharesAStepAmongItsParts() {
    Run r = run("profile", "--kind", "student", "--preset", "tiny", "--batch_size", "2", "--frames", "24",
        "--input_dim", "16", "--classes", "6", "--steps", "2", "--breakdown");
    assertEquals(0, r.code(), r.err());
    double share = 0;
    java.util.Set<String> parts = new java.util.HashSet<>();
    for (String line : r.out().split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+?)\\s+(-?[0-9.]+)\\s+(-?[0-9.]+)%$")
          .matcher(line.strip());
      if (m.matches()) {
        parts.add(m.group(1).strip());
        share += Double.parseDouble(m.group(3));
      }
    }
    assertTrue(parts.containsAll(java.util.List.of("forward: convolutions", "forward: BiLSTM + classifier",
        "CTC loss (Java)", "backward", "gradient norm", "AdamW update (zeroes gradients)")), r.out());
    assertEquals(100, share, 1.0, r.out()); // the parts and the time between them make up the step
  }

  private static Path resource(String name) {
    return TestResources.path(name);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void benchTrainRefusesABadCorpusOfTheUsersOwnInOneLineBeforeTraining() throws IOException {
    Path work = temp.resolve("work");
    Path data = ForeignOnnx.dataset(temp.resolve("data"));
    String[][] cases = {
        {"--corpus", "base=" + data, "the suite has a corpus of that name"},
        {"--corpus", "my corpus=" + data, "a name is letters, digits"},
        {"--corpus", "mine=" + temp.resolve("nowhere"), "dataset directory not found"},
        {"--corpus", "mine=" + data, "--corpora", "base,yours", "unknown corpus 'yours'"}};
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("bench-train", "--max_steps", "1", "--work_dir", work.toString()));
      args.addAll(List.of(c).subList(0, c.length - 1));
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.code(), args + ": " + r.err());
      assertTrue(r.err().contains(c[c.length - 1]) && r.err().strip().lines().count() == 1, r.err());
      assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
      assertFalse(Files.exists(work.resolve("base")), "nothing made or trained");
    }
  }
}
