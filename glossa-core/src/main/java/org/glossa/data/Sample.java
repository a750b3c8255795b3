package org.glossa.data;

import java.util.List;

/**
 * One signed sentence: its id, signer, reference glosses and features.
 *
 * @param features [numFrames, featureDim]
 */
public record Sample(String id, String signer, List<String> glosses, float[][] features) {
  public Sample {
    glosses = List.copyOf(glosses);
  }

  public int numFrames() {
    return features.length;
  }
}
