#!/usr/bin/env bash
# JMH benchmarks of the Java hot loops (CTC loss + gradient, greedy and beam decoding).
# Usage: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks are glossa-train's test classes; the class path file is written by its module (the last built)
mvn -q -B -pl glossa-train -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/glossa-train/target/test-classpath.txt" -Dmdep.includeScope=test
cd glossa-train
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  "org.glossa.bench.*" "$@"
