package org.glossa.data.synth;

/**
 * The phonological form of one gloss: the parameters sign linguists describe (handshape, location, movement,
 * orientation) plus two-handedness and a facial marker. Two glosses of a minimal pair differ in one of them.
 *
 * @param endHandshape handshape at the end of the sign (equal to {@code handshape} for most signs)
 * @param roll         in-plane rotation of the hand, radians (0 = fingers up)
 * @param yaw          turn of the palm away from the camera, radians (0 = palm toward the camera)
 * @param durationFrames lexical duration at 25 fps before signer and context scaling
 */
record SignSpec(String gloss, Handshape handshape, Handshape endHandshape, SignLocation location,
    Movement movement, float amplitude, float roll, float yaw, TwoHanded twoHanded, FaceMarker faceMarker,
    float durationFrames) {

  enum TwoHanded { ONE, SYMMETRIC, ALTERNATING, ON_BASE }

  enum FaceMarker { NONE, BROWS_UP, BROWS_DOWN, MOUTH_OPEN, LIPS_ROUND, HEAD_SHAKE, HEAD_NOD }

  /** The parameters that make the sign's form, for uniqueness checks (the gloss name excluded). */
  String form() {
    return handshape.name() + "|" + endHandshape.name() + "|" + location + "|" + movement + "|" + roll + "|" + yaw
        + "|" + twoHanded + "|" + faceMarker;
  }

  SignSpec withGloss(String name) {
    return new SignSpec(name, handshape, endHandshape, location, movement, amplitude, roll, yaw, twoHanded,
        faceMarker, durationFrames);
  }
}
