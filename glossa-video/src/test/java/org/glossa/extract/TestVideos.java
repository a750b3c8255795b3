package org.glossa.extract;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Test clips written with FFmpeg: a still image with a slow zoom and pan, so frames differ as in a video. */
public final class TestVideos {

  /** A photo of a person, from Debian's opencv-doc (installed by .ci/run). */
  public static final Path PERSON_PHOTO = Path.of("/usr/share/doc/opencv-doc/examples/data/messi5.jpg");

  private TestVideos() {
  }

  public static BufferedImage read(Path image) throws IOException {
    return ImageIO.read(image.toFile());
  }

  /** A plain picture without a person: coloured shapes on grey. */
  public static BufferedImage shapes(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(120, 120, 120));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(200, 40, 40));
    g.fillRect(width / 8, height / 8, width / 4, height / 4);
    g.setColor(new Color(40, 60, 200));
    g.fillOval(width / 2, height / 3, width / 3, height / 2);
    g.dispose();
    return image;
  }

  /** Frame {@code f} of a clip of {@code image}: zoomed by 1% and panned by a pixel per frame. */
  public static BufferedImage frame(BufferedImage image, int width, int height, int f) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double zoom = 1 + 0.01 * f;
    int w = (int) (width * zoom);
    int h = (int) (height * zoom);
    g.drawImage(image, -(w - width) / 2 + f, -(h - height) / 2, w, h, null);
    g.dispose();
    return out;
  }

  /**
   * Frame {@code f} of {@code frames} of a clip in which the photo moves like a person in front of a camera: it
   * enters from the left, turns up to 20 degrees either way, comes closer and steps back (scale 0.8-1.25), and leaves
   * on the right; the last tenth of the clip shows nobody, then the person comes back in the middle. Tracking,
   * re-detection after loss and partly visible bodies are all exercised.
   */
  public static BufferedImage motionFrame(BufferedImage image, int width, int height, int f, int frames) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setColor(new Color(90, 110, 90));
    g.fillRect(0, 0, width, height);
    double t = f / (double) frames;
    double x;
    if (t < 0.8) {
      x = -0.45 + 1.9 * t / 0.8; // from half outside on the left to half outside on the right
    } else if (t < 0.9) {
      x = 2; // gone
    } else {
      x = 0.5; // back in the middle
    }
    double scale = 1 + 0.225 * Math.sin(2 * Math.PI * t * 1.5) + 0.025;
    double angle = Math.toRadians(20 * Math.sin(2 * Math.PI * t * 2));
    double fit = Math.min(width / (double) image.getWidth(), height / (double) image.getHeight()) * scale;
    java.awt.geom.AffineTransform placement = new java.awt.geom.AffineTransform();
    placement.translate(x * width, height / 2.0);
    placement.rotate(angle);
    placement.scale(fit, fit);
    placement.translate(-image.getWidth() / 2.0, -image.getHeight() / 2.0);
    g.drawImage(image, placement, null);
    g.dispose();
    return out;
  }

  /** Writes a clip of {@link #motionFrame}s (H.264 mp4, 25 fps). */
  public static Path motionClip(BufferedImage image, int width, int height, int frames, Path out) throws IOException {
    Files.createDirectories(out.getParent());
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setFrameRate(25);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setVideoBitrate(4_000_000);
      recorder.start();
      for (int f = 0; f < frames; f++) {
        recorder.record(converter.convert(motionFrame(image, width, height, f, frames)));
      }
      recorder.stop();
    }
    return out;
  }

  /** A part of the photo (x, y, w, h in its pixels) scaled to {@code width} x {@code height}: a hand or the face. */
  public static BufferedImage part(BufferedImage image, int x, int y, int w, int h, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, x, y, x + w, y + h, null);
    g.dispose();
    return out;
  }

  /** Writes a clip: format "mp4" (H.264), "webm" (VP8) or "avi" (MPEG-4 part 2), 25 fps. */
  public static Path clip(BufferedImage image, int width, int height, int frames, String format, Path out)
      throws IOException {
    int codec = switch (format) {
      case "mp4" -> avcodec.AV_CODEC_ID_H264;
      case "webm" -> avcodec.AV_CODEC_ID_VP8;
      default -> avcodec.AV_CODEC_ID_MPEG4;
    };
    Files.createDirectories(out.getParent());
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat(format);
      recorder.setVideoCodec(codec);
      recorder.setFrameRate(25);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setVideoBitrate(4_000_000);
      recorder.start();
      for (int f = 0; f < frames; f++) {
        recorder.record(converter.convert(frame(image, width, height, f)));
      }
      recorder.stop();
    }
    return out;
  }

  /** Writes a PHOENIX-style frame folder: {@code dir/images0001.png, ...}. */
  public static Path frameFolder(BufferedImage image, int width, int height, int frames, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int f = 0; f < frames; f++) {
      ImageIO.write(frame(image, width, height, f), "png", dir.resolve(String.format("images%04d.png", f + 1))
          .toFile());
    }
    return dir;
  }
}
