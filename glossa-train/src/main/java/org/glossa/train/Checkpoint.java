package org.glossa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.glossa.data.AtomicFiles;
import org.glossa.data.DataException;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.data.NpyArray;
import org.glossa.data.Npz;
import org.glossa.model.ModelConfig;
import org.glossa.network.SignNetwork;
import org.glossa.network.TrainedModel;

/**
 * A model file ({@code .ckpt}): a zip holding {@code checkpoint.json} (model config, training state and the
 * run's settings), {@code vocab.txt}, {@code pipeline.npz} (the fitted feature pipeline), {@code weights.npz}
 * (every parameter, by name, with BatchNorm statistics) and, for resuming, {@code optimizer.npz} (AdamW
 * moments and the weights' moving average, when the run keeps one). Usable on its own: no other file or flag is needed to evaluate, export or resume. Written to a
 * temporary file and renamed, so a crash never leaves half a checkpoint.
 */
public final class Checkpoint {

  static final String FORMAT = "glossa-checkpoint-1";
  private static final NDIndex ALL = new NDIndex("...");

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What a checkpoint holds besides the model. */
  public record Contents(TrainedModel model, TrainingState state, JsonNode settings, Map<String, float[][]> optimizer,
      long optimizerStep, Map<String, float[]> average, long averageSteps) {}

  private Checkpoint() {}

  /** Saves a model with its training state and the run settings (any JSON-serialisable object). */
  public static void save(Path file, TrainedModel model, TrainingState state, Object settings, AdamW optimizer) {
    save(file, model, state, settings, optimizer, null);
  }

  /**
   * As {@link #save(Path, TrainedModel, TrainingState, Object, AdamW)}, with the weights' moving average kept in
   * {@code optimizer.npz} ({@code ema/<parameter>} and {@code ema_steps}) for resuming.
   */
  static void save(Path file, TrainedModel model, TrainingState state, Object settings, AdamW optimizer,
      WeightAverage average) {
    Map<String, NpyArray> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      NDArray array = e.getValue().getArray();
      weights.put(e.getKey(), NpyArray.ofFloats(array.toFloatArray(), toInts(array.getShape().getShape())));
    }
    ObjectNode json = JSON.createObjectNode();
    json.put("format", FORMAT);
    json.set("model", JSON.valueToTree(model.config()));
    json.set("training", JSON.valueToTree(state));
    json.set("settings", JSON.valueToTree(settings));
    byte[] optimizerBytes = null;
    if (optimizer != null) {
      Map<String, NpyArray> moments = new LinkedHashMap<>();
      optimizer.state(model.parameters()).forEach((name, mv) -> {
        moments.put("m/" + name, NpyArray.ofFloats(mv[0], mv[0].length));
        moments.put("v/" + name, NpyArray.ofFloats(mv[1], mv[1].length));
      });
      moments.put("step", NpyArray.ofFloats(new float[] {optimizer.step()}, 1));
      if (average != null) {
        average.state().forEach((name, values) -> moments.put("ema/" + name, NpyArray.ofFloats(values, values.length)));
        moments.put("ema_steps", NpyArray.ofFloats(new float[] {average.steps()}, 1));
      }
      optimizerBytes = Npz.toBytes(moments);
    }
    byte[] optimizerData = optimizerBytes;
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.setLevel(1);
      entry(zip, "checkpoint.json", JSON.writeValueAsBytes(json));
      entry(zip, "vocab.txt", (String.join("\n", model.vocabulary().glosses()) + "\n").getBytes(StandardCharsets.UTF_8));
      entry(zip, "pipeline.npz", Npz.toBytes(model.pipeline().toArrays()));
      entry(zip, "weights.npz", Npz.toBytes(weights));
      if (optimizerData != null) {
        entry(zip, "optimizer.npz", optimizerData);
      }
      zip.finish();
    });
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  private static int[] toInts(long[] shape) {
    return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
  }

  /**
   * A checkpoint's contents as read and checked, before any network is built (no native memory): the model
   * config agrees with the weights (names aside, which only the built network knows), the vocabulary and the
   * pipeline.
   */
  public record Stored(ModelConfig config, TrainingState state, JsonNode settings, GlossVocabulary vocabulary,
      FeaturePipeline pipeline, Map<String, NpyArray> weights, Map<String, NpyArray> optimizer) {}

  /** Ceiling on the inflated size of {@code checkpoint.json} and {@code vocab.txt}. */
  static final long MAX_TEXT_MEMBER_BYTES = 64L << 20;
  /**
   * Ceiling on the inflated size of one {@code .npz} member (the seed teacher's AdamW moments and weight average,
   * 19.3M parameters x 3 floats, take 232 MB).
   */
  static final long MAX_ARRAY_MEMBER_BYTES = 1L << 30;
  /**
   * Most bytes deflate can give per compressed byte (its limit is about 1032:1): a member that declares more
   * than this from its compressed size is a zip bomb or a corrupt entry.
   */
  static final long MAX_DEFLATE_RATIO = 1100;
  /**
   * What all members together may inflate to: 16x the file plus 64 MiB. Trained weights are noise to deflate
   * (about 1.1:1), so a real checkpoint is far below; a small file that honestly declares gigabytes of zeros
   * (each member within the ceiling and deflate's ratio) is refused before any of it is inflated.
   */
  static final long MAX_FILE_INFLATION = 16;
  static final long INFLATION_SLACK_BYTES = 64L << 20;

  /** Loads a checkpoint; a missing, corrupt or inconsistent file gives a {@link DataException} naming it. */
  public static Contents load(Path file) {
    Stored stored = read(file);
    TrainedModel model;
    try {
      model = new TrainedModel(stored.config(), stored.vocabulary(), stored.pipeline());
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, "invalid checkpoint: " + e.getMessage());
    }
    try {
      Map<String, Parameter> parameters = model.parameters();
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        NpyArray saved = stored.weights().get(e.getKey());
        NDArray array = e.getValue().getArray();
        long[] shape = array.getShape().getShape();
        if (saved == null || !saved.isNumeric() || !Arrays.equals(toLongs(saved.shape()), shape)) {
          throw DataException.inFile(file, "weights do not match the model config: parameter " + e.getKey()
              + (saved == null ? " missing" : " has shape " + Arrays.toString(saved.shape()) + ", expected "
              + Arrays.toString(shape)));
        }
        // Copied by indexing, not by set(Buffer): libtorch's copy behind set(Buffer) on a parameter prints a
        // deprecation warning (AutoNonVariableTypeMode) straight to the terminal; the gradient stays as it was.
        try (NDArray values = array.getManager().create(saved.values(), array.getShape())) {
          array.set(ALL, values);
        }
      }
      Map<String, float[][]> moments = new LinkedHashMap<>();
      long step = 0;
      Map<String, float[]> average = new LinkedHashMap<>();
      long averageSteps = 0;
      if (stored.optimizer() != null) {
        Map<String, NpyArray> arrays = stored.optimizer();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
          NpyArray m = arrays.get("m/" + e.getKey());
          NpyArray v = arrays.get("v/" + e.getKey());
          if (m == null && v == null) {
            continue;
          }
          long size = e.getValue().getArray().size();
          if (m == null || v == null || !m.isNumeric() || !v.isNumeric() || m.values().length != size
              || v.values().length != size) {
            throw DataException.inFile(file, "optimizer.npz: moments of " + e.getKey() + " do not match its "
                + size + " values");
          }
          moments.put(e.getKey(), new float[][] {m.values(), v.values()});
        }
        step = (long) stored.optimizer().get("step").values()[0];
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
          NpyArray saved = arrays.get("ema/" + e.getKey());
          if (saved == null) {
            continue;
          }
          if (!saved.isNumeric() || saved.values().length != e.getValue().getArray().size()) {
            throw DataException.inFile(file, "optimizer.npz: weight average of " + e.getKey() + " does not match its "
                + e.getValue().getArray().size() + " values");
          }
          average.put(e.getKey(), saved.values());
        }
        if (!average.isEmpty() && average.size() != parameters.size()) {
          throw DataException.inFile(file, "optimizer.npz: the weight average covers " + average.size() + " of the "
              + parameters.size() + " parameters; it must cover all or none");
        }
        NpyArray averageStep = arrays.get("ema_steps");
        if (!average.isEmpty() && (averageStep == null || !averageStep.isNumeric()
            || averageStep.values().length != 1 || !(averageStep.values()[0] >= 0)
            || averageStep.values()[0] > 1e15)) {
          throw DataException.inFile(file, "optimizer.npz: a weight average needs 'ema_steps', one number >= 0");
        }
        averageSteps = average.isEmpty() ? 0 : (long) averageStep.values()[0];
      }
      return new Contents(model, stored.state(), stored.settings(), moments, step, average, averageSteps);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Reads and checks a checkpoint without building its network: every member's size is bounded (see
   * {@link #MAX_ARRAY_MEMBER_BYTES}), and the model config is checked against the weights present before
   * anything is sized by it. Errors are {@link DataException}s naming the file (and member).
   */
  public static Stored read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DataException.inFile(file, "checkpoint not found");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      checkTotalInflation(zip, file);
      JsonNode json = parseJson(member(zip, "checkpoint.json", file, MAX_TEXT_MEMBER_BYTES), file);
      if (!FORMAT.equals(json.path("format").asText())) {
        throw DataException.inFile(file, "not a Glossa checkpoint (format '" + json.path("format").asText() + "')");
      }
      ModelConfig config = section(json, "model", ModelConfig.class, file);
      TrainingState state = section(json, "training", TrainingState.class, file);
      GlossVocabulary vocabulary = GlossVocabulary.parse(
          new String(member(zip, "vocab.txt", file, MAX_TEXT_MEMBER_BYTES), StandardCharsets.UTF_8).lines().toList(),
          Path.of(file + ":vocab.txt"));
      FeaturePipeline pipeline = FeaturePipeline.fromArrays(
          Npz.fromBytes(member(zip, "pipeline.npz", file, MAX_ARRAY_MEMBER_BYTES), file + ":pipeline.npz"),
          Path.of(file + ":pipeline.npz"));
      Map<String, NpyArray> weights = Npz.fromBytes(member(zip, "weights.npz", file, MAX_ARRAY_MEMBER_BYTES),
          file + ":weights.npz");
      checkAgainstWeights(file, config, weights);
      if (config.numClasses() != vocabulary.numClasses()) {
        throw DataException.inFile(file, "model.num_classes = " + config.numClasses() + " but vocab.txt has "
            + vocabulary.size() + " glosses (+ blank = " + vocabulary.numClasses() + ")");
      }
      if (config.inputDim() != pipeline.outputDim()) {
        throw DataException.inFile(file, "model.input_dim = " + config.inputDim() + " but pipeline.npz gives "
            + pipeline.outputDim() + " features");
      }
      Map<String, NpyArray> optimizer = null;
      if (zip.getEntry("optimizer.npz") != null) {
        optimizer = Npz.fromBytes(member(zip, "optimizer.npz", file, MAX_ARRAY_MEMBER_BYTES),
            file + ":optimizer.npz");
        NpyArray step = optimizer.get("step");
        if (step == null || !step.isNumeric() || step.values().length != 1 || !Float.isFinite(step.values()[0])
            || step.values()[0] < 0) {
          throw DataException.inFile(file, "optimizer.npz: 'step' must be one finite number >= 0");
        }
      }
      return new Stored(config, state, json.get("settings"), vocabulary, pipeline, weights, optimizer);
    } catch (ZipException e) {
      throw DataException.inFile(file, "corrupt or truncated checkpoint: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read checkpoint: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, "invalid checkpoint: " + e.getMessage());
    }
  }

  private static JsonNode parseJson(byte[] bytes, Path file) {
    try {
      JsonNode json = JSON.readTree(bytes);
      if (json == null || !json.isObject()) {
        throw DataException.inFile(file, "checkpoint.json is not a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw DataException.inFile(file, "checkpoint.json: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw DataException.inFile(file, "checkpoint.json: " + firstLine(e.getMessage()));
    }
  }

  /** One section of checkpoint.json as a record; a bad value gives the record's own message (key and value). */
  private static <T> T section(JsonNode json, String key, Class<T> type, Path file) {
    JsonNode node = json.get(key);
    if (node == null || !node.isObject()) {
      throw DataException.inFile(file, "checkpoint.json has no '" + key + "' object");
    }
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String problem = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
      throw DataException.inFile(file, "checkpoint.json: invalid '" + key + "': "
          + (problem == null ? cause.getClass().getSimpleName() : firstLine(problem)));
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  /**
   * The config must size the network to exactly the values weights.npz holds, checked before the network is
   * built, so a config edited by hand (say lstm_hidden: 1000000) cannot make it allocate more than the file holds.
   */
  private static void checkAgainstWeights(Path file, ModelConfig config, Map<String, NpyArray> weights) {
    long present = 0;
    for (NpyArray array : weights.values()) {
      present += array.isNumeric() ? array.values().length : 0;
    }
    Map<String, Long> parts;
    try {
      parts = SignNetwork.parameterValues(config);
    } catch (ArithmeticException e) {
      throw DataException.inFile(file, "model config sizes a network past 2^63 values");
    }
    long needed = 0;
    for (Map.Entry<String, Long> part : parts.entrySet()) {
      if (part.getValue() > present) {
        throw DataException.inFile(file, "model." + part.getKey() + " needs " + part.getValue()
            + " weight values but weights.npz holds " + present + " in all: the config does not match the weights");
      }
      needed = Math.addExact(needed, part.getValue());
    }
    if (needed != present) {
      throw DataException.inFile(file, "the model config needs " + needed + " weight values but weights.npz holds "
          + present + ": the config does not match the weights");
    }
  }

  /** Every member's declared size within its bounds, then their sum within what the file can inflate to. */
  private static void checkTotalInflation(ZipFile zip, Path file) throws IOException {
    long declared = 0;
    for (String name : new String[] {"checkpoint.json", "vocab.txt", "pipeline.npz", "weights.npz", "optimizer.npz"}) {
      ZipEntry entry = zip.getEntry(name);
      if (entry != null) {
        checkDeclared(entry, file, ceiling(name));
        declared += entry.getSize(); // each within a ceiling of 1 GiB: no overflow
      }
    }
    long fileSize = Files.size(file);
    long limit = fileSize * MAX_FILE_INFLATION + INFLATION_SLACK_BYTES;
    if (declared > limit) {
      throw DataException.inFile(file, "members declare " + declared + " bytes from a file of " + fileSize
          + " bytes, more than a checkpoint inflates to (" + MAX_FILE_INFLATION + "x + "
          + (INFLATION_SLACK_BYTES >> 20) + " MiB): a zip bomb or a corrupt file");
    }
  }

  private static long ceiling(String member) {
    return member.endsWith(".npz") ? MAX_ARRAY_MEMBER_BYTES : MAX_TEXT_MEMBER_BYTES;
  }

  /** A member's declared size: known, within {@code ceiling} and within what deflate can give. */
  private static void checkDeclared(ZipEntry entry, Path file, long ceiling) {
    String name = entry.getName();
    long declared = entry.getSize();
    long compressed = entry.getCompressedSize();
    if (declared < 0) {
      throw DataException.inFile(file, "corrupt checkpoint: member " + name + " does not declare its size");
    }
    if (declared > ceiling) {
      throw DataException.inFile(file, "member " + name + " declares " + declared + " bytes, more than the "
          + ceiling + " a checkpoint member may hold");
    }
    // declared > compressed * ratio + 1024, without overflow for any compressed size a ZIP64 entry can claim
    if (entry.getMethod() == ZipEntry.DEFLATED && compressed >= 0
        && (declared - 1024) / MAX_DEFLATE_RATIO > compressed) {
      throw DataException.inFile(file, "member " + name + " declares " + declared + " bytes from " + compressed
          + " compressed bytes, more than deflate can give: a zip bomb or a corrupt entry");
    }
  }

  /**
   * One member's bytes, bounded: its declared size must be within {@code ceiling} and what deflate can give from
   * its compressed size, and reading stops at the declared size, so a member that inflates further (a zip bomb)
   * fails after at most that many bytes. Memory grows with the bytes actually inflated, not with the promise.
   */
  static byte[] member(ZipFile zip, String name, Path file, long ceiling) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw DataException.inFile(file, "corrupt checkpoint: no " + name);
    }
    checkDeclared(entry, file, ceiling);
    long declared = entry.getSize();
    try (InputStream in = zip.getInputStream(entry)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(declared, 1 << 16));
      byte[] buffer = new byte[(int) Math.min(Math.max(declared, 1), 1 << 16)];
      long total = 0;
      while (true) {
        // ask for one byte past the promise to see whether the member inflates further
        int wanted = (int) Math.min(buffer.length, declared + 1 - total);
        int n = in.read(buffer, 0, wanted);
        if (n < 0) {
          break;
        }
        total += n;
        if (total > declared) {
          throw DataException.inFile(file, "member " + name + " inflates past its declared " + declared
              + " bytes: a zip bomb or a corrupt entry");
        }
        out.write(buffer, 0, n);
      }
      if (total != declared) {
        throw DataException.inFile(file, "corrupt or truncated checkpoint: member " + name + " has " + total
            + " of its declared " + declared + " bytes");
      }
      return out.toByteArray();
    }
  }

  private static long[] toLongs(int[] shape) {
    long[] longs = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      longs[i] = shape[i];
    }
    return longs;
  }
}
