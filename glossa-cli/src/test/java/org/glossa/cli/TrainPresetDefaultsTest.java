package org.glossa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.glossa.data.Augmentation;
import org.glossa.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `glossa train|train-teacher|distill` resolve to: the recipe for the small presets, the original for seed. */
class TrainPresetDefaultsTest {

  private static <T extends TrainCommand> T parse(T command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static TrainConfig student(String... args) {
    return parse(new TrainCommand.Student(), concat(args)).config();
  }

  private static String[] concat(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--data_dir";
    all[1] = "d";
    all[2] = "--output_dir";
    all[3] = "o";
    System.arraycopy(args, 0, all, 4, args.length);
    return all;
  }

  @Test
  void smallPresetsTrainWithTheRecipeAndABudgetDecidesTheirLength() {
    TrainConfig small = student("--preset", "small", "--max_minutes", "5");
    assertEquals(3e-3f, small.lr());
    assertEquals(0.3f, small.dropout(), "the small student overfits its training signers");
    assertEquals(4, small.batchSize());
    assertEquals(TrainConfig.RECIPE_AUGMENTATION, small.augmentation());
    assertEquals(0.5f, small.augmentation().mirror(), "the recipe mirrors half of the sentences, nothing else");
    assertTrue(small.augmentation().changesOnlyHandedness());
    assertEquals(5.0, small.maxMinutes());
    assertEquals(TrainConfig.RECIPE_EPOCHS_IN_BUDGET, small.epochs());
    assertEquals(TrainConfig.RECIPE_EPOCHS, student().epochs(), "small is the default preset");
    TrainConfig stepped = student("--max_steps", "2000");
    assertEquals(2000, stepped.maxSteps());
    assertEquals(TrainConfig.RECIPE_EPOCHS_IN_BUDGET, stepped.epochs(), "a step budget decides the length too");
    assertEquals(0, small.maxSteps());
    assertThrows(IllegalArgumentException.class, () -> student("--max_steps", "-1"));
    assertEquals("best_model", small.checkpointName());
    assertEquals(0.999f, small.emaDecay(), "the recipe validates and keeps the weights' moving average");
    assertEquals(0f, student("--ema_decay", "0").emaDecay(), "0 validates the live weights");
    assertThrows(IllegalArgumentException.class, () -> student("--ema_decay", "1"));

    TrainConfig teacher = parse(new TrainCommand.Teacher(), concat("--preset", "small")).config();
    assertEquals("teacher", teacher.kind());
    assertEquals("best_i3d", teacher.checkpointName());
    assertEquals(256, teacher.maxSeqLength());
    assertEquals(3e-3f, teacher.lr());
    assertEquals(0.1f, teacher.dropout());
    assertEquals(0.1f, student("--preset", "baseline").dropout());
    assertTrue(teacher.removePca(), "modality blocks kept for the teacher too");
    assertEquals(1000, teacher.warmupSteps(), "the recipe warms up long");
    assertEquals(1000, small.warmupSteps());
    assertEquals(200, student("--preset", "baseline").warmupSteps(), "the yardstick keeps the plain warm-up");
    assertEquals(300, student("--warmup_steps", "300").warmupSteps(), "the flag wins");

    DistillCommand distill = parse(new DistillCommand(), concat("--preset", "baseline", "--teacher_checkpoint",
        "t.ckpt"));
    assertEquals("best_student", distill.config().checkpointName());
    assertEquals(3e-3f, distill.config().lr());
    assertTrue(distill.distillConfig().teacherCache(), "frames kept as they are: the teacher's posteriors are cached");
  }

  @Test
  void seedPresetsKeepTheOriginalPipelinesSettings() {
    TrainConfig seed = student("--preset", "seed-student");
    assertEquals(100, seed.epochs());
    assertEquals(1e-4f, seed.lr());
    assertEquals(0.6f, seed.dropout());
    assertEquals(0f, seed.emaDecay(), "the original pipeline validates the live weights");
    assertEquals(200, seed.warmupSteps());
    assertEquals(Augmentation.DEFAULT, seed.augmentation());
    TrainConfig teacher = parse(new TrainCommand.Teacher(), concat("--preset", "seed-teacher")).config();
    assertEquals(50, teacher.epochs());
    assertEquals(5e-5f, teacher.lr());
    assertEquals(2, teacher.batchSize());
    DistillCommand distill = parse(new DistillCommand(), concat("--preset", "seed-student", "--teacher_checkpoint",
        "t.ckpt"));
    assertEquals(5e-5f, distill.config().lr());
    assertFalse(distill.distillConfig().teacherCache(), "augmented: posteriors computed every time");
  }

  @Test
  void flagsWinOverEitherDefaults() {
    TrainConfig tuned = student("--lr", "1e-3", "--epochs", "7", "--speed_perturbation", "0.2");
    assertEquals(1e-3f, tuned.lr());
    assertEquals(7, tuned.epochs());
    assertEquals(0.2f, tuned.augmentation().speedPerturbation(), "a flag adds to the recipe's augmentation");
    assertEquals(0f, tuned.augmentation().frameDrop());
    assertEquals(0.5f, tuned.augmentation().mirror());
    assertEquals(Augmentation.DEFAULT.timeMaskWidth(), student("--time_masks", "3").augmentation().timeMaskWidth(),
        "masks the recipe does not use get the default widths");
    assertEquals(0f, student("--mirror", "0").augmentation().mirror());
    assertEquals(Augmentation.DEFAULT.withMirror(1f), student("--preset", "seed-student", "--mirror", "1")
        .augmentation(), "on the seed presets a flag changes the default augmentation");
    assertTrue(student("--preset", "seed-student", "--no_augment").augmentation().isNone());
    IllegalArgumentException bf16 = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> student("--precision", "bf16"));
    assertTrue(bf16.getMessage().contains("--precision fp32"), "refused when the flags are read: " + bf16.getMessage());
    IllegalArgumentException length = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> student("--max_seq_length", "-5"));
    assertTrue(length.getMessage().contains("got -5"), length.getMessage());
    assertEquals(0.1f, student("--preset", "seed-student", "--speed_perturbation", "0.1").augmentation()
        .speedPerturbation());
  }
}
