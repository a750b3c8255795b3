#!/usr/bin/env bash
# Issue 16's hostile inputs, re-run against the real CLI and a real `glossa serve` on loopback: per case the exit
# code (or HTTP status), the first line of the message, peak RSS and wall time. Writes its inputs to a temp folder.
# Usage: bench/hostile-inputs.sh CHECKPOINT.ckpt POSE_FILE
#   CHECKPOINT: a trained checkpoint (e.g. runs/quickstart/distilled/best_model.ckpt); it is copied, then altered
#   POSE_FILE:  any MediaPipe Holistic .pose file (e.g. one written by `glossa extract` or `data synth --write_pose`)
# Needs python3 (standard library only) and curl. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
ckpt="$(realpath "$1")"; pose="$(realpath "$2")"
[[ -f glossa-cli/target/glossa.jar ]] || ./glossa --version >/dev/null
work="$(mktemp -d)"
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$work" "$ckpt" <<'EOF'
import io, json, os, struct, sys, zipfile, zlib
work, ckpt = sys.argv[1], sys.argv[2]

def npy(descr, shape, data=b"", header_len=None):
    d = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    h = d + " " * ((64 - (10 + len(d) + 1) % 64) % 64) + "\n"
    n = len(h) if header_len is None else header_len
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", n) + h.encode() + data

def write(name, data):
    with open(os.path.join(work, name), "wb") as f:
        f.write(data)

# a .npy whose member inflates to 4.5 GB: 1,125,000,000 float32 zeros, deflated in chunks (4.4 MB on disk)
def bomb_npz(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("features.npy", "w", force_zip64=True) as f:
            f.write(npy("<f4", "(1125000000, 1)"))
            chunk = bytes(1 << 24)
            for _ in range(4_500_000_000 // len(chunk)):
                f.write(chunk)
        z.writestr("gloss.npy", npy("<U1", "()", "A\0\0\0".encode()))
os.makedirs(os.path.join(work, "bomb", "test"))
bomb_npz(os.path.join(work, "bomb", "test", "s1.npz"))

# a gloss array of <U1073741825 with 80 data bytes
os.makedirs(os.path.join(work, "wide", "test"))
with zipfile.ZipFile(os.path.join(work, "wide", "test", "s1.npz"), "w") as z:
    z.writestr("features.npy", npy("<f4", "(2, 2)", bytes(16)))
    z.writestr("gloss.npy", npy("<U1073741825", "()", bytes(80)))

write("rows.npy", npy("<f4", "(300000000, 0)"))
write("maxrows.npy", npy("<f4", "(2147483647, 0)"))
write("negative.npy", npy("<f4", "(-1, 10)", bytes(40)))
write("header.npy", b"\x93NUMPY\x01\x00" + b"\xff\xff" + bytes(20))
write("header2.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 0x7FFFFFFA) + bytes(20))

# .pose v0.2 with one point per frame and 700,000 frames (8.4 MB), and one whose sizes overflow a long
def pose(frames, people, points, data_frames):
    def s(t):
        b = t.encode(); return struct.pack("<H", len(b)) + b
    head = struct.pack("<fHHHH", 0.2, 640, 480, 0, 1) + s("POSE_LANDMARKS") + s("XYZC") + struct.pack("<HHH", points, 0, 0)
    head += b"".join(s("P%d" % i) for i in range(points))
    head += struct.pack("<fIH", 25.0, frames, people)
    return head + bytes(16 * points * data_frames)
write("many-frames.pose", pose(700_000, 1, 1, 700_000))
write("overflow.pose", pose(0xFFFFFFFF, 0xFFFF, 0xFFFF, 0))

# a 50,000-word utterance
words = ["W%d" % (i % 97) for i in range(50_000)]
write("ref.txt", ("u1 " + " ".join(words) + "\n").encode())
write("hyp.txt", ("u1 " + " ".join(w if i % 7 else "X" for i, w in enumerate(words[:48_000])) + "\n").encode())

# the checkpoint with lstm_hidden = 1e6, and with a pipeline.npz bomb
def altered(name, change):
    src = zipfile.ZipFile(ckpt)
    with zipfile.ZipFile(os.path.join(work, name), "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = change(item.filename, src)
            if data is not None:
                out.writestr(item.filename, data)
def hidden(member, src):
    data = src.read(member)
    if member == "checkpoint.json":
        j = json.loads(data)
        def walk(o):
            if isinstance(o, dict):
                for k in o:
                    if k == "lstm_hidden": o[k] = 1_000_000
                    else: walk(o[k])
        walk(j); data = json.dumps(j).encode()
    return data
altered("hidden.ckpt", hidden)
def pipeline(member, src):
    if member == "pipeline.npz":
        buf = io.BytesIO(); bomb_npz(buf); return buf.getvalue()
    return src.read(member)
altered("pipeline-bomb.ckpt", pipeline)
EOF
cp "$pose" "$work/x<img src=x onerror=alert(1)>DATA_JSON.pose"

echo "| input | command | outcome | message (first line) | peak RSS | time |"
echo "| --- | --- | --- | --- | --- | --- |"
row() { # label, then the glossa arguments
  local label="$1"; shift
  local code
  set +e
  /usr/bin/time -f "%M %e" -o "$work/time" java -jar glossa-cli/target/glossa.jar "$@" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  local message; message="$(grep -v '^\s*$' "$work/err" | grep -v '^\[' | head -1 | cut -c1-160)"
  [[ -n "$message" ]] || message="$(head -1 "$work/out" | cut -c1-160)"
  read -r rss seconds < <(tail -1 "$work/time")
  echo "| $label | \`glossa ${1}\` | exit $code | ${message//|/\\|} | $((rss / 1024)) MB | ${seconds} s |"
}
row ".npz member inflating to 4.5 GB (4.4 MB file)" data stats "$work/bomb"
row ".npz member inflating to 4.5 GB, as the checkpoint's pipeline.npz" stream --model "$work/pipeline-bomb.ckpt" --input "$pose"
row "\`<U1073741825\` gloss array (80 data bytes)" data stats "$work/wide"
row ".npy shape (300000000, 0), 128 bytes" stream --model "$ckpt" --input "$work/rows.npy"
row ".npy shape (2147483647, 0)" stream --model "$ckpt" --input "$work/maxrows.npy"
row ".npy shape (-1, 10)" stream --model "$ckpt" --input "$work/negative.npy"
row ".npy header length 0x7FFFFFFA" stream --model "$ckpt" --input "$work/header2.npy"
row ".pose whose frames x people x points overflows a long" stream --model "$ckpt" --input "$work/overflow.pose"
row "score, one 50,000-word utterance" score --ref "$work/ref.txt" --hyp "$work/hyp.txt"
row "checkpoint with lstm_hidden = 1e6" stream --model "$work/hidden.ckpt" --input "$pose"
row "recognize --html on \`x<img src=x onerror=...>DATA_JSON.pose\`" recognize --model "$ckpt" \
  "$work/x<img src=x onerror=alert(1)>DATA_JSON.pose" --html "$work/page.html"
if [[ -f "$work/page.html" ]]; then
  echo "|  | page written | \`<img\` in page: $(grep -c '<img' "$work/page.html" || true) | title: $(grep -o '<title>[^<]*' "$work/page.html" | cut -c8-90) | | |"
fi

port=18765
java -jar glossa-cli/target/glossa.jar serve --model "$ckpt" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
http() { # label, curl args...
  local label="$1"; shift
  local result; result="$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' "$@")"
  local rss; rss="$(curl -s "http://127.0.0.1:$port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rss_mb"])')"
  echo "| $label | serve | HTTP ${result% *} | $(head -c 160 "$work/body" | tr '\n|' ' /') | server ${rss} MB | ${result#* } s |"
}
http "8.4 MB .pose, 700,000 one-point frames, to /api/pose" --data-binary "@$work/many-frames.pose" \
  "http://127.0.0.1:$port/api/pose?name=many-frames.pose"
http ".pose that overflows a long, to /api/pose" --data-binary "@$work/overflow.pose" \
  "http://127.0.0.1:$port/api/pose?name=overflow.pose"
http "WebSocket /ws with Origin: http://evil.example" -H "Connection: Upgrade" -H "Upgrade: websocket" \
  -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" -H "Origin: http://evil.example" \
  "http://127.0.0.1:$port/ws"
http "POST /api/pose with Origin: http://evil.example" -H "Origin: http://evil.example" --data-binary "@$pose" \
  "http://127.0.0.1:$port/api/pose?name=x.pose"
http "DNS rebinding: /health addressed to Host: evil.example" -H "Host: evil.example:$port" \
  "http://127.0.0.1:$port/health"
http "DNS rebinding: /ws with Origin and Host evil.example" -H "Connection: Upgrade" -H "Upgrade: websocket" \
  -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" \
  -H "Origin: http://evil.example:$port" -H "Host: evil.example:$port" "http://127.0.0.1:$port/ws"
echo
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(java -version 2>&1 | head -1)"
