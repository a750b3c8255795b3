package org.glossa.holistic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MediaPipe Holistic's TFLite models, read from the files of the npm package {@code @mediapipe/holistic} that
 * glossa-web puts on the class path under {@code web/mediapipe/holistic/} (the same files the live page loads).
 * The pose landmark models are files of their own; the others are packed into
 * {@code holistic_solution_packed_assets.data}, whose loader script lists each file's byte range.
 */
public final class HolisticModels {

  static final String DIRECTORY = "web/mediapipe/holistic/";
  private static final String PACKED = "holistic_solution_packed_assets.data";
  private static final String LOADER = "holistic_solution_packed_assets_loader.js";
  private static final Pattern ENTRY =
      Pattern.compile("\"filename\": \"[^\"]*/([^\"/]+)\", \"start\": (\\d+), \"end\": (\\d+)");

  /** The models the landmark engine runs (the packed file also holds face geometry data and the attention mesh). */
  public static final String POSE_DETECTION = "pose_detection.tflite";
  public static final String POSE_LANDMARK_FULL = "pose_landmark_full.tflite";
  public static final String POSE_LANDMARK_LITE = "pose_landmark_lite.tflite";
  public static final String HAND_RECROP = "hand_recrop.tflite";
  public static final String HAND_LANDMARK = "hand_landmark_full.tflite";
  public static final String FACE_DETECTION = "face_detection_short_range.tflite";
  public static final String FACE_LANDMARK = "face_landmark.tflite";

  private HolisticModels() {}

  /** The bytes of one model file, by its file name. */
  public static byte[] read(String fileName) {
    byte[] own = resource(fileName, false);
    if (own != null) {
      return own;
    }
    Map<String, int[]> ranges = packedRanges();
    int[] range = ranges.get(fileName);
    if (range == null) {
      throw new TfliteException(fileName + " is neither in " + DIRECTORY + " nor in " + PACKED + " (which holds "
          + ranges.keySet() + ")");
    }
    if (range[0] > range[1]) {
      throw new TfliteException(PACKED + " lists " + fileName + " at " + range[0] + "-" + range[1]);
    }
    // only the model's own bytes: the packed file holds all of them (17 MB), and every model is read on its own
    try (InputStream in = HolisticModels.class.getClassLoader().getResourceAsStream(DIRECTORY + PACKED)) {
      if (in == null) {
        throw new TfliteException(DIRECTORY + PACKED + " is not on the class path (it comes with glossa-web)");
      }
      in.skipNBytes(range[0]);
      byte[] model = in.readNBytes(range[1] - range[0]);
      if (model.length < range[1] - range[0]) {
        throw new TfliteException(PACKED + " ends at " + (range[0] + model.length) + " bytes, before " + fileName
            + " (" + range[0] + "-" + range[1] + ")");
      }
      return model;
    } catch (java.io.EOFException e) {
      throw new TfliteException(PACKED + " ends before " + fileName + " (" + range[0] + "-" + range[1] + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + DIRECTORY + PACKED, e);
    }
  }

  /** A model converted to ONNX (serialized), ready for ONNX Runtime. */
  public static byte[] onnx(String fileName) {
    return TfliteToOnnx.convert(TfliteModel.read(fileName, read(fileName)));
  }

  /** File name -> [start, end) in the packed file. */
  static Map<String, int[]> packedRanges() {
    String loader = new String(resource(LOADER, true), StandardCharsets.UTF_8);
    Map<String, int[]> ranges = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(loader);
    while (m.find()) {
      ranges.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
    }
    return ranges;
  }

  private static byte[] resource(String fileName, boolean required) {
    try (InputStream in = HolisticModels.class.getClassLoader().getResourceAsStream(DIRECTORY + fileName)) {
      if (in == null) {
        if (required) {
          throw new TfliteException(DIRECTORY + fileName + " is not on the class path (it comes with glossa-web)");
        }
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + DIRECTORY + fileName, e);
    }
  }
}
