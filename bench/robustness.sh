#!/usr/bin/env bash
# The robustness suite (issue 15): synthetic corpora that each vary one thing real corpora vary, and on each the
# baseline, the small teacher, the small student and the distilled student trained for the same time.
# Usage: bench/robustness.sh [--max_minutes 5] [--corpora base,fast,...] [--corpus NAME=DIR] [--work_dir runs/robustness]
# Prints one table of dev/test WER with the CPU model and writes it to <work_dir>/table.md; docs/robustness.md
# keeps the latest one. All nine corpora at 5 minutes a model take about three hours on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./glossa bench-train "$@"
