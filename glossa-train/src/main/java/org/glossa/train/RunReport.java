package org.glossa.train;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.glossa.data.AtomicFiles;
import org.glossa.data.Html;
import org.glossa.network.TrainedModel;

/**
 * The run's curves ({@code curves_loss.png}, {@code curves_wer.png}, {@code curves_lr.png}) and a one-page
 * {@code report.html} (settings, dataset, model size, best epoch, final WER, curves, per-epoch table) in the
 * output folder. Rewritten atomically after every epoch, so an interrupted run still has an up-to-date report.
 */
final class RunReport {

  /** What the report says about the data. */
  record DataSummary(Path dataDir, int trainSequences, int devSequences, int featureDim) {}

  private static final Color TRAIN = new Color(31, 119, 180);
  private static final Color DEV = new Color(214, 39, 40);
  private static final Color LR = new Color(44, 160, 44);

  private RunReport() {}

  static void write(Path dir, TrainConfig config, DataSummary data, TrainedModel model, TrainingState state) {
    List<TrainingState.EpochRecord> history = state.history();
    double[] epochs = history.stream().mapToDouble(TrainingState.EpochRecord::epoch).toArray();
    byte[] loss = new LineChart("CTC loss", "epoch", "loss", true)
        .add(new LineChart.Series("train", epochs, values(history, "train"), TRAIN))
        .add(new LineChart.Series("dev", epochs, values(history, "dev"), DEV)).png();
    byte[] wer = new LineChart("Dev WER", "epoch", "WER %", false)
        .add(new LineChart.Series("dev WER", epochs, values(history, "wer"), DEV)).png();
    byte[] lr = new LineChart("Learning rate (end of epoch)", "epoch", "learning rate", false)
        .add(new LineChart.Series("lr", epochs, values(history, "lr"), LR)).png();
    AtomicFiles.write(dir.resolve("curves_loss.png"), out -> out.write(loss));
    AtomicFiles.write(dir.resolve("curves_wer.png"), out -> out.write(wer));
    AtomicFiles.write(dir.resolve("curves_lr.png"), out -> out.write(lr));
    AtomicFiles.writeString(dir.resolve("report.html"), html(config, data, model, state, loss, wer, lr));
  }

  private static double[] values(List<TrainingState.EpochRecord> history, String which) {
    return history.stream().mapToDouble(r -> switch (which) {
      case "train" -> r.trainLoss();
      case "dev" -> r.devLoss();
      case "wer" -> r.devWer();
      default -> r.learningRate();
    }).toArray();
  }

  private static String html(TrainConfig config, DataSummary data, TrainedModel model, TrainingState state,
      byte[] loss, byte[] wer, byte[] lr) {
    List<TrainingState.EpochRecord> history = state.history();
    TrainingState.EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Glossa run: ")
        .append(Html.escape(config.outputDir().toString())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;max-width:1320px;margin:1em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td.k{text-align:left}img{margin:4px;border:1px solid #ddd}")
        .append(".cols{display:flex;gap:2em;flex-wrap:wrap}</style></head><body>\n");
    h.append("<h1>Glossa ").append(Html.escape(config.kind())).append(" run</h1>\n");
    h.append("<p>").append(Html.escape(config.outputDir().toString())).append(" &mdash; ")
        .append(state.epochsDone()).append(" of ").append(config.epochs()).append(" epochs done, ")
        .append(state.step()).append(" optimizer steps.</p>\n<div class=\"cols\"><div><h2>Result</h2><table>");
    row(h, "best dev WER", Double.isNaN(state.bestDevWer()) ? "-" : String.format("%.2f %%", state.bestDevWer()));
    row(h, "best epoch", Integer.toString(state.bestEpoch()));
    if (last != null) {
      row(h, "final dev WER", Double.isNaN(last.devWer()) ? "-" : String.format("%.2f %%", last.devWer()));
      row(h, "final train loss", String.format("%.4f", last.trainLoss()));
      row(h, "throughput", String.format("%,.0f frames/s", last.framesPerSecond()));
      row(h, "peak memory", String.format("%,.0f MB", last.peakMemoryMb()));
    }
    double minutes = history.stream().mapToDouble(TrainingState.EpochRecord::seconds).sum() / 60;
    row(h, "training time", String.format("%.1f min", minutes));
    h.append("</table><h2>Model</h2><table>");
    row(h, "kind / preset", config.kind() + " / " + config.preset());
    row(h, "parameters", String.format("%,d", model.parameterCount()));
    row(h, "size (fp32)", String.format("%.2f MiB", model.sizeMiB()));
    row(h, "input features", Integer.toString(model.config().inputDim()));
    row(h, "classes (glosses + blank)", Integer.toString(model.config().numClasses()));
    h.append("</table><h2>Dataset</h2><table>");
    row(h, "folder", data.dataDir().toString());
    row(h, "train / dev sequences", data.trainSequences() + " / " + data.devSequences());
    row(h, "feature dimension (raw)", Integer.toString(data.featureDim()));
    h.append("</table></div><div><h2>Settings</h2><table>");
    for (Map.Entry<String, Object> e : config.flags().entrySet()) {
      row(h, e.getKey(), String.valueOf(e.getValue()));
    }
    h.append("</table></div></div>\n<h2>Curves</h2>\n");
    image(h, "curves_loss.png", loss);
    image(h, "curves_wer.png", wer);
    image(h, "curves_lr.png", lr);
    h.append("\n<h2>Epochs</h2><table><tr><th>epoch</th><th>train loss</th><th>dev loss</th><th>dev WER %</th>")
        .append("<th>lr</th><th>frames/s</th><th>step ms</th><th>peak MB</th><th>seconds</th></tr>\n");
    for (TrainingState.EpochRecord r : history) {
      h.append(String.format("<tr><td>%d</td><td>%.4f</td><td>%s</td><td>%s</td><td>%.2e</td><td>%,.0f</td>"
              + "<td>%.1f</td><td>%,.0f</td><td>%.1f</td></tr>%n", r.epoch(), r.trainLoss(),
          Double.isNaN(r.devLoss()) ? "-" : String.format("%.4f", r.devLoss()),
          Double.isNaN(r.devWer()) ? "-" : String.format("%.2f", r.devWer()), r.learningRate(),
          r.framesPerSecond(), r.stepMs(), r.peakMemoryMb(), r.seconds()));
    }
    h.append("</table>\n<p>TensorBoard: <code>tensorboard --logdir ")
        .append(Html.escape(config.outputDir().toString())).append("</code></p>\n</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><td class=\"k\">").append(Html.escape(key)).append("</td><td>").append(Html.escape(value))
        .append("</td></tr>");
  }

  /** Inline, so the page is one file that can be mailed; the PNG files beside it hold the same images. */
  private static void image(StringBuilder h, String name, byte[] png) {
    h.append("<img alt=\"").append(Html.escape(name)).append("\" title=\"").append(Html.escape(name))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">");
  }
}
