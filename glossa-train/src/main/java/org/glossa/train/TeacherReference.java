package org.glossa.train;

import java.util.List;
import java.util.Map;
import org.glossa.data.Augmentation;
import org.glossa.data.BatchConfig;
import org.glossa.data.Batcher;
import org.glossa.data.Sample;
import org.glossa.decode.GreedyCtcDecoder;
import org.glossa.eval.WerCalculator;
import org.glossa.model.ModelConfig;
import org.glossa.network.TrainedModel;
import org.glossa.recognize.Evaluation;

/**
 * The teacher on the dev split, evaluated once before distillation starts: the reference for the agreement
 * metrics of every validation (share of valid frames where teacher and student pick the same class, and the WER
 * of the student's hypotheses measured against the teacher's).
 */
final class TeacherReference {

  /** How close the student is to the teacher on dev. */
  record Agreement(double frameAgreement, double werAgainstTeacher) {}

  private final Map<String, float[][]> logits;
  private final Map<String, List<String>> hypotheses;
  private final double teacherWer;

  private TeacherReference(Evaluation evaluation) {
    this.logits = evaluation.logits();
    this.hypotheses = evaluation.hypotheses();
    this.teacherWer = evaluation.totals().wer();
  }

  static TeacherReference of(TrainedModel teacher, List<Sample> dev, TrainConfig config) {
    Batcher batcher = new Batcher(dev, teacher.pipeline(), teacher.vocabulary(),
        BatchConfig.evaluation(Math.max(8, config.batchSize()), config.maxSeqLength(), ModelConfig.TIME_STRIDE),
        Augmentation.NONE);
    return new TeacherReference(Evaluation.run(teacher, batcher, dev));
  }

  double teacherWer() {
    return teacherWer;
  }

  Agreement compare(Evaluation student) {
    long same = 0;
    long frames = 0;
    WerCalculator wer = new WerCalculator();
    for (Map.Entry<String, float[][]> e : student.logits().entrySet()) {
      float[][] reference = logits.get(e.getKey());
      if (reference == null) {
        continue;
      }
      float[][] mine = e.getValue();
      for (int t = 0; t < Math.min(mine.length, reference.length); t++) {
        same += GreedyCtcDecoder.argmax(mine[t]) == GreedyCtcDecoder.argmax(reference[t]) ? 1 : 0;
        frames++;
      }
      wer.add(e.getKey(), hypotheses.get(e.getKey()), student.hypotheses().get(e.getKey()));
    }
    WerCalculator.Totals totals = wer.totals();
    // A teacher that recognises nothing yet gives no reference words: no WER against it.
    return new Agreement(frames == 0 ? Double.NaN : 100.0 * same / frames,
        totals.referenceWords() == 0 ? Double.NaN : totals.wer());
  }
}
