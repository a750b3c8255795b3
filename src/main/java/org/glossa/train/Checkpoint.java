package org.glossa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
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
import org.glossa.model.TrainedModel;

/**
 * A model file ({@code .ckpt}): a zip holding {@code checkpoint.json} (model config, training state and the
 * run's settings), {@code vocab.txt}, {@code pipeline.npz} (the fitted feature pipeline), {@code weights.npz}
 * (every parameter, by name, with BatchNorm statistics) and, for resuming, {@code optimizer.npz} (AdamW
 * moments). Usable on its own: no other file or flag is needed to evaluate, export or resume. Written to a
 * temporary file and renamed, so a crash never leaves half a checkpoint.
 */
public final class Checkpoint {

  static final String FORMAT = "glossa-checkpoint-1";

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What a checkpoint holds besides the model. */
  public record Contents(TrainedModel model, TrainingState state, JsonNode settings, Map<String, float[][]> optimizer,
      long optimizerStep) {}

  private Checkpoint() {}

  /** Saves a model with its training state and the run settings (any JSON-serialisable object). */
  public static void save(Path file, TrainedModel model, TrainingState state, Object settings, AdamW optimizer) {
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

  /** Loads a checkpoint; a missing or corrupt file gives a {@link DataException} naming it. */
  public static Contents load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw DataException.inFile(file, "checkpoint not found");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      JsonNode json = JSON.readTree(read(zip, "checkpoint.json", file));
      if (!FORMAT.equals(json.path("format").asText())) {
        throw DataException.inFile(file, "not a Glossa checkpoint (format '" + json.path("format").asText() + "')");
      }
      ModelConfig config = JSON.treeToValue(json.get("model"), ModelConfig.class);
      TrainingState state = JSON.treeToValue(json.get("training"), TrainingState.class);
      GlossVocabulary vocabulary = GlossVocabulary.parse(
          new String(read(zip, "vocab.txt", file), StandardCharsets.UTF_8).lines().toList(),
          Path.of(file + ":vocab.txt"));
      FeaturePipeline pipeline = FeaturePipeline.fromArrays(
          Npz.fromBytes(read(zip, "pipeline.npz", file), file + ":pipeline.npz"), file);
      Map<String, NpyArray> weights = Npz.fromBytes(read(zip, "weights.npz", file), file + ":weights.npz");
      TrainedModel model = new TrainedModel(config, vocabulary, pipeline);
      try {
        Map<String, Parameter> parameters = model.parameters();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
          NpyArray saved = weights.get(e.getKey());
          NDArray array = e.getValue().getArray();
          if (saved == null || saved.values().length != array.size()) {
            throw DataException.inFile(file, "weights do not match the model config: parameter " + e.getKey()
                + (saved == null ? " missing" : " has " + saved.values().length + " values, expected " + array.size()));
          }
          array.set(FloatBuffer.wrap(saved.values()));
        }
        Map<String, float[][]> moments = new LinkedHashMap<>();
        long step = 0;
        ZipEntry optimizerEntry = zip.getEntry("optimizer.npz");
        if (optimizerEntry != null) {
          Map<String, NpyArray> arrays = Npz.fromBytes(read(zip, "optimizer.npz", file), file + ":optimizer.npz");
          for (String name : parameters.keySet()) {
            if (arrays.containsKey("m/" + name)) {
              moments.put(name, new float[][] {arrays.get("m/" + name).values(), arrays.get("v/" + name).values()});
            }
          }
          step = (long) arrays.get("step").values()[0];
        }
        return new Contents(model, state, json.get("settings"), moments, step);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    } catch (ZipException e) {
      throw DataException.inFile(file, "corrupt or truncated checkpoint: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.inFile(file, "cannot read checkpoint: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, "invalid checkpoint: " + e.getMessage());
    }
  }

  private static byte[] read(ZipFile zip, String name, Path file) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw DataException.inFile(file, "corrupt checkpoint: no " + name);
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
