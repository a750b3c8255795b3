package org.glossa.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glossa.data.AtomicFiles;
import org.glossa.data.BuildInfo;
import org.glossa.data.Npz;
import org.glossa.model.ModelConfig;
import org.glossa.model.OnnxFrameModel;
import org.glossa.network.TrainedModel;
import org.glossa.onnx.OnnxGraph;

/**
 * {@code glossa export}: a checkpoint's network as an ONNX file, fp32 or INT8, with the vocabulary, the feature
 * pipeline and the model description in its metadata_props, so the file alone is enough to recognise.
 *
 * <p>Metadata keys: {@code glossa.format} ("glossa-onnx-1"), {@code glossa.precision} (fp32 | int8),
 * {@code glossa.input} ("features": pipeline-transformed; "raw_features": the pipeline is in the graph),
 * {@code glossa.vocabulary} (the glosses of ids 1, 2, ..., one per line; id 0 is the CTC blank), {@code glossa.pipeline} (base64 .npz of
 * the fitted pipeline), {@code glossa.model} (the model config as JSON), {@code glossa.parameters},
 * {@code glossa.time_stride}, {@code glossa.opset}, {@code glossa.source}, {@code glossa.version} (Glossa's version
 * and commit), {@code glossa.settings} (the checkpoint's run settings as JSON: training, distillation, provenance).
 */
public final class OnnxExport {

  /**
   * Layers an INT8 graph keeps in fp32 unless told otherwise: the input embedding. Its input is the standardised
   * landmark features, whose heavy tails (presence flags, rare extreme coordinates) leave per-tensor dynamic
   * uint8 quantization few levels for the bulk of the values; in fp32 it costs 4 bytes for each of its few
   * weights and took the small student's INT8 test WER from +0.57 to −0.19 points of fp32 (dev: 0.00).
   */
  public static final java.util.Set<String> DEFAULT_FP32 = java.util.Set.of("embed");

  /**
   * What to write.
   *
   * @param keepFp32 layer kinds an INT8 graph keeps in fp32: embed, pointwise, se, lstm, classifier
   */
  public record Options(boolean int8, boolean withFeatures, java.util.Set<String> keepFp32) {
    public Options {
      keepFp32 = java.util.Set.copyOf(keepFp32);
      for (String kind : keepFp32) {
        if (!LinearLayers.KINDS.contains(kind)) {
          throw new IllegalArgumentException("--keep_fp32: unknown layer kind '" + kind + "'; choose from "
              + new java.util.TreeSet<>(LinearLayers.KINDS));
        }
      }
    }

    /** The layer kinds of a {@code --keep_fp32} flag: its values, or none for "none". */
    public static java.util.Set<String> keepFp32Flag(java.util.List<String> values) {
      return values.contains("none") ? java.util.Set.of() : java.util.Set.copyOf(values);
    }

    /** The default INT8 mix: everything quantized but the input embedding (see {@link #DEFAULT_FP32}). */
    public Options(boolean int8, boolean withFeatures) {
      this(int8, withFeatures, DEFAULT_FP32);
    }
  }

  private OnnxExport() {}

  /** Builds the ONNX model of {@code model}; {@code source} names the checkpoint it came from. */
  public static ModelProto build(TrainedModel model, Options options, String source) {
    return build(model, options, source, null);
  }

  /**
   * As {@link #build(TrainedModel, Options, String)}, with the checkpoint's run settings (training, distillation,
   * provenance; may be null) in {@code glossa.settings}.
   */
  public static ModelProto build(TrainedModel model, Options options, String source, JsonNode settings) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("glossa.format", OnnxFrameModel.FORMAT);
    metadata.put("glossa.precision", options.int8() ? "int8" : "fp32");
    metadata.put("glossa.input", options.withFeatures() ? "raw_features" : "features");
    metadata.put("glossa.vocabulary", String.join("\n", model.vocabulary().glosses()));
    metadata.put("glossa.pipeline", Base64.getEncoder().encodeToString(Npz.toBytes(model.pipeline().toArrays())));
    try {
      metadata.put("glossa.model", new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writeValueAsString(model.config()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    metadata.put("glossa.parameters", Long.toString(model.parameterCount()));
    metadata.put("glossa.time_stride", Integer.toString(ModelConfig.TIME_STRIDE));
    metadata.put("glossa.opset", Integer.toString(OnnxGraph.OPSET));
    metadata.put("glossa.source", source);
    metadata.put("glossa.version", BuildInfo.describe());
    if (settings != null) {
      metadata.put("glossa.settings", settings.toString());
    }
    if (options.int8() && !options.keepFp32().isEmpty()) {
      metadata.put("glossa.fp32_layers", String.join(",", new java.util.TreeSet<>(options.keepFp32())));
    }
    return OnnxExporter.build(model, options, metadata, BuildInfo.version());
  }

  /** Writes the ONNX file atomically and returns its size in bytes. */
  public static long write(TrainedModel model, Options options, String source, Path out) {
    return write(model, options, source, null, out);
  }

  /** As {@link #write(TrainedModel, Options, String, Path)}, with the checkpoint's run settings (may be null). */
  public static long write(TrainedModel model, Options options, String source, JsonNode settings, Path out) {
    byte[] bytes = build(model, options, source, settings).toByteArray();
    AtomicFiles.write(out, stream -> stream.write(bytes));
    return bytes.length;
  }
}
