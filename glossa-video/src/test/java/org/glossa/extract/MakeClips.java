package org.glossa.extract;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Writes the engine comparison's clips into a folder (bench/landmarks uses them): java ... MakeClips OUT [LONG]; with
 * LONG, also two 10-second 640x400 clips there for throughput.
 */
public final class MakeClips {

  private MakeClips() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    BufferedImage photo = TestVideos.read(TestVideos.PERSON_PHOTO);
    TestVideos.clip(photo, 640, 400, 50, "mp4", out.resolve("person-640x400.mp4"));
    TestVideos.motionClip(photo, 640, 400, 125, out.resolve("person-moving-640x400.mp4"));
    BufferedImage hand = TestVideos.part(photo, 320, 130, 80, 70, 320, 280);
    TestVideos.clip(hand, 320, 280, 20, "mp4", out.resolve("hand-only.mp4"));
    BufferedImage face = TestVideos.part(photo, 195, 55, 90, 90, 300, 300);
    TestVideos.clip(face, 300, 300, 20, "mp4", out.resolve("face-only.mp4"));
    if (args.length > 1) {
      Path longer = Path.of(args[1]);
      TestVideos.motionClip(photo, 640, 400, 250, longer.resolve("person-moving-10s.mp4"));
      TestVideos.clip(photo, 640, 400, 250, "mp4", longer.resolve("person-10s.mp4"));
    }
  }
}
