package org.glossa.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glossa.data.DataException;
import org.glossa.data.EnhancedFeatures;
import org.glossa.data.FaceSubset;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;

/**
 * What Glossa needs to know to run an ONNX model that another tool wrote (one without our {@code glossa.*}
 * metadata): its output classes, which of them is the CTC blank, what its input is, and how many input frames
 * one output step covers. Read from a small JSON file ({@code --card}):
 *
 * <pre>{@code
 * {
 *   "glosses": ["HELLO", "THANKS", "WEATHER"],   // output classes in order, the blank left out
 *   "blank": 3,                                 // the blank's output column (default 0)
 *   "input": "features",                        // or "landmarks": Glossa's enhanced landmark features
 *   "feature_width": 64,                        // columns per frame ("features"; "landmarks" knows its own)
 *   "face_subset": "compact",                   // "landmarks" only: compact or full (default compact)
 *   "time_stride": 4,                           // input frames per output step (default 4)
 *   "input_name": "x",                          // tensor names; default: the graph's first input / output
 *   "lengths_name": "lengths",                  // optional int64 [batch] input of valid frames
 *   "output_name": "logits",
 *   "output_layout": "batch_time_class"         // or "time_batch_class" (as PyTorch's CTC wants)
 * }
 * }</pre>
 *
 * <p>Instead of {@code glosses}, {@code vocabulary_file} names a file of one gloss per line, relative to the
 * card. The input tensor is float [batch, frames, width]; features go in as they are (standardisation, if the
 * model needs it, belongs in its graph). Without a lengths input every recording runs alone (no padding).
 *
 * @param glosses output classes in column order, the blank left out
 * @param blank the blank's output column, 0..glosses.size()
 * @param input what a frame holds
 * @param featureWidth columns per frame
 * @param faceSubset the landmark features' face points ({@code LANDMARKS} only, else null)
 * @param timeStride input frames per output step, at least 1
 * @param inputName the float input; null for the graph's first input
 * @param lengthsName the int64 lengths input; null if the graph has none
 * @param outputName the class scores output; null for the graph's first output
 * @param outputLayout the order of the output's axes
 */
public record ModelCard(List<String> glosses, int blank, Input input, int featureWidth, FaceSubset faceSubset,
    int timeStride, String inputName, String lengthsName, String outputName, Layout outputLayout) {

  /** What one input frame holds. */
  public enum Input {
    /** Feature vectors of a fixed width, passed as they are. */
    FEATURES,
    /** Glossa's enhanced features of MediaPipe Holistic landmarks (see {@code EnhancedFeatures}). */
    LANDMARKS
  }

  /** Axis order of the output scores. */
  public enum Layout { BATCH_TIME_CLASS, TIME_BATCH_CLASS }

  /** Largest card file read. */
  static final long MAX_CARD_BYTES = 16L << 20;
  private static final Set<String> KEYS = Set.of("glosses", "vocabulary_file", "blank", "input", "feature_width",
      "face_subset", "time_stride", "input_name", "lengths_name", "output_name", "output_layout");

  public ModelCard {
    if (glosses == null || glosses.isEmpty()) {
      throw new IllegalArgumentException("card: glosses must list at least one gloss");
    }
    glosses = List.copyOf(glosses);
    new GlossVocabulary(glosses); // checks for empty, spaced and repeated glosses
    if (blank < 0 || blank > glosses.size()) {
      throw new IllegalArgumentException("card: blank = " + blank + " is not an output column: expected 0.."
          + glosses.size() + " (" + glosses.size() + " glosses and the blank)");
    }
    if (input == null) {
      throw new IllegalArgumentException("card: input must be features or landmarks");
    }
    if (input == Input.LANDMARKS) {
      faceSubset = faceSubset == null ? FaceSubset.COMPACT : faceSubset;
      int width = EnhancedFeatures.layout(faceSubset).featureDim();
      if (featureWidth != 0 && featureWidth != width) {
        throw new IllegalArgumentException("card: feature_width = " + featureWidth + " but landmark features with "
            + "the " + faceSubset.name().toLowerCase(Locale.ROOT) + " face subset have " + width + " columns");
      }
      featureWidth = width;
    } else {
      if (faceSubset != null) {
        throw new IllegalArgumentException("card: face_subset applies to input landmarks only");
      }
      if (featureWidth < 1 || featureWidth > ModelConfig.MAX_INPUT_DIM) {
        throw new IllegalArgumentException("card: feature_width = " + featureWidth + " is out of range: expected 1.."
            + ModelConfig.MAX_INPUT_DIM);
      }
    }
    if (timeStride < 1 || timeStride > 1024) {
      throw new IllegalArgumentException("card: time_stride = " + timeStride + " is out of range: expected 1..1024");
    }
    outputLayout = outputLayout == null ? Layout.BATCH_TIME_CLASS : outputLayout;
  }

  /** A card for a model of {@code featureWidth}-column features with the blank in column 0, stride 4. */
  public static Builder features(int featureWidth, List<String> glosses) {
    return new Builder(glosses, Input.FEATURES).featureWidth(featureWidth);
  }

  /** A card for a model of Glossa's landmark features with the blank in column 0, stride 4. */
  public static Builder landmarks(FaceSubset faceSubset, List<String> glosses) {
    return new Builder(glosses, Input.LANDMARKS).faceSubset(faceSubset);
  }

  /** The vocabulary in Glossa's ids: id 0 the blank, ids 1.. the glosses in card order. */
  public GlossVocabulary vocabulary() {
    return new GlossVocabulary(glosses);
  }

  /** The pipeline the model's input goes through: none (the model takes the features as they are). */
  public FeaturePipeline pipeline() {
    FeatureLayout layout = input == Input.LANDMARKS ? EnhancedFeatures.layout(faceSubset)
        : FeatureLayout.unstructured(featureWidth);
    return FeaturePipeline.identity(layout);
  }

  /** Output classes, the blank included. */
  public int numClasses() {
    return glosses.size() + 1;
  }

  /** Reads a card; a user's mistake is a {@link DataException} naming the file and the key. */
  public static ModelCard read(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_CARD_BYTES + 1);
      if (bytes.length > MAX_CARD_BYTES) {
        throw DataException.inFile(file, "is larger than " + (MAX_CARD_BYTES >> 20) + " MB; a model card is a small "
            + "JSON file");
      }
      root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
    } catch (java.nio.file.NoSuchFileException e) {
      throw DataException.inFile(file, "model card not found");
    } catch (IOException e) {
      throw DataException.inFile(file, "is not a JSON model card: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw DataException.inFile(file, "is not a JSON object; see docs/library.md for the model card's keys");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        throw DataException.inFile(file, "unknown key '" + key + "'; a card has " + new java.util.TreeSet<>(KEYS));
      }
    }
    try {
      List<String> glosses = glosses(root, file);
      return new ModelCard(glosses, integer(root, "blank", 0, file), enumValue(root, "input", Input.class, null, file),
          integer(root, "feature_width", 0, file), enumValue(root, "face_subset", FaceSubset.class, null, file),
          integer(root, "time_stride", 4, file), text(root, "input_name", file), text(root, "lengths_name", file),
          text(root, "output_name", file), enumValue(root, "output_layout", Layout.class, null, file));
    } catch (IllegalArgumentException e) {
      throw DataException.inFile(file, e.getMessage().replaceFirst("^card: ", ""));
    }
  }

  private static List<String> glosses(JsonNode root, Path file) {
    JsonNode list = root.get("glosses");
    JsonNode vocabularyFile = root.get("vocabulary_file");
    if ((list == null) == (vocabularyFile == null)) {
      throw DataException.inFile(file, "needs exactly one of 'glosses' (a list) and 'vocabulary_file' (a path)");
    }
    if (list != null) {
      if (!list.isArray()) {
        throw DataException.inFile(file, "'glosses' must be a list of strings");
      }
      List<String> glosses = new ArrayList<>();
      for (JsonNode gloss : list) {
        if (!gloss.isTextual()) {
          throw DataException.inFile(file, "'glosses' entry " + (glosses.size() + 1) + " is not a string: " + gloss);
        }
        glosses.add(gloss.asText());
      }
      return glosses;
    }
    if (!vocabularyFile.isTextual()) {
      throw DataException.inFile(file, "'vocabulary_file' must be a path");
    }
    Path vocabulary = file.toAbsolutePath().resolveSibling(vocabularyFile.asText());
    byte[] bytes;
    try (InputStream in = Files.newInputStream(vocabulary)) {
      bytes = in.readNBytes((int) MAX_CARD_BYTES + 1); // bounded whatever the file is (a device has no size)
    } catch (IOException e) {
      throw DataException.inFile(vocabulary, "cannot read the card's vocabulary_file: " + e);
    }
    if (bytes.length > MAX_CARD_BYTES) {
      throw DataException.inFile(vocabulary, "is larger than " + (MAX_CARD_BYTES >> 20) + " MB (the card's "
          + "vocabulary_file)");
    }
    return new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip).filter(line -> !line.isEmpty())
        .toList();
  }

  private static int integer(JsonNode root, String key, int fallback, Path file) {
    JsonNode node = root.get(key);
    if (node == null) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw DataException.inFile(file, "'" + key + "' must be a whole number, got " + node);
    }
    return node.intValue();
  }

  private static String text(JsonNode root, String key, Path file) {
    JsonNode node = root.get(key);
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw DataException.inFile(file, "'" + key + "' must be a tensor name, got " + node);
    }
    return node.asText();
  }

  private static <E extends Enum<E>> E enumValue(JsonNode root, String key, Class<E> type, E fallback, Path file) {
    JsonNode node = root.get(key);
    if (node == null) {
      return fallback;
    }
    String value = node.asText().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw DataException.inFile(file, "'" + key + "' must be one of " + names + ", got " + node);
  }

  /** Builds a card; defaults: blank 0, stride 4, the graph's first input and output, no lengths input. */
  public static final class Builder {
    private final List<String> glosses;
    private final Input input;
    private int blank;
    private int featureWidth;
    private FaceSubset faceSubset;
    private int timeStride = 4;
    private String inputName;
    private String lengthsName;
    private String outputName;
    private Layout outputLayout = Layout.BATCH_TIME_CLASS;

    private Builder(List<String> glosses, Input input) {
      this.glosses = glosses;
      this.input = input;
    }

    public Builder blank(int column) {
      this.blank = column;
      return this;
    }

    public Builder featureWidth(int width) {
      this.featureWidth = width;
      return this;
    }

    public Builder faceSubset(FaceSubset subset) {
      this.faceSubset = subset;
      return this;
    }

    public Builder timeStride(int frames) {
      this.timeStride = frames;
      return this;
    }

    public Builder inputName(String name) {
      this.inputName = name;
      return this;
    }

    public Builder lengthsName(String name) {
      this.lengthsName = name;
      return this;
    }

    public Builder outputName(String name) {
      this.outputName = name;
      return this;
    }

    public Builder outputLayout(Layout layout) {
      this.outputLayout = layout;
      return this;
    }

    public ModelCard build() {
      return new ModelCard(glosses, blank, input, featureWidth, faceSubset, timeStride, inputName, lengthsName,
          outputName, outputLayout);
    }
  }
}
