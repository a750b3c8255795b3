package org.glossa.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.glossa.data.FeatureLayout;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.model.ModelConfig;
import org.glossa.model.StudentSpec;
import org.glossa.network.TrainedModel;

/**
 * The smallest real checkpoint (a student with 8-wide layers on 4 features, two glosses: a few thousand values)
 * and ways to rewrite its members, for tests that feed hostile checkpoints to the reader.
 */
final class TinyCheckpoint {

  private TinyCheckpoint() {}

  static ModelConfig config() {
    StudentSpec spec = new StudentSpec(8, 8, List.of(new StudentSpec.Block(8, 8, 3, 2, true, false)), 8, 4);
    return new ModelConfig("student", "tiny", 4, 3, FeatureLayout.unstructured(4).modalities(), 0.1f, spec, null, null);
  }

  /** Writes the checkpoint (with optimizer moments when {@code withOptimizer}) and returns it. */
  static Path write(Path file, boolean withOptimizer) {
    ai.djl.engine.Engine.getInstance().setRandomSeed(1);
    try (TrainedModel model = new TrainedModel(config(), new GlossVocabulary(List.of("HELLO", "WORLD")),
        FeaturePipeline.identity(FeatureLayout.unstructured(4)))) {
      AdamW optimizer = null;
      if (withOptimizer) {
        optimizer = new AdamW(0.9f, 0.999f, 1e-8f, 0.01f);
        Map<String, float[][]> moments = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> {
          int size = (int) p.getArray().size();
          moments.put(name, new float[][] {new float[size], new float[size]});
        });
        optimizer.restore(model.parameters(), moments, 3);
      }
      Checkpoint.save(file, model, TrainingState.start(), Map.of("seed", 1), optimizer);
    }
    return file;
  }

  /** Every member's bytes, in file order. */
  static Map<String, byte[]> members(Path checkpoint) throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          members.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return members;
  }

  /** A zip of the given members (deflated). */
  static byte[] zip(Map<String, byte[]> members) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** A copy of {@code checkpoint} at {@code target} with one member's text rewritten. */
  static Path withText(Path checkpoint, Path target, String member, UnaryOperator<String> edit) throws IOException {
    Map<String, byte[]> members = members(checkpoint);
    String text = new String(members.get(member), java.nio.charset.StandardCharsets.UTF_8);
    members.put(member, edit.apply(text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(target, zip(members));
    return target;
  }
}
