package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingBudgetTest {

  @Test
  void theDecayCountsWhatWasLeftAtTheEndOfWarmUp() {
    TrainingBudget steps = new TrainingBudget(0, 2000);
    assertEquals(0.5, steps.spent(1000), 1e-9, "the whole budget's share counts from step 0");
    assertEquals(0, steps.spentSince(999, 1000), 1e-9, "still warming up");
    assertEquals(0, steps.spentSince(1000, 1000), 1e-9, "warm-up over: the decay starts at the peak");
    assertEquals(0.5, steps.spentSince(1500, 1000), 1e-9);
    assertEquals(1, steps.spentSince(2000, 1000), 1e-9);

    LearningRateSchedule schedule = new LearningRateSchedule(1f, 1000, 100_000, 0.05f);
    assertEquals(1f, schedule.at(1000, steps.spentSince(1000, 1000)), 1e-6f, "no step down after a long warm-up");
    assertEquals(0.525f, schedule.at(1500, steps.spentSince(1500, 1000)), 1e-4f, "half way down at half the rest");
  }

  @Test
  void theWarmUpTakesAtMostATenthOfTheEpochsAndHalfOfAStepBudget() {
    TrainConfig recipe = TrainConfig.recipe("teacher", "small", Path.of("d"), Path.of("o"), 0);
    assertEquals(1000, recipe.warmupSteps());
    assertEquals(750, TrainingPlan.warmupSteps(recipe, 250), "30 epochs of 250 steps");
    TrainConfig stepped = TrainConfig.recipe("teacher", "small", Path.of("d"), Path.of("o"), 0, 1500);
    assertEquals(750, TrainingPlan.warmupSteps(stepped, 150), "half of 1500 steps");
    assertEquals(1000, TrainingPlan.warmupSteps(stepped.toBuilder().maxSteps(4000).build(), 150));
  }

  @Test
  void aWarmUpLongerThanTheBudgetLeavesTheFinalRate() {
    assertEquals(1, new TrainingBudget(0, 500).spentSince(1000, 1000), 1e-9);
  }

  @Test
  void timeCountsFromTheShareGoneWhenWarmUpEnded() {
    TrainingBudget roomy = new TrainingBudget(600, 0); // ten hours: hardly any of it gone in this test
    assertEquals(0, roomy.spentSince(5, 10), 1e-9);
    double atMark = roomy.spentSince(10, 10);
    assertTrue(atMark >= 0 && atMark < 1e-3, "the mark taken now: " + atMark);
    TrainingBudget gone = new TrainingBudget(1e-9, 0);
    assertEquals(1, gone.spentSince(10, 10), 1e-9, "a budget spent before warm-up ended is spent");
    assertEquals(0, new TrainingBudget(0, 0).spentSince(10, 10), 1e-9, "no budget");
  }
}
