"""Minimal pose-format v0.1/v0.2 reader and v0.1 writer (written from the format's public description)."""
import struct, numpy as np

def _str(b, o):
    n = struct.unpack_from('<H', b, o)[0]; o += 2
    return b[o:o+n].decode(), o + n

def read(path):
    b = open(path, 'rb').read(); o = 0
    ver = struct.unpack_from('<f', b, o)[0]; o += 4
    w, h, d, nc = struct.unpack_from('<HHHH', b, o); o += 8
    comps = []
    for _ in range(nc):
        name, o = _str(b, o); fmt, o = _str(b, o)
        npnt, nl, ncol = struct.unpack_from('<HHH', b, o); o += 6
        pts = []
        for _ in range(npnt):
            p, o = _str(b, o); pts.append(p)
        limbs = [struct.unpack_from('<HH', b, o + 4*i) for i in range(nl)]; o += 4*nl
        cols = [struct.unpack_from('<HHH', b, o + 6*i) for i in range(ncol)]; o += 6*ncol
        comps.append(dict(name=name, format=fmt, points=pts, limbs=limbs, colors=cols))
    dims = max(len(c['format']) for c in comps) - 1
    P = sum(len(c['points']) for c in comps)
    if abs(ver - 0.1) < 1e-3:
        fps, _, people = struct.unpack_from('<HHH', b, o); o += 6
        frames = (len(b) - o) // (people * P * 4 * (dims + 1))
    else:
        fps, frames, people = struct.unpack_from('<fIH', b, o); o += 10
    data = np.frombuffer(b, '<f4', frames*people*P*dims, o).reshape(frames, people, P, dims); o += data.nbytes
    conf = np.frombuffer(b, '<f4', frames*people*P, o).reshape(frames, people, P)
    return dict(version=ver, width=w, height=h, depth=d, components=comps, fps=fps, data=data, conf=conf)

def write_v01(path, width, height, depth, comps, fps, data, conf):
    out = bytearray()
    out += struct.pack('<fHHHH', 0.1, width, height, depth, len(comps))
    def s(x):
        r = x.encode(); return struct.pack('<H', len(r)) + r
    for c in comps:
        out += s(c['name']) + s(c['format'])
        out += struct.pack('<HHH', len(c['points']), len(c['limbs']), len(c['colors']))
        for p in c['points']: out += s(p)
        for l in c['limbs']: out += struct.pack('<HH', *l)
        for k in c['colors']: out += struct.pack('<HHH', *k)
    frames, people = data.shape[0], data.shape[1]
    out += struct.pack('<HHH', int(fps), frames & 0xffff, people)
    out += data.astype('<f4').tobytes() + conf.astype('<f4').tobytes()
    tmp = path + '.tmp'
    open(tmp, 'wb').write(out)
    import os; os.replace(tmp, path)
