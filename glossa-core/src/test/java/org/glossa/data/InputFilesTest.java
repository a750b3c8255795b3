package org.glossa.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

  @TempDir
  Path temp;

  @Test
  void fileOverTwoGigabytesIsRefusedWithoutReadingIt() throws IOException {
    Path file = temp.resolve("huge.npy");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L << 30); // sparse: no disk blocks are written
    }
    DataException e = assertThrows(DataException.class, () -> Npy.read(file));
    assertTrue(e.getMessage().startsWith(file + ": file of 3221225472 bytes is too large"), e.getMessage());
    e = assertThrows(DataException.class, () -> PoseFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }
}
