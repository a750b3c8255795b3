package org.glossa.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.glossa.data.Holistic;
import org.glossa.data.LandmarkSequence;

/**
 * Renders a gloss sentence signed by a synthetic signer into MediaPipe-Holistic-shaped landmarks.
 *
 * <p>The sentence starts and ends at rest (hands low, often lost by the detector). Each sign is its
 * lexical form placed in the signer's space: its location pulled toward the neighbouring signs'
 * (coarticulation), its path scaled by the signer's amplitude, its duration by their speed. Between signs the
 * hands travel on minimum-jerk arcs while the handshape morphs (movement epenthesis). Arms follow the hands
 * by two-link inverse kinematics; the face carries blinks and the signs' facial markers. Finally landmark
 * noise and missed hand detections (more likely for fast or resting hands, and in bursts) are applied.
 *
 * <p>Tempo: every duration (rests, signs, transitions) is scaled so that a sentence has the configured frames
 * per gloss on average ({@link SynthConfig#framesPerGloss}); at a set tempo some signs also end in a short hold,
 * as real signers' do. The original tempo ({@link SynthConfig#ORIGINAL_TEMPO}) has no holds and scale 1.
 *
 * <p>Geometry works in body units (shoulder width 1, origin at the shoulder midpoint, y down); a hand's state
 * is kept in "canonical" coordinates, as if it were the right hand, and mirrored when drawn as a left hand.
 */
final class SignerRenderer {

  /** State of one hand in a frame, canonical (right-hand) coordinates. */
  record HandState(float x, float y, Handshape shape, float roll, float yaw, float scale, float wiggle) {
    static HandState lerp(HandState a, HandState b, float t) {
      return new HandState(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, Handshape.blend(a.shape, b.shape, t),
          a.roll + (b.roll - a.roll) * t, a.yaw + (b.yaw - a.yaw) * t, a.scale + (b.scale - a.scale) * t,
          a.wiggle + (b.wiggle - a.wiggle) * t);
    }
  }

  /** Everything that moves in one frame. */
  record FrameState(HandState dominant, HandState other, SignSpec.FaceMarker marker, float markerStrength,
      float markerPhase) {}

  private static final HandState REST_DOMINANT = new HandState(-0.35f, 1.18f, Handshape.REST, 2.9f, 1.0f, 1f, 0f);
  private static final HandState REST_OTHER = new HandState(-0.38f, 1.2f, Handshape.REST, 2.9f, 1.0f, 1f, 0f);

  /**
   * Frames per gloss of the original durations at 25 fps with holds, rests included, calibrated on the default
   * corpus (3-8 glosses a sentence): a tempo's duration scale is its frames per gloss over this. Measured with
   * it, 300 sentences: 10.3, 13.1, 20.0 and 30.0 frames per gloss for tempos 10, 13, 20 and 30.
   */
  static final float FRAMES_PER_GLOSS_AT_SCALE_1 = 29.5f;
  /** Share of signs that end in a hold of 1-3 frames (at 25 fps and scale 1), at a set tempo. */
  private static final double HOLD_PROBABILITY = 0.3;

  private final Lexicon lexicon;
  private final Difficulty difficulty;
  private final float fps;
  private final float tempoScale;
  private final double holdProbability;
  private final float missingHands;

  SignerRenderer(Lexicon lexicon, Difficulty difficulty, float fps, float framesPerGloss, float missingHands) {
    this.missingHands = missingHands;
    this.lexicon = lexicon;
    this.difficulty = difficulty;
    this.fps = fps;
    boolean original = framesPerGloss == SynthConfig.ORIGINAL_TEMPO;
    this.tempoScale = original ? 1f : framesPerGloss / FRAMES_PER_GLOSS_AT_SCALE_1;
    this.holdProbability = original ? 0 : HOLD_PROBABILITY;
  }

  LandmarkSequence render(List<String> glosses, SignerProfile signer, Random random) {
    List<FrameState> frames = animate(glosses, signer, random);
    LandmarkSequence sequence = LandmarkSequence.empty(frames.size(), fps);
    float swayAmplitude = 0.015f + 0.02f * random.nextFloat();
    float swayPeriod = 40 + 40 * random.nextFloat();
    boolean[] previouslyDropped = new boolean[2];
    HandPoints[] previous = new HandPoints[2];
    int blinkLeft = 0;
    for (int f = 0; f < frames.size(); f++) {
      FrameState state = frames.get(f);
      float sway = (float) (swayAmplitude * Math.sin(2 * Math.PI * f / swayPeriod));
      // Dominant hand is the right hand for right-handers; drawn mirrored as the left hand for left-handers.
      HandPoints dominant = handPoints(state.dominant(), signer.leftHanded(), signer, sway);
      HandPoints other = handPoints(state.other(), !signer.leftHanded(), signer, sway);
      HandPoints right = signer.leftHanded() ? other : dominant;
      HandPoints left = signer.leftHanded() ? dominant : other;
      if (blinkLeft > 0) {
        blinkLeft--;
      } else if (random.nextDouble() < 0.02) {
        blinkLeft = 3;
      }
      drawPose(sequence, f, signer, sway, state, left, right, random);
      drawFace(sequence, f, signer, sway, state, blinkLeft > 0, random);
      HandPoints[] hands = {left, right};
      Holistic.Part[] parts = {Holistic.Part.LEFT_HAND, Holistic.Part.RIGHT_HAND};
      for (int h = 0; h < 2; h++) {
        float speed = previous[h] == null ? 0 : hands[h].distanceTo(previous[h]);
        previous[h] = hands[h];
        double drop = signer.dropRate();
        drop += speed > 0.12f ? 0.25 * difficulty.dropRate / 0.04 * missingHands : 0;
        drop += hands[h].wristY > 1.0f ? 0.35 : 0;
        if (previouslyDropped[h]) {
          drop = Math.max(drop, 0.55);
        }
        boolean dropped = random.nextDouble() < Math.min(0.95, drop);
        previouslyDropped[h] = dropped;
        if (!dropped) {
          for (int p = 0; p < 21; p++) {
            setPoint(sequence, parts[h], f, p, hands[h].x[p], hands[h].y[p], 0.008f * signer.noise(), signer,
                random);
          }
        }
      }
    }
    return sequence;
  }

  // ---- animation: glosses -> per-frame states ----

  private List<FrameState> animate(List<String> glosses, SignerProfile signer, Random random) {
    float frameScale = fps / 25f * tempoScale;
    List<FrameState> frames = new ArrayList<>();
    FrameState rest = new FrameState(REST_DOMINANT, REST_OTHER, SignSpec.FaceMarker.NONE, 0, 0);
    int restFrames = Math.round((4 + random.nextInt(6)) * frameScale);
    for (int i = 0; i < restFrames; i++) {
      frames.add(rest);
    }
    FrameState last = rest;
    for (int i = 0; i < glosses.size(); i++) {
      SignSpec sign = lexicon.byGloss.get(glosses.get(i));
      float[] location = coarticulatedLocation(glosses, i, signer);
      float durationScale = (0.85f + 0.3f * random.nextFloat()) / signer.speed()
          * (i == glosses.size() - 1 ? 1.2f : 1f);
      int length = Math.max(4, Math.round(sign.durationFrames() * sign.movement().durationFactor() * durationScale
          * frameScale));
      List<FrameState> signFrames = new ArrayList<>(length);
      for (int k = 0; k < length; k++) {
        signFrames.add(signFrame(sign, location, (k + 0.5f) / length, signer));
      }
      addTransition(frames, last, signFrames.get(0), signer, frameScale);
      frames.addAll(signFrames);
      last = signFrames.get(length - 1);
      if (holdProbability > 0 && random.nextDouble() < holdProbability) {
        int hold = Math.max(1, Math.round((1 + random.nextInt(3)) * frameScale));
        for (int k = 0; k < hold; k++) {
          frames.add(last);
        }
      }
    }
    addTransition(frames, last, rest, signer, frameScale);
    int endFrames = Math.round((4 + random.nextInt(6)) * frameScale);
    for (int i = 0; i < endFrames; i++) {
      frames.add(rest);
    }
    return frames;
  }

  private float[] coarticulatedLocation(List<String> glosses, int i, SignerProfile signer) {
    SignLocation own = lexicon.byGloss.get(glosses.get(i)).location();
    float x = own.x;
    float y = own.y;
    float pullX = 0;
    float pullY = 0;
    int neighbours = 0;
    for (int j : new int[] {i - 1, i + 1}) {
      if (j >= 0 && j < glosses.size()) {
        SignLocation other = lexicon.byGloss.get(glosses.get(j)).location();
        pullX += other.x - x;
        pullY += other.y - y;
        neighbours++;
      }
    }
    if (neighbours > 0) {
      x += difficulty.coarticulation * pullX / neighbours;
      y += difficulty.coarticulation * pullY / neighbours;
    }
    return new float[] {x + signer.biasX(), y + signer.biasY()};
  }

  private FrameState signFrame(SignSpec sign, float[] location, float s, SignerProfile signer) {
    float amplitude = sign.amplitude() * signer.amplitude();
    float[] offset = sign.movement().offset(s, amplitude);
    float eased = s * s * (3 - 2 * s);
    Handshape shape = Handshape.blend(sign.handshape(), sign.endHandshape(), eased).lax(signer.laxness());
    HandState dominant = new HandState(location[0] + offset[0], location[1] + offset[1], shape,
        sign.roll() + sign.movement().roll(s), sign.yaw(), sign.movement().approach(s), sign.movement().wiggle(s));
    HandState other = switch (sign.twoHanded()) {
      case ONE -> REST_OTHER;
      case SYMMETRIC -> dominant;
      case ALTERNATING -> {
        float[] shifted = sign.movement().offset((s + 0.5f) % 1f, amplitude);
        yield new HandState(location[0] + shifted[0], location[1] + shifted[1], shape,
            sign.roll() + sign.movement().roll((s + 0.5f) % 1f), sign.yaw(), sign.movement().approach(1 - s),
            sign.movement().wiggle((s + 0.5f) % 1f));
      }
      case ON_BASE -> new HandState(-0.08f, 0.55f, Handshape.ALL[0].lax(signer.laxness()), -1.45f, 1.3f, 1f, 0f);
    };
    float strength = (float) Math.sqrt(Math.sin(Math.PI * s));
    return new FrameState(dominant, other, sign.faceMarker(), strength, s);
  }

  /** Movement epenthesis: a minimum-jerk arc from one state to the next, its length set by the distance. */
  private void addTransition(List<FrameState> frames, FrameState from, FrameState to, SignerProfile signer,
      float frameScale) {
    float distance = (float) Math.hypot(to.dominant().x() - from.dominant().x(), to.dominant().y() - from.dominant().y());
    int length = Math.max(2, Math.round((3 + 7 * distance) / signer.speed() * frameScale));
    for (int k = 1; k <= length; k++) {
      float t = (float) k / (length + 1);
      float u = t * t * t * (10 - 15 * t + 6 * t * t);
      float arc = (float) (0.08 * distance * Math.sin(Math.PI * t));
      HandState d = HandState.lerp(from.dominant(), to.dominant(), u);
      HandState o = HandState.lerp(from.other(), to.other(), u);
      frames.add(new FrameState(new HandState(d.x(), d.y() + arc, d.shape(), d.roll(), d.yaw(), d.scale(), d.wiggle()),
          o, SignSpec.FaceMarker.NONE, 0, 0));
    }
  }

  // ---- drawing: states -> landmarks ----

  /** The 21 landmarks of a hand in body units. */
  static final class HandPoints {
    final float[] x = new float[21];
    final float[] y = new float[21];
    float wristY;

    float distanceTo(HandPoints other) {
      return (float) Math.hypot(x[9] - other.x[9], y[9] - other.y[9]);
    }
  }

  // Right hand, palm toward the camera, fingers up; z points away from the camera.
  private static final float[][] MCP = {{0.05f, -0.04f}, {0.055f, -0.21f}, {0.012f, -0.22f}, {-0.03f, -0.205f},
      {-0.065f, -0.18f}};
  private static final float[][] SEGMENTS = {{0.085f, 0.065f, 0.055f}, {0.105f, 0.062f, 0.05f},
      {0.115f, 0.07f, 0.052f}, {0.105f, 0.066f, 0.05f}, {0.085f, 0.05f, 0.045f}};

  private static HandPoints handPoints(HandState state, boolean mirror, SignerProfile signer, float sway) {
    float[][] local = new float[21][3];
    float spread = state.shape().spread();
    for (int finger = 0; finger < 5; finger++) {
      float curl = Math.min(1f, state.shape().curl()[finger] + (finger > 0 ? state.wiggle() : 0));
      float[] base = MCP[finger];
      int first = 1 + 4 * finger;
      float[] position = {base[0], base[1], 0};
      float[] direction;
      if (finger == 0) {
        direction = normalise(new float[] {0.75f, -0.66f, 0});
      } else {
        float splay = new float[] {0, 0.12f * spread + 0.03f, 0.02f, -0.1f * spread, -0.22f * spread - 0.05f}[finger];
        direction = normalise(new float[] {splay, -1, 0});
      }
      // thumb: CMC is landmark 1; fingers: MCP is landmark first
      local[first] = position.clone();
      float angle = 0;
      for (int joint = 0; joint < 3; joint++) {
        float[] d;
        if (finger == 0) {
          float t = Math.min(1f, curl * (0.6f + 0.3f * joint));
          float[] across = normalise(new float[] {-0.9f, -0.3f, -0.3f});
          d = normalise(new float[] {direction[0] + (across[0] - direction[0]) * t,
              direction[1] + (across[1] - direction[1]) * t, direction[2] + (across[2] - direction[2]) * t});
        } else {
          boolean hooked = state.shape().hooked()[finger];
          float flex = hooked ? new float[] {0.15f, 1.8f, 1.3f}[joint] * (joint == 0 ? 1 : curl)
              : new float[] {1.45f, 1.7f, 1.1f}[joint] * curl;
          angle += flex;
          d = new float[] {(float) (Math.cos(angle) * direction[0]), (float) (Math.cos(angle) * direction[1]),
              (float) -Math.sin(angle)};
        }
        float length = SEGMENTS[finger][joint];
        position = new float[] {position[0] + d[0] * length, position[1] + d[1] * length, position[2] + d[2] * length};
        local[first + joint + 1] = position;
      }
    }
    // local[0] is the wrist at the origin
    float scale = 1.1f * signer.handScale() * state.scale();
    double cosYaw = Math.cos(state.yaw());
    double sinYaw = Math.sin(state.yaw());
    double cosRoll = Math.cos(state.roll());
    double sinRoll = Math.sin(state.roll());
    HandPoints points = new HandPoints();
    float palmX = 0;
    float palmY = 0;
    float[] rx = new float[21];
    float[] ry = new float[21];
    for (int p = 0; p < 21; p++) {
      double x = local[p][0] * cosYaw + local[p][2] * sinYaw; // turn about the vertical axis
      double y = local[p][1];
      rx[p] = (float) ((x * cosRoll - y * sinRoll) * scale);  // roll in the image plane
      ry[p] = (float) ((x * sinRoll + y * cosRoll) * scale);
    }
    palmX = (rx[0] + rx[9]) / 2;
    palmY = (ry[0] + ry[9]) / 2;
    for (int p = 0; p < 21; p++) {
      float x = state.x() + rx[p] - palmX;
      points.x[p] = (mirror ? -x : x) + sway;
      points.y[p] = state.y() + ry[p] - palmY;
    }
    points.wristY = points.y[0];
    return points;
  }

  private void drawPose(LandmarkSequence sequence, int f, SignerProfile signer, float sway, FrameState state,
      HandPoints left, HandPoints right, Random random) {
    float noise = 0.006f * signer.noise();
    float[] head = headCentre(signer, sway, state);
    float hs = signer.headScale();
    float[][] headPoints = {{0, 0.05f}, {0.06f, -0.08f}, {0.11f, -0.08f}, {0.16f, -0.08f}, {-0.06f, -0.08f},
        {-0.11f, -0.08f}, {-0.16f, -0.08f}, {0.3f, -0.02f}, {-0.3f, -0.02f}, {0.07f, 0.2f}, {-0.07f, 0.2f}};
    for (int p = 0; p < headPoints.length; p++) {
      setPoint(sequence, Holistic.Part.POSE, f, p, head[0] + headPoints[p][0] * hs, head[1] + headPoints[p][1] * hs,
          noise, signer, random);
    }
    // Shoulders lift a little when a hand works high up.
    float leftLift = left.wristY < -0.3f ? 0.04f : 0f;
    float rightLift = right.wristY < -0.3f ? 0.04f : 0f;
    float[] leftShoulder = {0.5f + sway, -leftLift};
    float[] rightShoulder = {-0.5f + sway, -rightLift};
    setPoint(sequence, Holistic.Part.POSE, f, Holistic.LEFT_SHOULDER, leftShoulder[0], leftShoulder[1], noise, signer, random);
    setPoint(sequence, Holistic.Part.POSE, f, Holistic.RIGHT_SHOULDER, rightShoulder[0], rightShoulder[1], noise, signer,
        random);
    drawArm(sequence, f, leftShoulder, left, +1, Holistic.LEFT_SHOULDER, signer, noise, random);
    drawArm(sequence, f, rightShoulder, right, -1, Holistic.RIGHT_SHOULDER, signer, noise, random);
    float[][] lower = {{0.38f, 1.7f}, {-0.38f, 1.7f}, {0.4f, 2.6f}, {-0.4f, 2.6f}, {0.42f, 3.4f}, {-0.42f, 3.4f},
        {0.44f, 3.5f}, {-0.44f, 3.5f}, {0.4f, 3.6f}, {-0.4f, 3.6f}};
    for (int p = 0; p < lower.length; p++) {
      setPoint(sequence, Holistic.Part.POSE, f, 23 + p, lower[p][0] + sway * 0.3f, lower[p][1], noise, signer, random);
    }
  }

  /** Elbow by two-link inverse kinematics, bending outward and down; wrist and hand points from the hand. */
  private void drawArm(LandmarkSequence sequence, int f, float[] shoulder, HandPoints hand, int side,
      int shoulderIndex, SignerProfile signer, float noise, Random random) {
    float upper = 0.62f * signer.armScale();
    float fore = 0.58f * signer.armScale();
    float dx = hand.x[0] - shoulder[0];
    float dy = hand.y[0] - shoulder[1];
    float distance = (float) Math.hypot(dx, dy);
    float reach = Math.min(distance, (upper + fore) * 0.999f);
    reach = Math.max(reach, Math.abs(upper - fore) + 1e-3f);
    double base = Math.atan2(dy, dx);
    double cosInner = (upper * upper + reach * reach - fore * fore) / (2 * upper * reach);
    double inner = Math.acos(Math.max(-1, Math.min(1, cosInner)));
    // Two solutions; keep the elbow on the outer side of the body.
    double a1 = base + inner;
    double a2 = base - inner;
    float e1x = (float) (shoulder[0] + upper * Math.cos(a1));
    float e2x = (float) (shoulder[0] + upper * Math.cos(a2));
    double angle = (e1x - e2x) * side > 0 ? a1 : a2;
    float elbowX = (float) (shoulder[0] + upper * Math.cos(angle));
    float elbowY = (float) (shoulder[1] + upper * Math.sin(angle));
    int elbow = shoulderIndex + 2;
    setPoint(sequence, Holistic.Part.POSE, f, elbow, elbowX, elbowY, noise, signer, random);
    setPoint(sequence, Holistic.Part.POSE, f, elbow + 2, hand.x[0], hand.y[0], noise, signer, random);
    setPoint(sequence, Holistic.Part.POSE, f, elbow + 4, hand.x[17], hand.y[17], noise, signer, random); // pinky
    setPoint(sequence, Holistic.Part.POSE, f, elbow + 6, hand.x[5], hand.y[5], noise, signer, random);   // index
    setPoint(sequence, Holistic.Part.POSE, f, elbow + 8, hand.x[2], hand.y[2], noise, signer, random);   // thumb
  }

  private static float[] headCentre(SignerProfile signer, float sway, FrameState state) {
    float x = sway * 1.3f;
    float y = -0.78f * signer.headScale();
    float phase = (float) Math.sin(4 * Math.PI * state.markerPhase()) * state.markerStrength();
    if (state.marker() == SignSpec.FaceMarker.HEAD_SHAKE) {
      x += 0.07f * phase;
    } else if (state.marker() == SignSpec.FaceMarker.HEAD_NOD) {
      y += 0.06f * phase;
    }
    return new float[] {x, y};
  }

  private void drawFace(LandmarkSequence sequence, int f, SignerProfile signer, float sway, FrameState state,
      boolean blink, Random random) {
    if (random.nextDouble() < 0.01) {
      return; // face missed by the detector
    }
    float[] head = headCentre(signer, sway, state);
    float hs = signer.headScale();
    float m = state.markerStrength();
    SignSpec.FaceMarker marker = state.marker();
    float noise = 0.003f * signer.noise();
    for (int p = 0; p < 468; p++) {
      float x = FaceTemplate.X[p];
      float y = FaceTemplate.Y[p];
      int region = FaceTemplate.REGION[p];
      if (region == FaceTemplate.BROW) {
        if (marker == SignSpec.FaceMarker.BROWS_UP) {
          y -= 0.06f * m;
        } else if (marker == SignSpec.FaceMarker.BROWS_DOWN) {
          y += 0.035f * m;
          x *= 1 - 0.15f * m;
        }
      } else if (region == FaceTemplate.LOWER_LIP && marker == SignSpec.FaceMarker.MOUTH_OPEN) {
        y += 0.07f * m;
      } else if ((region == FaceTemplate.LOWER_LIP || region == FaceTemplate.UPPER_LIP)
          && marker == SignSpec.FaceMarker.LIPS_ROUND) {
        x *= 1 - 0.4f * m;
      } else if (region == FaceTemplate.UPPER_LID) {
        if (blink) {
          y = FaceTemplate.EYE_Y + 0.012f;
        } else if (marker == SignSpec.FaceMarker.BROWS_UP) {
          y -= 0.01f * m;
        }
      }
      setPoint(sequence, Holistic.Part.FACE, f, p, head[0] + x * hs, head[1] + y * hs, noise, signer, random);
    }
  }

  private static float[] normalise(float[] v) {
    float norm = (float) Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return new float[] {v[0] / norm, v[1] / norm, v[2] / norm};
  }

  private static void setPoint(LandmarkSequence sequence, Holistic.Part part, int f, int p, float x, float y,
      float noise, SignerProfile signer, Random random) {
    float nx = x + (float) random.nextGaussian() * noise;
    float ny = y + (float) random.nextGaussian() * noise;
    sequence.set(part, f, p, signer.centreX() + nx * signer.shoulderPx(), signer.centreY() + ny * signer.shoulderPx());
  }
}
