#!/usr/bin/env bash
# The robustness suite on corpora Glossa did not write (issue 15): bench/pose-corpus/make.py, a separate Python
# program, writes MediaPipe Holistic .pose files and PHOENIX corpus CSVs of a real person's body; they are imported
# with `glossa data from-pose` as a user would, and the suite's four models are trained on each with `bench-train
# --corpus`. Needs python3 with numpy (Debian's python3-numpy, installed here when missing and run as root).
# Usage: bench/pose-corpus.sh [--seeds 7,8] [--work_dir runs/pose-corpus] [bench-train options, e.g. --max_minutes 5]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=7,8
work=runs/pose-corpus
args=()
while (( $# )); do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --work_dir|--work-dir) work="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if ! python3 -c 'import numpy' 2>/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing python3-numpy for the corpus generator" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >/dev/null
  else
    echo "bench/pose-corpus.sh: needs python3 with numpy (apt-get install python3-numpy)" >&2
    exit 2
  fi
fi
corpora=()
for seed in ${seeds//,/ }; do
  dir="$work/pose-$seed"
  if [[ ! -f "$dir/dataset/dataset.json" ]]; then
    rm -rf "$dir"
    python3 bench/pose-corpus/make.py "$dir/source" --seed "$seed"
    ./glossa data from-pose --poses "$dir/source/poses" --annotations "$dir/source/train.corpus.csv" \
      --annotations "$dir/source/dev.corpus.csv" --annotations "$dir/source/test.corpus.csv" --out "$dir/dataset"
    rm -rf "$dir/source/poses"  # 0.7 GB a corpus; the dataset holds what training needs
  fi
  corpora+=(--corpus "pose-$seed=$dir/dataset")
done
exec ./glossa bench-train --work_dir "$work/suite" "${corpora[@]}" "${args[@]}"
