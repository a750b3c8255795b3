#!/usr/bin/env bash
# glossa extract with the two landmark engines on the same clips, in one run: frames/s of each, and how far the JVM
# engine's landmarks lie from the browser's (mean point distance in shoulder widths, per part), with the CPU model.
# Clips: Debian's opencv-doc photo of a person (apt-get install opencv-doc; .ci/run installs it) as a 640x400 zoom
# and pan (50 frames), the photo moving in and out of the frame (125), a hand alone and a face alone (20 each).
# Then the JVM engine alone on two 10-second 640x400 clips (250 frames each): one video at a time with one thread
# (the stages in turn: the baseline), one video at a time as a two-thread pipeline (the default of --workers 1, as
# glossa recognize runs), and two videos at a time.
# Needs Debian's chromium for the browser engine. Takes about 7 minutes on 2 cores (the browser runs at < 1 frame/s).
# Usage: bench/landmarks/extract.sh [WORK_DIR]     (default: target/bench-landmarks)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/target/bench-landmarks}"
cd "$root"
./glossa --version >/dev/null                          # builds the CLI when needed
mvn -B -q -pl glossa-video test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
cp="glossa-video/target/test-classes:glossa-video/target/classes:$(cat "$work/classpath.txt")"
rm -rf "$work/clips" "$work/long" "$work/jvm" "$work/browser" "$work"/long-*
java -cp "$cp" org.glossa.extract.MakeClips "$work/clips" "$work/long" >/dev/null 2>&1
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
for engine in jvm browser; do
  workers=2
  [[ $engine == browser ]] && workers=1                 # a second Chromium adds nothing on 2 cores (docs/video.md)
  echo "== --engine $engine --workers $workers"
  ./glossa extract --input "$work/clips" --out "$work/$engine" --engine "$engine" --workers "$workers" \
    2>/dev/null | grep -E '^videos:|^detected' || true
done
for clip in "$work"/clips/*.mp4; do
  id="$(basename "$clip" .mp4)"
  [[ -f "$work/jvm/$id.pose" && -f "$work/browser/$id.pose" ]] || { echo "== $id: not found by both engines"; continue; }
  echo "== $id: jvm vs browser"
  java -cp "$cp" org.glossa.extract.PoseAgreementMain "$work/jvm/$id.pose" "$work/browser/$id.pose"
done
for run in "1 1" "1 0" "2 0"; do
  read -r workers threads <<<"$run"
  label="--workers $workers"
  [[ $threads == 0 ]] || label="$label --threads $threads"
  echo "== 2 x 250 frames 640x400, --engine jvm $label"
  ./glossa extract --input "$work/long" --out "$work/long-$workers-$threads" --workers "$workers" --threads "$threads" \
    2>/dev/null | grep -E '^videos:' || true
done
