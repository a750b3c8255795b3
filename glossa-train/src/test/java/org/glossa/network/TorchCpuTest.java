package org.glossa.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building a network caps oneDNN at AVX2 in a fresh JVM whose environment does not mention it (PyTorch 2.7.1's
 * AVX-512 kernels are wrong on our AMD EPYC: the fused LSTM at hidden 48, NaN losses in the small teacher), and
 * leaves a user's own choice alone. Each case runs in a child JVM, because oneDNN reads the variable once.
 */
class TorchCpuTest {

  /** The child: builds the small teacher, then reports what oneDNN will read and whether the fused LSTM is right. */
  public static final class Probe {
    interface C extends Library {
      String getenv(String name);
    }

    public static void main(String[] args) {
      try (TrainedModel model = TrainedModel.untrained("teacher", "small", 64, 10, 1);
          NDManager manager = NDManager.newBaseManager()) {
        String value = Native.load("c", C.class).getenv(TorchCpu.VARIABLE);
        System.out.println(value + " " + StepwiseLstm.fusedKernelAgrees(manager, 40, 48));
      }
    }
  }

  private static String runProbe(Path temp, String userValue) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        Probe.class.getName())
        .redirectOutput(temp.resolve("stdout.txt").toFile()).redirectError(temp.resolve("stderr.txt").toFile());
    builder.environment().remove(TorchCpu.VARIABLE);
    if (userValue != null) {
      builder.environment().put(TorchCpu.VARIABLE, userValue);
    }
    Process process = builder.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM finishes");
    assertEquals(0, process.exitValue(), Files.readString(temp.resolve("stderr.txt")));
    return Files.readString(temp.resolve("stdout.txt")).strip();
  }

  @Test
  void aNewNetworkCapsOneDnnAtAvx2AndTheFusedLstmIsRight(@TempDir Path temp) throws Exception {
    assertEquals("AVX2 true", runProbe(temp, null));
  }

  @Test
  void aUsersOwnInstructionSetWins(@TempDir Path temp) throws Exception {
    assertEquals("SSE41", runProbe(temp, "SSE41").split(" ")[0]);
  }
}
