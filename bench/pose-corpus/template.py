"""Writes template.json, the real body the corpus generator animates, from a MediaPipe Holistic .pose recording
(the one kept here: pose-format's example.pose, MIT licence in LICENSE-template.txt).

Usage: python3 template.py example.pose > template.json
Kept: the point names of the pose, face and hand components; the median position of every pose and face point
in shoulder widths from the shoulders' midpoint (and its median z); 12 distinct handshapes of each hand (points
relative to the wrist, chosen by farthest-point sampling among the frames where that hand was found).
"""
import json, sys
import numpy as np
import posefmt


def main(path):
    pose = posefmt.read(path)
    names = {c['name']: c['points'] for c in pose['components']}
    sizes = [len(c['points']) for c in pose['components']]
    starts = dict(zip(names, np.cumsum([0] + sizes[:-1]).tolist()))
    data, conf = pose['data'][:, 0], pose['conf'][:, 0]
    body, face = starts['POSE_LANDMARKS'], starts['FACE_LANDMARKS']
    left, right = body + names['POSE_LANDMARKS'].index('LEFT_SHOULDER'), body + names['POSE_LANDMARKS'].index('RIGHT_SHOULDER')
    mid = (np.median(data[:, left, :2], 0) + np.median(data[:, right, :2], 0)) / 2
    width = float(np.linalg.norm(np.median(data[:, left, :2], 0) - np.median(data[:, right, :2], 0)))

    def rest(start, n):
        xy = (np.median(data[:, start:start + n, :2], 0) - mid) / width
        return np.round(xy.astype(float), 4).tolist(), np.round(np.median(data[:, start:start + n, 2], 0).astype(float), 4).tolist()

    def handshapes(start, count=12):
        found = conf[:, start] > 0
        shapes = (data[found, start:start + 21, :2] - data[found, start:start + 1, :2]) / width
        depth = data[found, start:start + 21, 2]
        picked = [0]
        while len(picked) < count:
            distance = np.min([np.abs(shapes - shapes[p]).sum((1, 2)) for p in picked], 0)
            picked.append(int(np.argmax(distance)))
        return np.round(shapes[picked].astype(float), 4).tolist(), np.round(depth[picked].astype(float), 4).tolist()

    pose_xy, pose_z = rest(body, len(names['POSE_LANDMARKS']))
    face_xy, face_z = rest(face, len(names['FACE_LANDMARKS']))
    left_shapes, _ = handshapes(starts['LEFT_HAND_LANDMARKS'])
    right_shapes, _ = handshapes(starts['RIGHT_HAND_LANDMARKS'])
    json.dump(dict(source=path.split('/')[-1], points={k: names[k] for k in
                   ['POSE_LANDMARKS', 'FACE_LANDMARKS', 'LEFT_HAND_LANDMARKS', 'RIGHT_HAND_LANDMARKS']},
                   pose=pose_xy, pose_z=pose_z, face=face_xy, face_z=face_z,
                   left_handshapes=left_shapes, right_handshapes=right_shapes), sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
