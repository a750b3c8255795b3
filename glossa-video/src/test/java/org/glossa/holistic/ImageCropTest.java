package org.glossa.holistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The crop's fixed-point sampling against bilinear interpolation written out in doubles: rotated, partly outside
 * the image (edge pixels repeated, or black), letterboxed; and the whole image at its own size gives its pixels.
 */
class ImageCropTest {

  private static final int WIDTH = 64;
  private static final int HEIGHT = 40;

  private static byte[] randomImage() {
    byte[] rgba = new byte[4 * WIDTH * HEIGHT];
    new Random(7).nextBytes(rgba);
    return rgba;
  }

  @Test
  void theWholeImageAtItsOwnSizeGivesItsPixels() {
    byte[] rgba = randomImage();
    float[] out = new ImageCrop().crop(WIDTH, HEIGHT, rgba, Roi.whole(), WIDTH, HEIGHT, 0f, 255f, false, false);
    for (int i = 0; i < WIDTH * HEIGHT; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(rgba[4 * i + c] & 0xFF, out[3 * i + c], 1e-3, "pixel " + i + " channel " + c);
      }
    }
  }

  @Test
  void rotatedRegionsPartlyOutsideSampleAsBilinearInterpolation() {
    byte[] rgba = randomImage();
    Roi[] regions = {new Roi(0.5, 0.5, 0.4, 0.6, 0.3), new Roi(0.1, 0.9, 0.5, 0.7, -2.1),
        new Roi(0.5, 0.5, 1.4, 1.2, 0), new Roi(0.95, 0.05, 0.3, 0.3, 1.0)};
    for (Roi roi : regions) {
      for (boolean zeroBorder : new boolean[] {false, true}) {
        ImageCrop crop = new ImageCrop();
        float[] out = crop.crop(WIDTH, HEIGHT, rgba, roi, 24, 16, -1f, 1f, zeroBorder, true);
        assertEquals(16 / 24.0, crop.cut.height() * HEIGHT / (crop.cut.width() * WIDTH), 1e-9, "letterboxed");
        double worst = 0;
        int black = 0;
        for (int v = 0; v < 16; v++) {
          for (int u = 0; u < 24; u++) {
            double[] expected = reference(rgba, crop.cut, u, v, 24, 16, zeroBorder);
            for (int c = 0; c < 3; c++) {
              double value = (out[3 * (v * 24 + u) + c] + 1) / 2 * 255;
              worst = Math.max(worst, Math.abs(value - expected[c]));
            }
            black += expected[0] == 0 && expected[1] == 0 && expected[2] == 0 ? 1 : 0;
          }
        }
        assertTrue(worst < 0.01, roi + " zeroBorder " + zeroBorder + ": off by " + worst + " grey levels");
        if (zeroBorder && roi.width() > 1) {
          assertTrue(black > 0, "a region larger than the image has black outside it");
        }
      }
    }
  }

  /** Tensor pixel (u, v) of {@code cut}: sampled at its centre, bilinear between the four nearest pixel centres. */
  private static double[] reference(byte[] rgba, Roi cut, int u, int v, int outWidth, int outHeight,
      boolean zeroBorder) {
    double w = cut.width() * WIDTH;
    double h = cut.height() * HEIGHT;
    double a = (u + 0.5) / outWidth - 0.5;
    double b = (v + 0.5) / outHeight - 0.5;
    double cos = Math.cos(cut.rotation());
    double sin = Math.sin(cut.rotation());
    double x = cut.xCenter() * WIDTH + a * w * cos - b * h * sin - 0.5;
    double y = cut.yCenter() * HEIGHT + a * w * sin + b * h * cos - 0.5;
    double[] rgb = new double[3];
    if (zeroBorder && (x < -0.5 || y < -0.5 || x > WIDTH - 0.5 || y > HEIGHT - 0.5)) {
      return rgb;
    }
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    for (int c = 0; c < 3; c++) {
      double top = pixel(rgba, x0, y0, c) * (1 - fx) + pixel(rgba, x0 + 1, y0, c) * fx;
      double bottom = pixel(rgba, x0, y0 + 1, c) * (1 - fx) + pixel(rgba, x0 + 1, y0 + 1, c) * fx;
      rgb[c] = top * (1 - fy) + bottom * fy;
    }
    return rgb;
  }

  private static int pixel(byte[] rgba, int x, int y, int c) {
    int cx = Math.max(0, Math.min(WIDTH - 1, x));
    int cy = Math.max(0, Math.min(HEIGHT - 1, y));
    return rgba[4 * (cy * WIDTH + cx) + c] & 0xFF;
  }
}
