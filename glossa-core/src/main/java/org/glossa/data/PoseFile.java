package org.glossa.data;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pose-format {@code .pose} file (the binary format of the sign-language-processing "pose" toolkit), as
 * written by MediaPipe Holistic pipelines.
 *
 * <p>Little-endian. Header: float version, ushort width, height, depth, ushort component count; per component
 * a name and a point format (ushort length + UTF-8 bytes, e.g. "XYZC"), ushort counts of points, limbs and
 * colours, the point names, limb index pairs and RGB colours. Body v0.1: ushort fps, ushort frames (too small
 * for long videos, so the count is derived from the bytes left), ushort people; v0.2: float fps, uint32
 * frames, ushort people. Then float32 data [frames, people, points, dims] and float32 confidence
 * [frames, people, points], where dims = format length - 1 (the last letter is the confidence).
 *
 * @param data       [numFrames, numPeople, numPoints, numDims], flattened
 * @param confidence [numFrames, numPeople, numPoints], flattened; 0 where nothing was detected
 */
public record PoseFile(float version, int width, int height, int depth, List<Component> components, float fps,
    int numFrames, int numPeople, int numDims, float[] data, float[] confidence) {

  /** One named group of points, e.g. POSE_LANDMARKS or LEFT_HAND_LANDMARKS. */
  public record Component(String name, String format, List<String> points, List<int[]> limbs,
      List<int[]> colors) {
    public Component {
      points = List.copyOf(points);
      limbs = List.copyOf(limbs);
      colors = List.copyOf(colors);
    }
  }

  public PoseFile {
    components = List.copyOf(components);
    long expected;
    try {
      expected = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact((long) numFrames, numPeople),
          totalPoints(components)), numDims);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("numFrames x numPeople x numPoints x numDims overflows");
    }
    if (data.length != expected) {
      throw new IllegalArgumentException("data has " + data.length + " values, expected " + expected);
    }
    if (confidence.length != expected / Math.max(1, numDims)) {
      throw new IllegalArgumentException("confidence has " + confidence.length + " values");
    }
  }

  private static int totalPoints(List<Component> components) {
    return Math.toIntExact(components.stream().mapToLong(c -> c.points().size()).sum());
  }

  public int numPoints() {
    return totalPoints(components);
  }

  /** Index of the first point of a component within a frame, or -1 if there is no such component. */
  public int componentOffset(String name) {
    int offset = 0;
    for (Component c : components) {
      if (c.name().equals(name)) {
        return offset;
      }
      offset += c.points().size();
    }
    return -1;
  }

  public Component component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** Coordinate {@code dim} of point {@code point} (index over all components) of a person in a frame. */
  public float coordinate(int frame, int person, int point, int dim) {
    return data[((frame * numPeople + person) * numPoints() + point) * numDims + dim];
  }

  public float confidence(int frame, int person, int point) {
    return confidence[(frame * numPeople + person) * numPoints() + point];
  }

  /** Reads a {@code .pose} file of version 0.1 or 0.2. */
  public static PoseFile read(Path file) {
    return read(InputFiles.readBytes(file), file);
  }

  /** Reads the bytes of a {@code .pose} file (an upload, say); {@code file} names it in error messages. */
  public static PoseFile read(byte[] bytes, Path file) {
    try {
      return parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), file);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw DataException.inFile(file, "truncated or corrupt .pose file (" + bytes.length + " bytes)");
    }
  }

  private static PoseFile parse(ByteBuffer in, Path file) {
    float version = in.getFloat();
    boolean v01 = Math.abs(version - 0.1f) < 1e-3;
    boolean v02 = Math.abs(version - 0.2f) < 1e-3;
    if (!v01 && !v02) {
      throw DataException.inFile(file, "not a .pose file of version 0.1 or 0.2 (version field reads "
          + version + ")");
    }
    int width = in.getShort() & 0xffff;
    int height = in.getShort() & 0xffff;
    int depth = in.getShort() & 0xffff;
    int numComponents = in.getShort() & 0xffff;
    List<Component> components = new ArrayList<>();
    int maxFormat = 0;
    for (int c = 0; c < numComponents; c++) {
      String name = readString(in);
      String format = readString(in);
      int numPoints = in.getShort() & 0xffff;
      int numLimbs = in.getShort() & 0xffff;
      int numColors = in.getShort() & 0xffff;
      // capacity bounded by the bytes left (a point name takes at least 2), not by the count the file claims
      List<String> points = new ArrayList<>(Math.min(numPoints, in.remaining() / 2));
      for (int p = 0; p < numPoints; p++) {
        points.add(readString(in));
      }
      List<int[]> limbs = new ArrayList<>(Math.min(numLimbs, in.remaining() / 4));
      for (int l = 0; l < numLimbs; l++) {
        limbs.add(new int[] {in.getShort() & 0xffff, in.getShort() & 0xffff});
      }
      List<int[]> colors = new ArrayList<>(Math.min(numColors, in.remaining() / 6));
      for (int k = 0; k < numColors; k++) {
        colors.add(new int[] {in.getShort() & 0xffff, in.getShort() & 0xffff, in.getShort() & 0xffff});
      }
      components.add(new Component(name, format, points, limbs, colors));
      maxFormat = Math.max(maxFormat, format.length());
    }
    int numDims = maxFormat - 1;
    if (numDims < 2) {
      throw DataException.inFile(file, "point format has fewer than 2 coordinates");
    }
    int numPoints = totalPoints(components);
    float fps;
    long numFrames;
    int numPeople;
    // sizes in exact arithmetic: a product that overflows a long declares more bytes than any file holds
    long bytesPerValue = 4L * (numDims + 1); // numDims coordinates and one confidence, float32 each
    long valuesPerFrame; // people (a ushort) x points (fewer than the file's bytes): no overflow
    if (v01) {
      fps = in.getShort() & 0xffff;
      in.getShort(); // ushort frame count overflows on long videos; derived from the bytes left instead
      numPeople = in.getShort() & 0xffff;
      valuesPerFrame = (long) numPeople * numPoints;
      long perFrame = times(valuesPerFrame, bytesPerValue);
      numFrames = perFrame == 0 ? 0 : in.remaining() / perFrame;
    } else {
      fps = in.getFloat();
      numFrames = in.getInt() & 0xffffffffL;
      numPeople = in.getShort() & 0xffff;
      valuesPerFrame = (long) numPeople * numPoints;
    }
    long values = times(numFrames, valuesPerFrame);
    long needed = times(values, bytesPerValue);
    if (needed > in.remaining()) {
      throw DataException.inFile(file, "truncated: header announces " + numFrames + " frames of " + numPeople
          + " people x " + numPoints + " points ("
          + (needed == Long.MAX_VALUE ? "more bytes than any file holds" : needed + " bytes") + ") but only "
          + in.remaining() + " bytes follow");
    }
    if (numPeople == 0 || numPoints == 0) {
      throw DataException.inFile(file, "no people or no points in the file");
    }
    float[] data = new float[(int) (values * numDims)];
    in.asFloatBuffer().get(data);
    in.position(in.position() + data.length * 4);
    float[] confidence = new float[(int) values];
    in.asFloatBuffer().get(confidence);
    return new PoseFile(version, width, height, depth, components, fps, (int) numFrames, numPeople, numDims,
        data, confidence);
  }

  /** {@code a * b} for non-negative sizes, or Long.MAX_VALUE (more than any file) if it overflows a long. */
  private static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String readString(ByteBuffer in) {
    int length = in.getShort() & 0xffff;
    if (length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] raw = new byte[length];
    in.get(raw);
    return new String(raw, StandardCharsets.UTF_8);
  }

  /** Writes this pose as a version 0.2 file, atomically. */
  public void write(Path file) {
    AtomicFiles.write(file, out -> out.write(toBytes()));
  }

  /** Encodes this pose as version 0.2 bytes. */
  public byte[] toBytes() {
    int size = 4 + 8;
    for (Component c : components) {
      size += 4 + utf8(c.name()).length + utf8(c.format()).length + 6;
      for (String p : c.points()) {
        size += 2 + utf8(p).length;
      }
      size += 4 * c.limbs().size() + 6 * c.colors().size();
    }
    size += 10 + 4 * (data.length + confidence.length);
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putFloat(0.2f).putShort((short) width).putShort((short) height).putShort((short) depth);
    out.putShort((short) components.size());
    for (Component c : components) {
      putString(out, c.name());
      putString(out, c.format());
      out.putShort((short) c.points().size()).putShort((short) c.limbs().size())
          .putShort((short) c.colors().size());
      c.points().forEach(p -> putString(out, p));
      c.limbs().forEach(l -> out.putShort((short) l[0]).putShort((short) l[1]));
      c.colors().forEach(k -> out.putShort((short) k[0]).putShort((short) k[1]).putShort((short) k[2]));
    }
    out.putFloat(fps).putInt(numFrames).putShort((short) numPeople);
    for (float v : data) {
      out.putFloat(v);
    }
    for (float v : confidence) {
      out.putFloat(v);
    }
    return out.array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void putString(ByteBuffer out, String s) {
    byte[] raw = utf8(s);
    out.putShort((short) raw.length).put(raw);
  }
}
