package org.glossa.train;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}) that
 * {@code tensorboard --logdir} reads: TFRecord framing (little-endian length, masked CRC32C of the length, the
 * record, masked CRC32C of the record) around {@code tensorflow.Event} protobufs encoded by hand.
 *
 * <p>Fields written (from TensorFlow's event.proto and summary.proto): Event.wall_time (1, double), step (2,
 * int64), file_version (3, string), summary (5), session_log (7); Summary.value (1); Summary.Value.tag (1,
 * string), simple_value (2, float); SessionLog.status (1, enum, START = 1). A resumed run starts its file with
 * a SessionLog START at the resumed step, which makes TensorBoard drop events of the interrupted run that lie
 * beyond it. Every record is flushed to the operating system at once, so a killed process leaves at most a
 * truncated last record, which TensorBoard skips.
 */
public final class TensorBoardWriter implements Closeable {

  private static final AtomicInteger FILE_COUNTER = new AtomicInteger();

  private final Path file;
  private final OutputStream out;

  /** Opens a new event file in {@code dir}, creating the folder if needed. */
  public TensorBoardWriter(Path dir) {
    try {
      Files.createDirectories(dir);
      long seconds = System.currentTimeMillis() / 1000;
      String name = "events.out.tfevents." + seconds + "." + hostName() + "." + ProcessHandle.current().pid()
          + "." + FILE_COUNTER.incrementAndGet();
      file = dir.resolve(name);
      out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      writeEvent(event(0, encodeString(3, "brain.Event:2")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write TensorBoard events in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Records a scalar under {@code tag} (e.g. "train/loss") at {@code step}. Non-finite values are skipped. */
  public void scalar(String tag, double value, long step) {
    if (!Double.isFinite(value)) {
      return;
    }
    ByteArrayOutputStream summaryValue = new ByteArrayOutputStream();
    writeBytes(summaryValue, encodeString(1, tag));
    writeTag(summaryValue, 2, 5);
    writeFixed32(summaryValue, Float.floatToIntBits((float) value));
    byte[] summary = encodeMessage(1, summaryValue.toByteArray());
    writeEvent(event(step, encodeMessage(5, summary)));
  }

  /** Marks a (re)start at {@code step}: TensorBoard discards earlier-written events with larger steps. */
  public void sessionStart(long step) {
    ByteArrayOutputStream sessionLog = new ByteArrayOutputStream();
    writeTag(sessionLog, 1, 0);
    writeVarint(sessionLog, 1); // SessionLog.START
    writeEvent(event(step, encodeMessage(7, sessionLog.toByteArray())));
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] event(long step, byte[] payload) {
    ByteArrayOutputStream event = new ByteArrayOutputStream();
    writeTag(event, 1, 1);
    writeFixed64(event, Double.doubleToLongBits(System.currentTimeMillis() / 1000.0));
    if (step != 0) {
      writeTag(event, 2, 0);
      writeVarint(event, step);
    }
    writeBytes(event, payload);
    return event.toByteArray();
  }

  private synchronized void writeEvent(byte[] record) {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(record.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(record, 0, record.length));
    try {
      out.write(header.array());
      out.write(record);
      out.write(footer.array());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** TFRecord's CRC mask: rotate right by 15 bits and add a constant. */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }

  private static byte[] encodeString(int field, String value) {
    return encodeMessage(field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] encodeMessage(int field, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTag(out, field, 2);
    writeVarint(out, body.length);
    writeBytes(out, body);
    return out.toByteArray();
  }

  private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
    writeVarint(out, ((long) field << 3) | wireType);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void writeFixed32(ByteArrayOutputStream out, int value) {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i));
    }
  }

  private static void writeFixed64(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
