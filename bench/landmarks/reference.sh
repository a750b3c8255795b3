#!/usr/bin/env bash
# Regenerates glossa-video/src/test/resources/holistic/tflite-reference.json: MediaPipe Holistic's TFLite models run
# by Google's LiteRT.js (npm @litertjs/core, XNNPACK on WebAssembly, under Node) on the test's fixed input.
# Needs Node.js and npm (the build's glossa-web step installs @mediapipe/holistic first: mvn -pl glossa-web package).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
package="$root/glossa-web/target/npm/node_modules/@mediapipe/holistic"
[[ -d "$package" ]] || (cd "$root" && mvn -B -q -pl glossa-web -am -DskipTests package)
(cd "$here" && npm install --no-audit --no-fund --silent)
node "$here/tflite-reference.mjs" "$package" "$root/glossa-video/src/test/resources/holistic/tflite-reference.json" \
  2> >(grep -v '^INFO: \|^WARNING: \|navigator is not defined\|^    at ' >&2)
