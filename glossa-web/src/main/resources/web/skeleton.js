// The skeleton drawing shared by the live page (app.js) and the pages of `glossa recognize --html`, which inline
// this file. A frame is the WebSocket's frame message: per part an array of [x, y, ...] points (null where not
// placed), or null where the part was not detected.
'use strict';

const GlossaSkeleton = (() => {
  // Skeleton lines: MediaPipe pose indices (upper body; the legs say nothing about signs) and hand indices.
  const POSE_LINES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [15, 17], [15, 19], [15, 21], [16, 18], [16, 20], [16, 22], [0, 2], [0, 5], [2, 7], [5, 8], [9, 10]];
  const HAND_LINES = [[0, 1], [1, 2], [2, 3], [3, 4], [0, 5], [5, 6], [6, 7], [7, 8], [5, 9], [9, 10], [10, 11],
    [11, 12], [9, 13], [13, 14], [14, 15], [15, 16], [13, 17], [17, 18], [18, 19], [19, 20], [0, 17]];
  const PART_STYLE = {
    pose: { color: '#f2c14e', lines: POSE_LINES, radius: 3 },
    face: { color: 'rgba(180, 220, 255, 0.7)', lines: [], radius: 1 },
    left_hand: { color: '#e4572e', lines: HAND_LINES, radius: 3 },
    right_hand: { color: '#29bf12', lines: HAND_LINES, radius: 3 },
  };

  return {
    /** Draws one frame's landmarks; sx, sy turn its coordinates into canvas pixels. */
    draw(context, frame, sx, sy) {
      for (const [part, style] of Object.entries(PART_STYLE)) {
        const points = frame[part];
        if (!points) {
          continue;
        }
        const at = (i) => (points[i] ? [points[i][0] * sx, points[i][1] * sy] : null);
        context.strokeStyle = style.color;
        context.fillStyle = style.color;
        context.lineWidth = 2;
        for (const [a, b] of style.lines) {
          const p = at(a);
          const q = at(b);
          if (p && q) {
            context.beginPath();
            context.moveTo(p[0], p[1]);
            context.lineTo(q[0], q[1]);
            context.stroke();
          }
        }
        for (let i = 0; i < points.length; i++) {
          const p = at(i);
          if (p && (part !== 'pose' || i <= 24)) {
            context.beginPath();
            context.arc(p[0], p[1], style.radius, 0, 2 * Math.PI);
            context.fill();
          }
        }
      }
    },
  };
})();
