package org.glossa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.framework.Summary;
import org.tensorflow.util.Event;
import org.tensorflow.util.SessionLog;

/** Event files are checked with TensorFlow's own generated protobuf classes and an independent CRC32C. */
class TensorBoardWriterTest {

  @TempDir
  Path temp;

  /** Reads a TFRecord file, verifying both masked CRCs of every record, and parses each as an Event. */
  static List<Event> readEvents(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.remaining() >= 12) {
      byte[] header = new byte[8];
      in.get(header);
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertEquals(referenceMaskedCrc(header), in.getInt(), "length CRC in " + file);
      byte[] record = new byte[(int) length];
      in.get(record);
      assertEquals(referenceMaskedCrc(record), in.getInt(), "data CRC in " + file);
      events.add(Event.parseFrom(record));
    }
    assertEquals(0, in.remaining(), "trailing bytes");
    return events;
  }

  /** Bitwise CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), masked as TFRecord does. */
  static int referenceMaskedCrc(byte[] data) {
    int crc = 0xFFFFFFFF;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    crc = ~crc;
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  /** tag -> (step -> value) of all scalar summaries in the given events. */
  static Map<String, Map<Long, Float>> scalars(List<Event> events) {
    Map<String, Map<Long, Float>> scalars = new LinkedHashMap<>();
    for (Event event : events) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        scalars.computeIfAbsent(value.getTag(), t -> new LinkedHashMap<>()).put(event.getStep(), value.getSimpleValue());
      }
    }
    return scalars;
  }

  @Test
  void writesEventsThatTensorFlowParses() throws IOException {
    Path file;
    try (TensorBoardWriter writer = new TensorBoardWriter(temp.resolve("run"))) {
      writer.scalar("train/loss", 3.25, 1);
      writer.scalar("train/loss", 2.5, 2);
      writer.scalar("val/wer", 41.5, 300);
      writer.scalar("train/grad_norm", Double.NaN, 3); // skipped
      writer.sessionStart(5_000_000_000L);
      file = writer.file();
    }
    assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
    List<Event> events = readEvents(file);
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    assertTrue(events.get(0).getWallTime() > 1.6e9, "wall time in seconds");
    Map<String, Map<Long, Float>> scalars = scalars(events);
    assertEquals(Map.of(1L, 3.25f, 2L, 2.5f), scalars.get("train/loss"));
    assertEquals(Map.of(300L, 41.5f), scalars.get("val/wer"));
    assertEquals(2, scalars.size());
    Event last = events.get(events.size() - 1);
    assertEquals(SessionLog.SessionStatus.START, last.getSessionLog().getStatus());
    assertEquals(5_000_000_000L, last.getStep());
  }

  @Test
  void maskedCrcMatchesTheReferenceImplementation() {
    byte[] data = "The quick brown fox jumps over the lazy dog".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(referenceMaskedCrc(data), TensorBoardWriter.maskedCrc(data, 0, data.length));
    // CRC-32C check value of "123456789" is 0xE3069283 (RFC 3720); masked by hand.
    int crc = 0xE3069283;
    byte[] digits = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8, TensorBoardWriter.maskedCrc(digits, 0, digits.length));
  }
}
