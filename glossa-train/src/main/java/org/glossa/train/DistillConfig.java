package org.glossa.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glossa.data.DataException;
import org.glossa.data.FeaturePipeline;
import org.glossa.data.GlossVocabulary;
import org.glossa.network.TrainedModel;

/**
 * Settings of knowledge distillation on top of a student's {@link TrainConfig}.
 *
 * @param teacherCheckpoint the trained teacher
 * @param studentCheckpoint a trained student to start from (progressive training), or null for a fresh one
 * @param temperature       softening temperature T of both posteriors
 * @param alpha             weight of the soft loss; the CTC loss gets 1 − alpha
 * @param target            classes the soft loss compares
 * @param teacherCache      compute teacher posteriors once per sequence (only without augmentation)
 */
public record DistillConfig(Path teacherCheckpoint, Path studentCheckpoint, double temperature, double alpha,
    DistillationLoss.Target target, boolean teacherCache) {

  public DistillConfig {
    if (teacherCheckpoint == null) {
      throw new IllegalArgumentException("distillation needs --teacher_checkpoint");
    }
    if (!(temperature > 0) || alpha < 0 || alpha > 1) {
      throw new IllegalArgumentException("need --temperature > 0 and --alpha in [0, 1], got " + temperature + " and "
          + alpha);
    }
  }

  /** The settings as flag names, for config.yaml. */
  Map<String, Object> flags() {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("teacher_checkpoint", teacherCheckpoint.toString());
    if (studentCheckpoint != null) {
      flags.put("student_checkpoint", studentCheckpoint.toString());
    }
    flags.put("temperature", temperature);
    flags.put("alpha", alpha);
    flags.put("kd_target", target.name().toLowerCase(java.util.Locale.ROOT));
    flags.put("teacher_cache", teacherCache);
    return flags;
  }

  /**
   * Refuses a teacher (or starting student) that cannot be distilled from on this dataset: another vocabulary
   * would misalign the classes, another input would not read the same features. Teacher and student downsample
   * time by the same fixed factor ({@link org.glossa.model.ModelConfig#TIME_STRIDE}), so their frames align.
   */
  static void checkCompatible(TrainedModel model, Path file, String role, GlossVocabulary vocabulary, int featureDim,
      Path dataDir) {
    if (!model.vocabulary().glosses().equals(vocabulary.glosses())) {
      throw DataException.inFile(file, "the " + role + " knows " + model.vocabulary().size() + " glosses but "
          + dataDir + " has " + vocabulary.size() + " (or another order); distil on the dataset the " + role
          + " was trained on");
    }
    if (model.pipeline().inputDim() != featureDim) {
      throw DataException.inFile(file, "the " + role + " reads " + model.pipeline().inputDim() + " feature columns but "
          + dataDir + " has " + featureDim);
    }
  }

  /** True if both pipelines transform features identically (then one batch serves teacher and student). */
  static boolean samePipeline(FeaturePipeline a, FeaturePipeline b) {
    return Arrays.equals(a.mean(), b.mean()) && Arrays.equals(a.scale(), b.scale())
        && Arrays.deepEquals(a.components(), b.components());
  }
}
