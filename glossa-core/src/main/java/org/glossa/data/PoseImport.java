package org.glossa.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a Glossa dataset from pose-format {@code .pose} files (MediaPipe Holistic landmarks) and gloss
 * annotations, computing the enhanced features with the same code as the synthetic signer.
 *
 * <p>Files are found either in {@code <poses>/{train,dev,test}/*.pose} (split from the folder) or directly in
 * {@code <poses>/*.pose} (all in the split given). A file's name without {@code .pose} is its sample id, which
 * must be in the annotations.
 */
public final class PoseImport {

  /** What an import did. */
  public record Result(DatasetInfo info, List<Dataset.Problem> problems) {}

  private PoseImport() {}

  public static Result run(Path poses, List<Path> annotationFiles, String flatSplit, FaceSubset faceSubset,
      Path out, boolean overwrite, boolean skipBad) {
    if (!Files.isDirectory(poses)) {
      throw DataException.inFile(poses, "folder of .pose files not found");
    }
    Annotations annotations = Annotations.read(annotationFiles);
    List<String[]> jobs = new ArrayList<>(); // {split, path}
    boolean splitFolders = false;
    for (String split : Dataset.SPLITS) {
      if (Files.isDirectory(poses.resolve(split))) {
        splitFolders = true;
        listPose(poses.resolve(split)).forEach(p -> jobs.add(new String[] {split, p.toString()}));
      }
    }
    if (!splitFolders) {
      if (!Dataset.SPLITS.contains(flatSplit)) {
        throw new IllegalArgumentException("--split must be one of " + Dataset.SPLITS + ", got " + flatSplit);
      }
      listPose(poses).forEach(p -> jobs.add(new String[] {flatSplit, p.toString()}));
    }
    if (jobs.isEmpty()) {
      throw DataException.inFile(poses, "no .pose files found (looked in the folder and in train/, dev/, test/)");
    }
    FeatureLayout layout = EnhancedFeatures.layout(faceSubset);
    DatasetWriter writer = new DatasetWriter(out, overwrite);
    List<Dataset.Problem> problems = new ArrayList<>();
    float fps = 0;
    try {
      int index = 0;
      for (String[] job : jobs) {
        Path file = Path.of(job[1]);
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".pose".length());
        try {
          Annotations.Entry annotation = annotations.get(id);
          if (annotation == null) {
            throw DataException.inSample(file, id, "no annotation for this id in "
                + (annotationFiles.isEmpty() ? "(no --annotations given)" : annotationFiles));
          }
          LandmarkSequence landmarks = LandmarkSequence.fromPose(PoseFile.read(file), file);
          float[][] features;
          try {
            features = EnhancedFeatures.compute(landmarks, faceSubset);
          } catch (DataException e) {
            throw DataException.inSample(file, id, e.getMessage());
          }
          fps = fps == 0 ? landmarks.fps() : fps;
          writer.add(job[0], index++, id, annotation.signer(), annotation.glosses(), features, layout.featureDim());
        } catch (DataException e) {
          if (!skipBad) {
            throw e;
          }
          problems.add(new Dataset.Problem(job[0], id, e.getMessage()));
        }
      }
      if (index == 0) {
        throw DataException.inFile(poses, "every .pose file was bad; nothing to write");
      }
      DatasetInfo info = writer.finish(out.getFileName().toString(), fps, layout,
          "enhanced-holistic-v1/" + faceSubset.name().toLowerCase(), "imported from " + poses.toAbsolutePath());
      return new Result(info, problems);
    } catch (RuntimeException e) {
      writer.abandon();
      throw e;
    }
  }

  private static List<Path> listPose(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".pose")).sorted().toList();
    } catch (IOException e) {
      throw DataException.inFile(dir, "cannot list: " + e.getMessage());
    }
  }
}
