package org.glossa.holistic;

/**
 * Cuts a rotated region out of an RGBA frame into a model's input tensor, as MediaPipe's ImageToTensorCalculator
 * does on the GPU, which is what the live page and the browser route run: the region's edges go to the tensor's
 * edges and each tensor pixel samples the image at its centre, bilinearly, clamped to the edge pixels; with
 * {@code zeroBorder} a sample outside the image is black (WebGL's stand-in for a zero border), then [0, 255] is
 * mapped linearly onto [low, high]. With {@code keepAspect} the region is
 * first widened or heightened to the tensor's aspect ratio (letterboxing); {@link #cut} is the region the tensor
 * then spans, for mapping points back.
 *
 * <p>Output: {@code [height, width, 3]} floats (NHWC without the batch).
 */
final class ImageCrop {


  /** The region the last crop's tensor spans (after letterboxing). */
  Roi cut;

  float[] crop(int imageWidth, int imageHeight, byte[] rgba, Roi roi, int outWidth, int outHeight, float low,
      float high, boolean zeroBorder, boolean keepAspect) {
    double w = roi.width() * imageWidth;
    double h = roi.height() * imageHeight;
    if (keepAspect) {
      double target = outWidth / (double) outHeight;
      if (w / h > target) {
        h = w / target;
      } else {
        w = h * target;
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
    // sample at tensor pixel centres ((u + 1/2) / outWidth of the region), image pixel centres at integers
    x0 += 0.5 * dxu + 0.5 * dxv - 0.5;
    y0 += 0.5 * dyu + 0.5 * dyv - 0.5;
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
        if (zeroBorder && (x < -0.5 || y < -0.5 || x > maxX + 0.5 || y > maxY + 0.5)) {
          out[o] = out[o + 1] = out[o + 2] = low; // outside the image: black, without blending
          continue;
        }
        int xi = (int) x;
        if (x < xi) {
          xi--; // floor for negative positions
        }
        int yi = (int) y;
        if (y < yi) {
          yi--;
        }
        float fx = (float) (x - xi);
        float fy = (float) (y - yi);
        int left = 4 * Math.max(0, Math.min(maxX, xi));
        int right = 4 * Math.max(0, Math.min(maxX, xi + 1));
        int top = 4 * imageWidth * Math.max(0, Math.min(maxY, yi));
        int bottom = 4 * imageWidth * Math.max(0, Math.min(maxY, yi + 1));
        for (int c = 0; c < 3; c++) {
          float p00 = rgba[top + left + c] & 0xFF;
          float p10 = rgba[top + right + c] & 0xFF;
          float p01 = rgba[bottom + left + c] & 0xFF;
          float p11 = rgba[bottom + right + c] & 0xFF;
          float upper = p00 + (p10 - p00) * fx;
          float lower = p01 + (p11 - p01) * fx;
          out[o + c] = (upper + (lower - upper) * fy) * scale + low;
        }
      }
    }
    return out;
  }
}
