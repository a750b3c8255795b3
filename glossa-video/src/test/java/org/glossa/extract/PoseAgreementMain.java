package org.glossa.extract;

import java.nio.file.Path;
import org.glossa.data.Holistic;
import org.glossa.data.PoseFile;

/** Development aid: per part, mean point distance between two .pose files in shoulder widths: A B. */
public final class PoseAgreementMain {

  private PoseAgreementMain() {}

  public static void main(String[] args) {
    PoseFile a = PoseFile.read(Path.of(args[0]));
    PoseFile b = PoseFile.read(Path.of(args[1]));
    int frames = Math.min(a.numFrames(), b.numFrames());
    for (Holistic.Part part : Holistic.Part.values()) {
      report(a, b, frames, part, part.numPoints, part.componentName);
      if (part == Holistic.Part.POSE) {
        report(a, b, frames, part, 25, "POSE 0-24 (no legs)");
      }
    }
  }

  private static void report(PoseFile a, PoseFile b, int frames, Holistic.Part part, int numPoints, String label) {
    {
      int offset = a.componentOffset(part.componentName);
      double sum = 0;
      long count = 0;
      int both = 0;
      int onlyA = 0;
      int onlyB = 0;
      double worst = 0;
      for (int f = 0; f < frames; f++) {
        int pa = a.componentOffset("POSE_LANDMARKS");
        double shoulder = Math.hypot(b.coordinate(f, 0, pa + 11, 0) - b.coordinate(f, 0, pa + 12, 0),
            b.coordinate(f, 0, pa + 11, 1) - b.coordinate(f, 0, pa + 12, 1));
        boolean inA = a.confidence(f, 0, offset) > 0 || a.coordinate(f, 0, offset, 0) != 0;
        boolean inB = b.confidence(f, 0, offset) > 0 || b.coordinate(f, 0, offset, 0) != 0;
        if (inA && inB && shoulder > 0) {
          both++;
          double frame = 0;
          for (int p = 0; p < numPoints; p++) {
            double d = Math.hypot(a.coordinate(f, 0, offset + p, 0) - b.coordinate(f, 0, offset + p, 0),
                a.coordinate(f, 0, offset + p, 1) - b.coordinate(f, 0, offset + p, 1)) / shoulder;
            sum += d;
            count++;
            frame += d / numPoints;
          }
          worst = Math.max(worst, frame);
        } else if (inA) {
          onlyA++;
        } else if (inB) {
          onlyB++;
        }
      }
      System.out.printf("%-22s both %3d, only A %3d, only B %3d, mean distance %.2f%% of shoulder width "
          + "(worst frame %.2f%%)%n",
          label, both, onlyA, onlyB, count == 0 ? Double.NaN : 100 * sum / count, 100 * worst);
    }
  }
}
