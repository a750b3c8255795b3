package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the {@code .pose} reader (versions 0.1 and 0.2, as files and as uploads): any
 * bytes give a pose whose arrays match its header or one {@link DataException} line naming the file; never
 * another exception, never OutOfMemoryError under the fuzz execution's 256 MB heap. Seeds:
 * {@code src/test/resources/org/glossa/data/PoseFileFuzzTestInputs/}.
 */
class PoseFileFuzzTest {

  private static final Path FILE = Path.of("fuzz.pose");

  @FuzzTest(maxDuration = "25s")
  void readGivesAPoseOrOneDataExceptionLine(byte[] input) {
    PoseFile pose;
    try {
      pose = PoseFile.read(input, FILE);
    } catch (DataException e) {
      FuzzChecks.oneLine(e, "fuzz.pose");
      return;
    }
    long values = (long) pose.numFrames() * pose.numPeople() * pose.numPoints();
    assertEquals(values * pose.numDims(), pose.data().length);
    assertEquals(values, pose.confidence().length);
    if (values > 0) {
      int last = pose.numPoints() - 1;
      pose.coordinate(pose.numFrames() - 1, pose.numPeople() - 1, last, pose.numDims() - 1);
      pose.confidence(pose.numFrames() - 1, pose.numPeople() - 1, last);
    }
  }
}
