// MediaPipe Holistic as Glossa runs it, shared by the live page (app.js) and the video extraction page
// (extract.js): one configuration and one landmark message format, so extracted and live landmarks agree.
'use strict';

const GlossaHolistic = {
  /** A Holistic solution loading its files from this server; onFrame gets (frame message, results). */
  create(complexity, onFrame) {
    const holistic = new Holistic({ locateFile: (file) => `mediapipe/holistic/${file}` });
    GlossaHolistic.configure(holistic, complexity);
    holistic.onResults((results) => onFrame(GlossaHolistic.frameOf(results), results));
    return holistic;
  },

  configure(holistic, complexity) {
    holistic.setOptions({
      modelComplexity: complexity,
      smoothLandmarks: true,
      refineFaceLandmarks: false, // 468 face points, as the .pose files of the Python API
      minDetectionConfidence: 0.5,
      minTrackingConfidence: 0.5,
    });
  },

  /** Holistic results as the WebSocket's frame message: normalised [x, y, z(, visibility)] per point. */
  frameOf(results) {
    const points = (landmarks) => (landmarks ? landmarks.map((p) => [p.x, p.y, p.z]) : null);
    return {
      type: 'frame',
      pose: results.poseLandmarks ? results.poseLandmarks.map((p) => [p.x, p.y, p.z, p.visibility]) : null,
      face: points(results.faceLandmarks),
      left_hand: points(results.leftHandLandmarks),
      right_hand: points(results.rightHandLandmarks),
    };
  },
};
