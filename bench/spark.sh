#!/usr/bin/env bash
# Spark corpus stages in local mode on this machine: local[1] against local[2] on the same inputs, same run.
# Usage: bench/spark.sh POSE_DIR MODEL.onnx [REFERENCES]
#   POSE_DIR: .pose files (e.g. from `glossa data synth --write_pose`, or `glossa extract`)
# Prints per stage and master: records, frames, seconds, frames/s, and the local[2] / local[1] ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
poses="$(realpath "$1")"; model="$(realpath "$2")"; references="${3:+$(realpath "$3")}"
# the job's module and, in test scope, Spark itself (provided) and a logging binding
mvn -q -B -pl glossa-spark -am compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/glossa-spark/target/spark-classpath.txt" -Dmdep.includeScope=test
# What Spark 3.5 needs opened on Java 17 (spark-submit adds the same; the pom passes them to the tests).
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { # master stage args...
  local master="$1"; shift
  java $opens -Xmx4g -cp "glossa-spark/target/classes:$(cat glossa-spark/target/spark-classpath.txt)" org.glossa.spark.Main --master "$master" "$@" \
    2>"$work/log" | grep -E "^(features|recognize|WER)" | tee -a "$work/summary-${master//[^0-9]/}" \
    || { tail -20 "$work/log"; exit 1; }
}
for master in "local[1]" "local[2]"; do
  tag="${master//[^0-9]/}"
  echo "== $master"
  run "$master" features --input "$poses" --out "$work/features-$tag"
  run "$master" recognize --input "$work/features-$tag" --model "$model" --out "$work/recognize-$tag" \
    ${references:+--references "$references"}
done
echo "== local[2] / local[1] (frames/s)"
for stage in features recognize; do
  one=$(grep "^$stage:" "$work/summary-1" | sed -E 's/.*\(([0-9]+) frames\/s\).*/\1/')
  two=$(grep "^$stage:" "$work/summary-2" | sed -E 's/.*\(([0-9]+) frames\/s\).*/\1/')
  awk -v s="$stage" -v a="$one" -v b="$two" 'BEGIN { printf "%s: %s -> %s frames/s, %.2fx\n", s, a, b, b / a }'
done
