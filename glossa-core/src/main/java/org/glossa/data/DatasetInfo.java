package org.glossa.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a dataset's {@code dataset.json}: name, frame rate, feature dimension, modality blocks,
 * sample counts per split, and where the features came from.
 *
 * @param featureSet  how the features were made, e.g. {@code enhanced-holistic-v1/compact}, or {@code external}
 * @param description free text, e.g. the synthetic signer's settings
 */
public record DatasetInfo(String name, float fps, int featureDim, List<ModalityBlock> modalities,
    Map<String, Integer> splits, String featureSet, String description) {

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final List<String> KEYS = List.of("name", "fps", "feature_dim", "modalities", "splits",
      "feature_set", "description");

  public DatasetInfo {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("dataset needs a name");
    }
    if (!(fps > 0) || featureDim < 1) {
      throw new IllegalArgumentException("need fps > 0 and feature_dim >= 1, got " + fps + ", " + featureDim);
    }
    modalities = List.copyOf(modalities == null ? FeatureLayout.unstructured(featureDim).modalities() : modalities);
    if (new FeatureLayout(modalities).featureDim() != featureDim) {
      throw new IllegalArgumentException("modality blocks cover " + new FeatureLayout(modalities).featureDim()
          + " columns but feature_dim is " + featureDim);
    }
    splits = splits == null ? Map.of() : new LinkedHashMap<>(splits);
    featureSet = featureSet == null ? "external" : featureSet;
    description = description == null ? "" : description;
  }

  public FeatureLayout layout() {
    return new FeatureLayout(modalities);
  }

  public static DatasetInfo read(Path file) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(file.toFile());
      if (tree == null || !tree.isObject()) {
        throw DataException.inFile(file, "invalid dataset.json: expected a JSON object");
      }
      for (java.util.Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
        String key = names.next();
        if (!KEYS.contains(key)) {
          throw DataException.inFile(file, "unknown key '" + key + "'; known keys: " + String.join(", ", KEYS));
        }
      }
      for (String required : List.of("name", "fps", "feature_dim")) {
        if (!tree.has(required)) {
          throw DataException.inFile(file, "missing key '" + required + "'");
        }
      }
      return JSON.treeToValue(tree, DatasetInfo.class);
    } catch (UnrecognizedPropertyException e) {
      throw DataException.inFile(file, "unknown key '" + e.getPropertyName() + "' in " + e.getPathReference());
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw DataException.inFile(file, "invalid dataset.json: " + message);
    }
  }

  public void write(Path file) {
    AtomicFiles.write(file, out -> JSON.writeValue(new java.io.FilterOutputStream(out) {
      @Override
      public void close() throws IOException {
        flush(); // AtomicFiles closes the stream itself
      }
    }, this));
  }

  public static boolean existsIn(Path dir) {
    return Files.isRegularFile(dir.resolve("dataset.json"));
  }
}
