package org.glossa.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A small line chart drawn with Java2D (headless) and encoded as PNG: training curves for the run report. */
final class LineChart {

  /** One curve; NaN values are gaps (e.g. epochs without validation). */
  record Series(String name, double[] x, double[] y, Color color) {}

  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logScale;
  private final List<Series> series = new ArrayList<>();

  LineChart(String title, String xLabel, String yLabel, boolean logScale) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logScale = logScale;
  }

  LineChart add(Series s) {
    series.add(s);
    return this;
  }

  /** The chart as PNG bytes. */
  byte[] png() {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double[] xr = range(true);
    double[] yr = range(false);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    // Grid and tick labels.
    for (int i = 0; i <= 5; i++) {
      double fy = i / 5.0;
      int py = TOP + plotH - (int) Math.round(fy * plotH);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(LEFT, py, LEFT + plotW, py);
      g.setColor(Color.DARK_GRAY);
      String label = format(unscale(yr[0] + fy * (yr[1] - yr[0])));
      g.drawString(label, LEFT - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
      double fx = i / 5.0;
      int px = LEFT + (int) Math.round(fx * plotW);
      String xl = format(xr[0] + fx * (xr[1] - xr[0]));
      g.drawString(xl, px - fm.stringWidth(xl) / 2, TOP + plotH + fm.getHeight() + 2);
    }
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, TOP - 16);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 12);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel + (logScale ? " (log)" : ""), -(TOP + plotH / 2 + 40), 16);
    rotated.dispose();
    // Curves and legend.
    int legendY = TOP + 14;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(new BasicStroke(2f));
      Path2D.Double path = new Path2D.Double();
      boolean penDown = false;
      int points = 0;
      for (int i = 0; i < s.x().length; i++) {
        if (!usable(s.y()[i])) {
          continue; // validation-less epochs: connect the validated ones
        }
        double px = LEFT + (s.x()[i] - xr[0]) / (xr[1] - xr[0]) * plotW;
        double py = TOP + plotH - (scale(s.y()[i]) - yr[0]) / (yr[1] - yr[0]) * plotH;
        if (penDown) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          penDown = true;
        }
        g.fillOval((int) px - 3, (int) py - 3, 6, 6);
        points++;
      }
      if (points > 1) {
        g.draw(path);
      }
      g.fillRect(LEFT + plotW - 150, legendY - 8, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), LEFT + plotW - 130, legendY - 2);
      legendY += 16;
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private boolean usable(double v) {
    return Double.isFinite(v) && (!logScale || v > 0);
  }

  private double scale(double v) {
    return logScale ? Math.log10(v) : v;
  }

  private double unscale(double v) {
    return logScale ? Math.pow(10, v) : v;
  }

  private double[] range(boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (!usable(s.y()[i])) {
          continue;
        }
        double v = x ? s.x()[i] : scale(s.y()[i]);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      return new double[] {0, 1};
    }
    if (!x && !logScale) {
      lo = Math.min(lo, 0);
    }
    double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1e-3, Math.abs(hi) * 0.1);
    return new double[] {x ? lo : lo - (logScale ? pad : 0), hi + (x ? 0 : pad) + (hi > lo ? 0 : pad)};
  }

  private static String format(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-2 || a >= 1e5)) {
      return String.format("%.1e", v);
    }
    return a >= 100 ? String.format("%.0f", v) : a >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }
}
