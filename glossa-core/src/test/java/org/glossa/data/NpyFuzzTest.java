package org.glossa.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the {@code .npy} reader: any bytes give a consistent array or one
 * {@link DataException} line naming the file; never another exception, never OutOfMemoryError under the fuzz
 * execution's 256 MB heap. Seeds: {@code src/test/resources/org/glossa/data/NpyFuzzTestInputs/}.
 */
class NpyFuzzTest {

  @FuzzTest(maxDuration = "25s")
  void parseGivesAnArrayOrOneDataExceptionLine(byte[] input) {
    NpyArray array;
    try {
      array = Npy.parse(input, "fuzz.npy");
    } catch (DataException e) {
      FuzzChecks.oneLine(e, "fuzz.npy");
      return;
    }
    FuzzChecks.consistent(array, "fuzz.npy");
  }
}
