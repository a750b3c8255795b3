package org.glossa.extract;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.glossa.data.DataException;

/**
 * The frames of one video, one at a time, as RGBA pixels: a video file decoded by FFmpeg (mp4, avi, webm, mkv, mov,
 * ...; JavaCV's bundled FFmpeg, no system install), or a folder of frame images (PHOENIX ships its videos as PNG
 * frames), read in name order at a given frame rate.
 */
public abstract class VideoSource implements AutoCloseable {

  /** Extensions taken as video files. */
  public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "webm", "mkv", "mov", "mpg", "mpeg", "m4v",
      "ogv");
  /** Extensions taken as frame images. */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

  /** One decoded frame: {@code rgba} is width·height·4 bytes, rows top to bottom. */
  public record RgbaFrame(int width, int height, byte[] rgba) {
  }

  protected final Path path;

  protected VideoSource(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public abstract float fps();

  /** Frames the container announces (a video file's count may be an estimate; -1 if unknown). */
  public abstract int announcedFrames();

  /** The next frame, or null at the end. */
  public abstract RgbaFrame next();

  @Override
  public abstract void close();

  /** Opens a video file or a folder of frame images ({@code imageFps} for those). */
  public static VideoSource open(Path path, float imageFps) {
    if (Files.isDirectory(path)) {
      return new ImageFolder(path, imageFps);
    }
    if (!Files.isRegularFile(path)) {
      throw DataException.inFile(path, "no such video file or frame folder");
    }
    return new VideoFile(path);
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** A video file through FFmpeg. */
  static final class VideoFile extends VideoSource {
    static {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      FFmpegLogCallback.set();
    }

    private final FFmpegFrameGrabber grabber;

    VideoFile(Path file) {
      super(file);
      try {
        if (Files.size(file) == 0) {
          throw DataException.inFile(file, "the video file is empty (0 bytes)");
        }
      } catch (IOException e) {
        throw DataException.inFile(file, "cannot read: " + e.getMessage());
      }
      grabber = new FFmpegFrameGrabber(file.toFile());
      grabber.setPixelFormat(avutil.AV_PIX_FMT_RGBA);
      try {
        grabber.start();
      } catch (Exception | UnsatisfiedLinkError e) {
        closeQuietly();
        throw DataException.inFile(file, "not a video FFmpeg can decode (" + ffmpegProblem(e) + ")");
      }
      if (!grabber.hasVideo() || grabber.getImageWidth() <= 0) {
        closeQuietly();
        throw DataException.inFile(file, "has no video stream");
      }
    }

    @Override
    public float fps() {
      double fps = grabber.getFrameRate();
      return fps > 0 && fps < 1000 ? (float) fps : 25f;
    }

    @Override
    public int announcedFrames() {
      int frames = grabber.getLengthInVideoFrames();
      return frames > 0 ? frames : -1;
    }

    @Override
    public RgbaFrame next() {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (Exception e) {
        throw DataException.inFile(path, "decoding failed after some frames (" + firstLine(e) + ")");
      }
      if (frame == null || frame.image == null) {
        return null;
      }
      int width = frame.imageWidth;
      int height = frame.imageHeight;
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      int stride = frame.imageStride; // bytes per row, may include padding
      byte[] rgba = new byte[width * height * 4];
      for (int row = 0; row < height; row++) {
        pixels.position(row * stride);
        pixels.get(rgba, row * width * 4, width * 4);
      }
      return new RgbaFrame(width, height, rgba);
    }

    private void closeQuietly() {
      try {
        grabber.release();
      } catch (Exception ignored) {
        // nothing to keep
      }
    }

    @Override
    public void close() {
      closeQuietly();
    }
  }

  /** Frame images in a folder, in name order. */
  static final class ImageFolder extends VideoSource {
    private final List<Path> images;
    private final float fps;
    private int index;

    ImageFolder(Path folder, float fps) {
      super(folder);
      try (Stream<Path> files = Files.list(folder)) {
        images = files.filter(f -> IMAGE_EXTENSIONS.contains(extension(f))).sorted().toList();
      } catch (IOException e) {
        throw DataException.inFile(folder, "cannot list the frame folder: " + e.getMessage());
      }
      if (images.isEmpty()) {
        throw DataException.inFile(folder, "the folder holds no frame images (" + IMAGE_EXTENSIONS + ")");
      }
      this.fps = fps;
    }

    @Override
    public float fps() {
      return fps;
    }

    @Override
    public int announcedFrames() {
      return images.size();
    }

    @Override
    public RgbaFrame next() {
      if (index >= images.size()) {
        return null;
      }
      Path file = images.get(index++);
      BufferedImage image;
      try {
        image = ImageIO.read(file.toFile());
      } catch (IOException e) {
        throw DataException.inFile(file, "cannot read the frame image: " + e.getMessage());
      }
      if (image == null) {
        throw DataException.inFile(file, "not an image Java can read");
      }
      return rgba(image);
    }

    @Override
    public void close() {
    }
  }

  /** An image's pixels as RGBA bytes. */
  public static RgbaFrame rgba(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgba = new byte[width * height * 4];
    for (int i = 0; i < argb.length; i++) {
      rgba[4 * i] = (byte) (argb[i] >> 16);
      rgba[4 * i + 1] = (byte) (argb[i] >> 8);
      rgba[4 * i + 2] = (byte) argb[i];
      rgba[4 * i + 3] = (byte) (argb[i] >>> 24);
    }
    return new RgbaFrame(width, height, rgba);
  }

  /** JavaCV's message without its hints: "Could not open input ..." plus FFmpeg's own words for the error code. */
  static String ffmpegProblem(Throwable e) {
    String message = firstLine(e);
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("error (-\\d+)").matcher(message);
    if (code.find()) {
      byte[] text = new byte[256];
      avutil.av_strerror(Integer.parseInt(code.group(1)), text, text.length);
      String reason = new String(text, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "").trim();
      if (!reason.isEmpty()) {
        return reason;
      }
    }
    int hint = message.indexOf(" (Has setFormat");
    return hint > 0 ? message.substring(0, hint) : message;
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
