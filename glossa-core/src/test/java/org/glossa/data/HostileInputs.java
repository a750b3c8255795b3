package org.glossa.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-made hostile files for the readers' regression tests and the fuzzers' seed corpora: small byte arrays
 * whose headers declare far more (or stranger) data than they hold.
 */
final class HostileInputs {

  private HostileInputs() {}

  /** A format 1.0 {@code .npy} with the given header dictionary (padded as NumPy pads it) and data bytes. */
  static byte[] npy(String dict, byte[] data) {
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return out.array();
  }

  /** A {@code .npy} of dtype {@code descr} and shape {@code shape} (Python tuple text, e.g. "3, 4"). */
  static byte[] npy(String descr, String shape, byte[] data) {
    return npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }", data);
  }

  /** A format 2.0 prefix whose uint32 header length is {@code headerLength}, followed by {@code body}. */
  static byte[] npyV2WithHeaderLength(int headerLength, byte[] body) {
    ByteBuffer out = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(headerLength).put(body);
    return out.array();
  }

  /** The 80-byte gloss array: {@code <U1073741825}, whose 4 x item size overflows an int. */
  static byte[] hugeUnicodeItemSize() {
    byte[] data = new byte[80];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt('A').putInt(' ').putInt('B');
    return npy("<U1073741825", "", data);
  }

  /** A zip of one entry, deflated or stored. */
  static byte[] zip(String name, byte[] content, boolean deflated) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry(name);
      if (!deflated) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A deflated {@code .npz} entry whose {@code .npy} header is {@code header} and whose data is
   * {@code zeros} zero bytes, streamed through the compressor (never held in memory): a bomb when
   * {@code zeros} is large.
   */
  static byte[] zipWithZeros(String name, byte[] header, long zeros) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
      zip.putNextEntry(new ZipEntry(name));
      zip.write(header);
      byte[] chunk = new byte[1 << 16];
      for (long left = zeros; left > 0; left -= chunk.length) {
        zip.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A version 0.2 {@code .pose} with one component of {@code numPoints} unnamed points in a point format of
   * {@code formatLength} letters, whose body announces {@code numFrames} frames of {@code numPeople} people,
   * followed by {@code dataBytes} zero bytes.
   */
  static byte[] poseV02(int formatLength, int numPoints, long numFrames, int numPeople, int dataBytes) {
    ByteBuffer out = poseHeader(0.2f, formatLength, numPoints, 10 + dataBytes);
    out.putFloat(25f).putInt((int) numFrames).putShort((short) numPeople);
    out.put(new byte[dataBytes]);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  /** As {@link #poseV02} in version 0.1, whose frame count is derived from the bytes that follow. */
  static byte[] poseV01(int formatLength, int numPoints, int numPeople, int dataBytes) {
    ByteBuffer out = poseHeader(0.1f, formatLength, numPoints, 6 + dataBytes);
    out.putShort((short) 24).putShort((short) 0).putShort((short) numPeople);
    out.put(new byte[dataBytes]);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  private static ByteBuffer poseHeader(float version, int formatLength, int numPoints, int bodyBytes) {
    String format = "X".repeat(formatLength - 1) + "C";
    String name = "POSE_LANDMARKS";
    ByteBuffer out = ByteBuffer.allocate(12 + 2 + name.length() + 2 + formatLength + 6 + 2 * numPoints + bodyBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putFloat(version).putShort((short) 640).putShort((short) 480).putShort((short) 0).putShort((short) 1);
    out.putShort((short) name.length()).put(name.getBytes(StandardCharsets.US_ASCII));
    out.putShort((short) formatLength).put(format.getBytes(StandardCharsets.US_ASCII));
    out.putShort((short) numPoints).putShort((short) 0).putShort((short) 0);
    for (int p = 0; p < numPoints; p++) {
      out.putShort((short) 0); // an empty point name
    }
    return out;
  }
}
