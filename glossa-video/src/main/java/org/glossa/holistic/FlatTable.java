package org.glossa.holistic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of a FlatBuffers buffer, read in place: fields by their slot number in the schema (the n-th field
 * declared, a union taking two slots: its type, then its value). Scalars absent from the buffer read as the schema's
 * default. Every offset is checked against the buffer, so a damaged file fails with {@link TfliteException} rather
 * than reading past its end.
 */
final class FlatTable {

  private final ByteBuffer buffer;
  private final int position;
  private final int vtable;
  private final int vtableSize;

  private FlatTable(ByteBuffer buffer, int position) {
    this.buffer = buffer;
    this.position = check(position, 4);
    this.vtable = check(position - buffer.getInt(position), 4);
    this.vtableSize = buffer.getShort(vtable) & 0xFFFF;
    check(vtable, vtableSize);
  }

  /** The root table of a buffer (its first four bytes point to it). */
  static FlatTable root(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) {
      throw new TfliteException("too short for a FlatBuffers file (" + bytes.length + " bytes)");
    }
    return new FlatTable(buffer, buffer.getInt(0));
  }

  /** The field's absolute position, or 0 when the field is absent. */
  private int field(int slot) {
    int entry = 4 + 2 * slot;
    if (entry + 2 > vtableSize) {
      return 0;
    }
    int offset = buffer.getShort(vtable + entry) & 0xFFFF;
    return offset == 0 ? 0 : position + offset;
  }

  boolean has(int slot) {
    return field(slot) != 0;
  }

  int getInt(int slot, int defaultValue) {
    int at = field(slot);
    return at == 0 ? defaultValue : buffer.getInt(check(at, 4));
  }

  int getByte(int slot, int defaultValue) {
    int at = field(slot);
    return at == 0 ? defaultValue : buffer.get(check(at, 1));
  }

  boolean getBool(int slot) {
    return getByte(slot, 0) != 0;
  }

  /** The position a reference field points to, or -1 when absent. */
  private int target(int slot) {
    int at = field(slot);
    if (at == 0) {
      return -1;
    }
    return check(at + buffer.getInt(check(at, 4)), 4);
  }

  FlatTable table(int slot) {
    int at = target(slot);
    return at < 0 ? null : new FlatTable(buffer, at);
  }

  /** The number of elements of a vector field (0 when absent). */
  int vectorLength(int slot) {
    int at = target(slot);
    return at < 0 ? 0 : buffer.getInt(at);
  }

  /** A vector's elements as a little-endian view (absent: empty). */
  ByteBuffer vectorBytes(int slot, int elementSize) {
    int at = target(slot);
    if (at < 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    long length = (buffer.getInt(at) & 0xFFFFFFFFL) * elementSize;
    if (length > buffer.limit() - at - 4) {
      throw new TfliteException("a vector of " + length + " bytes at " + at + " runs past the end of the file");
    }
    return buffer.slice(at + 4, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }

  int[] ints(int slot) {
    ByteBuffer bytes = vectorBytes(slot, 4);
    int[] values = new int[bytes.remaining() / 4];
    bytes.asIntBuffer().get(values);
    return values;
  }

  String string(int slot) {
    ByteBuffer bytes = vectorBytes(slot, 1);
    byte[] chars = new byte[bytes.remaining()];
    bytes.get(chars);
    return new String(chars, java.nio.charset.StandardCharsets.UTF_8);
  }

  List<FlatTable> tables(int slot) {
    int at = target(slot);
    List<FlatTable> tables = new ArrayList<>();
    if (at < 0) {
      return tables;
    }
    int count = buffer.getInt(at);
    check(at + 4, 4L * count);
    for (int i = 0; i < count; i++) {
      int element = at + 4 + 4 * i;
      tables.add(new FlatTable(buffer, check(element + buffer.getInt(element), 4)));
    }
    return tables;
  }

  private int check(int at, long length) {
    if (at < 0 || at + length > buffer.limit()) {
      throw new TfliteException("offset " + at + " (+" + length + " bytes) is outside the file of " + buffer.limit()
          + " bytes");
    }
    return at;
  }
}
