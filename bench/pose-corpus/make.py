"""A signing corpus written by a program other than `glossa data synth`: MediaPipe Holistic .pose files (v0.1) and
PHOENIX corpus CSVs, for `glossa data from-pose` and `glossa bench-train --corpus`.

Usage: python3 make.py OUT [--seed 7] [--glosses 80] [--train 600] [--dev 100] [--test 100]

Nothing here is shared with Glossa's generator. The body, face and handshapes are a real person's (template.json,
taken from a MediaPipe recording by template.py); the rest is a small phonology: a gloss is a handshape (one of 8,
sometimes changing halfway), a location (one of 6 around the body), a movement (one of 6) and whether the other
hand mirrors the signing hand, holds still as a base or rests, with mouthing, raised brows or a nod on some. With
80 glosses out of 288 combinations many glosses differ in one parameter only. Signers (8 for training, 2 for dev
and 2 others for test) differ in size and framing, speed, how far each location lies from where the lexicon puts
it, movement size, how lax their handshapes are, hand orientation and sloppiness; each sign carries over from the
one before and anticipates the next, with its own timing curve. A detector model drops hands in bursts (more
during fast movement, a resting left hand mostly) and jitters every point. About 15.5 frames per gloss at 25 fps.
"""
import argparse
import json
import os

import numpy as np

import posefmt

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = json.load(open(os.path.join(HERE, 'template.json')))
BODY = np.array(TEMPLATE['pose'])
FACE = np.array(TEMPLATE['face'])
BODY_Z, FACE_Z = np.array(TEMPLATE['pose_z']), np.array(TEMPLATE['face_z'])
RIGHT_SHAPES = np.array(TEMPLATE['right_handshapes'])
LEFT_SHAPES = np.array(TEMPLATE['left_handshapes'])
COMPONENTS = [dict(name=name, format='XYZC', points=TEMPLATE['points'][name], limbs=[], colors=[(255, 255, 255)])
              for name in ['POSE_LANDMARKS', 'FACE_LANDMARKS', 'LEFT_HAND_LANDMARKS', 'RIGHT_HAND_LANDMARKS']]
POINTS = 33 + 468 + 21 + 21
LEFT_HAND, RIGHT_HAND = 501, 522

HANDSHAPES, MOVEMENTS = 8, 6
# in shoulder widths from the shoulders' midpoint, y down; the signer's right hand is on the image's left (x < 0)
LOCATIONS = np.array([[-0.05, -0.75], [0.0, -0.35], [-0.35, -0.5], [0.0, 0.45], [-0.45, 0.45], [-0.3, 1.25]])
REST_RIGHT, REST_LEFT = np.array([-0.35, 1.7]), np.array([0.35, 1.7])
LOWER_LIP = [14, 87, 178, 88, 95, 78, 317, 402, 318, 324, 308, 17, 84, 181, 91, 146, 314, 405, 321, 375, 291, 152]
BROWS = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46, 336, 296, 334, 293, 300, 285, 295, 282, 283, 276]


def movement(kind, t, size):
    """Offset of the hand from the sign's location at time t in [0, 1]."""
    if kind == 0:
        return np.array([0.04 * np.sin(6 * np.pi * t), 0.0])  # hold, with a small tremor
    if kind == 1:
        return np.array([0.0, size * (t - 0.5)])  # down
    if kind == 2:
        return np.array([size * (t - 0.5), 0.0])  # sideways
    if kind == 3:
        return size * 0.5 * np.array([np.cos(2 * np.pi * t) - 1, np.sin(2 * np.pi * t)])  # circle
    if kind == 4:
        return size * np.array([t - 0.5, -0.6 * np.sin(np.pi * t)])  # arc
    return np.array([0.0, -0.25 * size * abs(np.sin(2 * np.pi * t))])  # two taps


def rotate(shape, angle):
    c, s = np.cos(angle), np.sin(angle)
    return shape @ np.array([[c, -s], [s, c]]).T


def lexicon(rng, size):
    combinations, glosses = set(), []
    while len(glosses) < size:
        key = (int(rng.integers(HANDSHAPES)), int(rng.integers(len(LOCATIONS))), int(rng.integers(MOVEMENTS)))
        if key in combinations:
            continue
        combinations.add(key)
        handshape, location, move = key
        glosses.append(dict(
            handshape=handshape, location=location, movement=move, size=rng.uniform(0.2, 0.4),
            angle=rng.uniform(-0.6, 0.6),
            second_handshape=int(rng.integers(HANDSHAPES)) if rng.random() < 0.25 else handshape,
            other_hand=rng.choice(['rest', 'mirror', 'base'], p=[0.55, 0.25, 0.2]),
            other_handshape=int(rng.integers(len(LEFT_SHAPES))), mouth=rng.random() < 0.3,
            brows=rng.random() < 0.15, nod=rng.random() < 0.1, frames=rng.uniform(8.5, 13.5)))
    return glosses


def signer(index):
    r = np.random.default_rng(1000 + index)
    return dict(scale=r.uniform(0.8, 1.25), speed=r.uniform(0.75, 1.3), locations=r.normal(0, 0.2, LOCATIONS.shape),
                amplitude=r.uniform(0.7, 1.3), lax=r.uniform(0.1, 0.6), rotation=r.normal(0, 0.2),
                offset=np.array([r.uniform(-60, 60), r.uniform(-30, 30)]), miss=r.uniform(0.01, 0.06),
                jitter=r.uniform(0.02, 0.035), sloppiness=r.uniform(0.1, 0.18))


def sentence(rng, successors, length):
    """Gloss indices; 60% of the time a gloss follows one of its six usual successors (a bigram grammar)."""
    glosses = [int(rng.integers(len(successors)))]
    while len(glosses) < length:
        follow = rng.random() < 0.6
        glosses.append(int(rng.choice(successors[glosses[-1]])) if follow else int(rng.integers(len(successors))))
    return glosses


def hand_track(rng, lex, glosses, sg):
    """Per frame: right wrist, left wrist, right handshape, left handshape, mouth, brows, nod (shoulder widths)."""
    frames = []

    def add(right, left, right_shape, left_shape, mouth=0.0, brows=0.0, nod=0.0):
        frames.append((right, left, right_shape, left_shape, mouth, brows, nod))

    def shape(index, angle):
        lax = (1 - sg['lax']) * RIGHT_SHAPES[index] + sg['lax'] * RIGHT_SHAPES[0]
        return rotate(lax, angle + sg['rotation'])

    rest = int(rng.integers(3, 9))
    for _ in range(rest):
        add(REST_RIGHT, REST_LEFT, RIGHT_SHAPES[0], LEFT_SHAPES[0])
    signs = []
    for g in glosses:
        entry = lex[g]
        centre = LOCATIONS[entry['location']] + sg['locations'][entry['location']] + rng.normal(0, sg['sloppiness'], 2)
        size = entry['size'] * sg['amplitude'] * rng.normal(1, 0.15)
        length = max(5, int(round(entry['frames'] / sg['speed'] * rng.uniform(0.75, 1.25))))
        signs.append((entry, centre, size, length, rng.uniform(0.7, 1.4)))
    for i, (entry, centre, size, length, timing) in enumerate(signs):
        right, left, right_shape, left_shape = frames[-1][:4]
        start = centre + movement(entry['movement'], 0.0, size)
        first_shape = shape(entry['handshape'], entry['angle'])
        left_target = REST_LEFT + rng.normal(0, 0.03, 2) if entry['other_hand'] == 'rest' else left
        transition = max(1, int(round(rng.uniform(1, 3.5) / sg['speed'])))
        for k in range(1, transition + 1):
            a = k / (transition + 1)
            add(right + (start - right) * a, left + (left_target - left) * a, first_shape if a > 0.5 else right_shape,
                left_shape)
        following = signs[i + 1][1] if i + 1 < len(signs) else REST_RIGHT
        for k in range(length):
            t = (k / max(1, length - 1)) ** timing
            wrist = centre + movement(entry['movement'], t, size)
            if k < length * 0.25:  # carried over from the sign before
                wrist = wrist + 0.4 * (1 - k / (length * 0.25)) * (frames[-1][0] - wrist)
            if k > length * 0.8:  # anticipating the next one
                wrist = wrist + 0.3 * (k - length * 0.8) / (length * 0.2) * (following - wrist)
            hand = shape(entry['handshape'] if t < 0.5 else entry['second_handshape'], entry['angle'])
            if entry['other_hand'] == 'mirror':
                other, other_shape = wrist * [-1, 1], LEFT_SHAPES[entry['other_handshape']]
            elif entry['other_hand'] == 'base':
                base = LOCATIONS[entry['location']] * [-1, 1] + [0.3, 0.2]
                other, other_shape = base + rng.normal(0, 0.01, 2), LEFT_SHAPES[entry['other_handshape']]
            else:
                other, other_shape = frames[-1][1], frames[-1][3]
            envelope = np.sin(np.pi * t)
            add(wrist, other, hand, other_shape, envelope * entry['mouth'], envelope * entry['brows'],
                np.sin(2 * np.pi * t) * entry['nod'])
        if rng.random() < 0.3:
            add(*frames[-1][:4])
    right, left, right_shape, left_shape = frames[-1][:4]
    for k in range(1, rest + 1):
        a = k / rest
        add(right + (REST_RIGHT - right) * a, left + (REST_LEFT - left) * a, right_shape, left_shape)
    return frames


def elbow(shoulder, wrist, length, outward):
    """The elbow of a two-link arm (both links `length`) from shoulder to wrist, bent down and outward."""
    d = wrist - shoulder
    distance = max(np.linalg.norm(d), 1e-6)
    reach = min(distance, 2 * length * 0.999)
    height = np.sqrt(max(length ** 2 - (reach / 2) ** 2, 0))
    normal = np.array([-d[1], d[0]]) / distance
    if np.dot(normal, [outward, 1]) < 0:
        normal = -normal
    return shoulder + d / distance * reach / 2 + normal * height


def write_pose(rng, lex, glosses, sg, path):
    track = hand_track(rng, lex, glosses, sg)
    frames = len(track)
    data = np.zeros((frames, 1, POINTS, 3), np.float32)
    conf = np.zeros((frames, 1, POINTS), np.float32)
    pixels = 210.0 * sg['scale']  # one shoulder width
    origin = np.array([320.0, 150.0]) + sg['offset']
    sway = np.cumsum(rng.normal(0, 0.004, (frames, 2)), 0)
    sway -= sway.mean(0)
    miss_right = miss_left = 0
    previous = None
    for t, (right, left, right_shape, left_shape, mouth, brows, nod) in enumerate(track):
        body, face = BODY.copy(), FACE.copy()
        head = sway[t] + [0, 0.06 * nod]
        face += head
        body[:11] += head
        face[LOWER_LIP, 1] += 0.08 * mouth
        face[BROWS, 1] -= 0.05 * brows
        body[16], body[15] = right, left
        body[14] = elbow(body[12], right, 0.95, -1)
        body[13] = elbow(body[11], left, 0.95, 1)
        right_hand, left_hand = right + right_shape, left + left_shape
        body[18], body[20], body[22] = right_hand[17], right_hand[8], right_hand[4]
        body[17], body[19], body[21] = left_hand[17], left_hand[8], left_hand[4]
        points = np.vstack([body, face, left_hand, right_hand]) + rng.normal(0, sg['jitter'], (POINTS, 2))
        data[t, 0, :, :2] = origin + points * pixels
        data[t, 0, :33, 2], data[t, 0, 33:501, 2] = BODY_Z, FACE_Z
        conf[t, 0, :33] = np.clip(rng.normal(0.97, 0.03, 33), 0.5, 1.0)
        conf[t, 0, 23:33] = 0.3  # hips and legs below the frame
        conf[t, 0, 33:501] = 1.0
        speed = 0 if previous is None else np.linalg.norm(right - previous)
        previous = right
        if miss_right == 0 and rng.random() < sg['miss'] * (1 + 6 * speed):
            miss_right = int(rng.integers(1, 6))
        if miss_left == 0 and rng.random() < sg['miss']:
            miss_left = int(rng.integers(1, 6))
        if miss_right > 0:
            miss_right -= 1
        else:
            conf[t, 0, RIGHT_HAND:] = 1.0
        if miss_left > 0:
            miss_left -= 1
        elif left[1] < 1.55 or rng.random() < 0.3:  # a resting left hand is mostly not found
            conf[t, 0, LEFT_HAND:RIGHT_HAND] = 1.0
    data[conf == 0] = 0
    posefmt.write_v01(path, 640, 480, 0, COMPONENTS, 25, data, conf)
    return frames


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('out')
    parser.add_argument('--seed', type=int, default=7, help='lexicon, grammar and sentences (default 7)')
    parser.add_argument('--glosses', type=int, default=80)
    parser.add_argument('--train', type=int, default=600)
    parser.add_argument('--dev', type=int, default=100)
    parser.add_argument('--test', type=int, default=100)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    lex = lexicon(rng, args.glosses)
    successors = [rng.choice(args.glosses, 6, replace=False) for _ in range(args.glosses)]
    splits = {'train': (args.train, range(8)), 'dev': (args.dev, [8, 9]), 'test': (args.test, [10, 11])}
    frames = glosses = 0
    for split, (count, signers) in splits.items():
        os.makedirs(os.path.join(args.out, 'poses', split), exist_ok=True)
        lines = ['id|folder|signer|annotation']
        for i in range(count):
            who = list(signers)[i % len(signers)]
            words = sentence(rng, successors, int(rng.integers(4, 11)))
            name = f'{split}{i:04d}'
            n = write_pose(rng, lex, words, signer(who), os.path.join(args.out, 'poses', split, name + '.pose'))
            if split == 'train':
                frames, glosses = frames + n, glosses + len(words)
            lines.append(f'{name}|{name}/1/*.png|Signer{who:02d}|' + ' '.join(f'G{g:02d}' for g in words))
        with open(os.path.join(args.out, split + '.corpus.csv'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    print(f'{args.out}: {args.train}/{args.dev}/{args.test} sentences, {frames / max(glosses, 1):.1f} frames per gloss '
          f'in training')


if __name__ == '__main__':
    main()
