package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingStateTest {

  private static TrainingState.EpochRecord epoch(int epoch, double devWer) {
    return new TrainingState.EpochRecord(epoch, 1.0, Double.isNaN(devWer) ? Double.NaN : 0.5, devWer, 1e-3f, 100,
        10, 200, 1);
  }

  @Test
  void aBetterDevWerBecomesTheBestAndResetsTheStaleCount() {
    TrainingState state = TrainingState.start().after(epoch(1, 50), 10).after(epoch(2, 60), 20);
    assertEquals(50, state.bestDevWer());
    assertEquals(1, state.bestEpoch());
    assertEquals(1, state.staleValidations());
    state = state.after(epoch(3, 40), 30);
    assertEquals(40, state.bestDevWer());
    assertEquals(3, state.bestEpoch());
    assertEquals(0, state.staleValidations());
    assertEquals(3, state.epochsDone());
    assertEquals(30, state.step());
    assertEquals(3, state.history().size());
    assertEquals(3, state.lastRecord().epoch());
  }

  @Test
  void anEpochWithoutValidationChangesNeitherTheBestNorTheStaleCount() {
    TrainingState first = TrainingState.start().after(epoch(1, Double.NaN), 5);
    assertTrue(Double.isNaN(first.bestDevWer()));
    assertEquals(0, first.bestEpoch());
    TrainingState second = first.after(epoch(2, 70), 10).after(epoch(3, 80), 15).after(epoch(4, Double.NaN), 20);
    assertEquals(70, second.bestDevWer());
    assertEquals(2, second.bestEpoch());
    assertEquals(1, second.staleValidations());
    assertThrows(IllegalStateException.class, () -> TrainingState.start().lastRecord());
  }
}
