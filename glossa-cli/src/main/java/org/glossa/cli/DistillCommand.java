package org.glossa.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.glossa.train.DistillConfig;
import org.glossa.train.DistillationLoss;
import org.glossa.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glossa distill}: a student trained from a teacher's softened posteriors plus CTC. */
@Command(name = "distill", mixinStandardHelpOptions = true,
    description = "Knowledge distillation: train a student on alpha * T^2 * KL(teacher || student) over temperature-"
        + "softened frame posteriors plus (1 - alpha) * CTC (best checkpoint: best_student.ckpt). Small presets: "
        + "the student's recipe (--epochs 30 or until --max_minutes, --lr 3e-3, --warmup_steps 1000, --mirror 0.5 "
        + "only, --ema_decay 0.999, teacher posteriors cached); seed-student: as the original pipeline, --epochs 50 --batch_size 4 "
        + "--lr 5e-5. "
        + "--temperature 3.0 --alpha 0.7 for both.")
public final class DistillCommand extends TrainCommand {

  @Option(names = {"--teacher-checkpoint", "--teacher_checkpoint"}, required = true,
      description = "The trained teacher (e.g. runs/teacher/best_i3d.ckpt).")
  Path teacherCheckpoint;
  @Option(names = {"--student-checkpoint", "--student_checkpoint"},
      description = "Start from this trained student (progressive training) instead of a fresh one.")
  Path studentCheckpoint;
  @Option(names = "--temperature", defaultValue = "3.0", description = "Softening temperature T (default: ${DEFAULT-VALUE}).")
  double temperature;
  @Option(names = "--alpha", defaultValue = "0.7", description = "Weight of the soft loss; CTC gets 1 - alpha "
      + "(default: ${DEFAULT-VALUE}).")
  double alpha;
  @Option(names = {"--kd-target", "--kd_target"}, defaultValue = "nonblank",
      description = "Classes the soft loss compares: nonblank (glosses only, renormalised) or full (with blank). "
          + "Default: ${DEFAULT-VALUE}.")
  String kdTarget;
  @Option(names = {"--teacher-cache", "--teacher_cache"}, negatable = true,
      description = "Compute the teacher's posteriors once per sequence and reuse them (needs augmentation that "
          + "keeps every frame: --mirror at most; default: on when that holds, as in the small presets' recipe).")
  Boolean teacherCache;

  @Override
  TrainConfig originalDefaults(Path dataDir, Path outputDir) {
    return TrainConfig.distill(dataDir, outputDir);
  }

  @Override
  String recipeKind() {
    return "distill";
  }

  @Override
  DistillConfig distillConfig() {
    DistillationLoss.Target target;
    try {
      target = DistillationLoss.Target.valueOf(kdTarget.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kd_target must be nonblank or full, got '" + kdTarget + "'");
    }
    boolean cache = teacherCache != null ? teacherCache : config().augmentation().changesOnlyHandedness();
    return new DistillConfig(teacherCheckpoint, studentCheckpoint, temperature, alpha, target, cache);
  }
}
