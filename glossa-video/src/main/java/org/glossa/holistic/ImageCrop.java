package org.glossa.holistic;

/**
 * Cuts a rotated region out of an RGBA frame into a model's input tensor, as MediaPipe's ImageToTensorCalculator
 * does on the CPU: the region's corners go to the tensor's corners (a perspective warp that is affine here),
 * bilinear sampling with pixel centres at integer coordinates, outside the image either black ({@code zeroBorder})
 * or the nearest edge pixel, then [0, 255] mapped linearly onto [low, high]. With {@code keepAspect} the region is
 * first widened or heightened to the tensor's aspect ratio (letterboxing) and the padding it added is kept, as
 * fractions of the padded region, for mapping detections back.
 *
 * <p>Output: {@code [height, width, 3]} floats (NHWC without the batch).
 */
final class ImageCrop {

  /** The letterbox padding of the last crop: left, top, right, bottom as fractions of the padded region. */
  final double[] padding = new double[4];
  /** The region actually cut (after letterboxing). */
  Roi cut;

  float[] crop(int imageWidth, int imageHeight, byte[] rgba, Roi roi, int outWidth, int outHeight, float low,
      float high, boolean zeroBorder, boolean keepAspect) {
    double w = roi.width() * imageWidth;
    double h = roi.height() * imageHeight;
    java.util.Arrays.fill(padding, 0);
    if (keepAspect) {
      double target = outWidth / (double) outHeight;
      if (w / h > target) {
        double padded = w / target;
        padding[1] = padding[3] = (1 - h / padded) / 2;
        h = padded;
      } else {
        double padded = h * target;
        padding[0] = padding[2] = (1 - w / padded) / 2;
        w = padded;
      }
    }
    cut = new Roi(roi.xCenter(), roi.yCenter(), w / imageWidth, h / imageHeight, roi.rotation());
    double cos = Math.cos(roi.rotation());
    double sin = Math.sin(roi.rotation());
    double cx = roi.xCenter() * imageWidth;
    double cy = roi.yCenter() * imageHeight;
    // source position of tensor pixel (u, v): c + (u / outWidth - 1/2) w ux + (v / outHeight - 1/2) h uy
    double dxu = w / outWidth * cos;
    double dyu = w / outWidth * sin;
    double dxv = -h / outHeight * sin;
    double dyv = h / outHeight * cos;
    double x0 = cx - w / 2 * cos + h / 2 * sin;
    double y0 = cy - w / 2 * sin - h / 2 * cos;
    float scale = (high - low) / 255f;
    float[] out = new float[outWidth * outHeight * 3];
    int maxX = imageWidth - 1;
    int maxY = imageHeight - 1;
    int o = 0;
    for (int v = 0; v < outHeight; v++) {
      double rowX = x0 + v * dxv;
      double rowY = y0 + v * dyv;
      for (int u = 0; u < outWidth; u++, o += 3) {
        double x = rowX + u * dxu;
        double y = rowY + u * dyu;
        int xi = (int) Math.floor(x);
        int yi = (int) Math.floor(y);
        float fx = (float) (x - xi);
        float fy = (float) (y - yi);
        for (int c = 0; c < 3; c++) {
          float p00 = pixel(rgba, imageWidth, maxX, maxY, xi, yi, c, zeroBorder);
          float p10 = pixel(rgba, imageWidth, maxX, maxY, xi + 1, yi, c, zeroBorder);
          float p01 = pixel(rgba, imageWidth, maxX, maxY, xi, yi + 1, c, zeroBorder);
          float p11 = pixel(rgba, imageWidth, maxX, maxY, xi + 1, yi + 1, c, zeroBorder);
          float top = p00 + (p10 - p00) * fx;
          float bottom = p01 + (p11 - p01) * fx;
          out[o + c] = (top + (bottom - top) * fy) * scale + low;
        }
      }
    }
    return out;
  }

  private static float pixel(byte[] rgba, int width, int maxX, int maxY, int x, int y, int channel,
      boolean zeroBorder) {
    if (x < 0 || y < 0 || x > maxX || y > maxY) {
      if (zeroBorder) {
        return 0;
      }
      x = Math.max(0, Math.min(maxX, x));
      y = Math.max(0, Math.min(maxY, y));
    }
    return rgba[4 * (y * width + x) + channel] & 0xFF;
  }
}
