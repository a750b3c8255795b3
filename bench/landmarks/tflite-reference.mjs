// Runs MediaPipe Holistic's TFLite models in Google's LiteRT.js (XNNPACK, WebAssembly) under Node on a fixed input
// and writes a summary of every output (length, sum, sum of squares, sampled values) as JSON. TfliteToOnnxTest
// compares the ONNX graphs our converter writes against it. Usage (bench/landmarks/reference.sh runs it):
//   node tflite-reference.mjs HOLISTIC_PACKAGE_DIR OUT.json
// The models are read as HolisticModels reads them: the pose landmark files, and the byte ranges of
// holistic_solution_packed_assets.data its loader script lists. The input of a model with N values is
// value(i) = ((i * 37 + (i >> 8) * 11) % 256) / 255, the same formula as the test's.
import {createRequire} from 'module';
import fs from 'fs';
import path from 'path';
import vm from 'vm';

// LiteRT.js is written for browsers: give its WebAssembly loader what it expects of one.
const wasmDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/@litertjs/core/wasm');
globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = wasmDir;
globalThis.__filename = path.join(wasmDir, 'loader.js');
globalThis.self = globalThis;
globalThis.importScripts = (url) => {
  const file = url.startsWith('file:') ? new URL(url).pathname : url;
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), {filename: file});
};
const {loadLiteRt, loadAndCompile, Tensor} = await import('@litertjs/core');
await loadLiteRt(wasmDir + '/');

const [packageDir, outFile] = process.argv.slice(2);
const MODELS = ['face_detection_short_range', 'face_landmark', 'hand_landmark_full', 'hand_recrop',
  'palm_detection_full', 'palm_detection_lite', 'pose_detection', 'pose_landmark_full', 'pose_landmark_lite'];
const packed = fs.readFileSync(path.join(packageDir, 'holistic_solution_packed_assets.data'));
const ranges = {};
const loader = fs.readFileSync(path.join(packageDir, 'holistic_solution_packed_assets_loader.js'), 'utf8');
for (const m of loader.matchAll(/"filename": "[^"]*\/([^"/]+)", "start": (\d+), "end": (\d+)/g)) {
  ranges[m[1]] = [+m[2], +m[3]];
}
function modelBytes(file) {
  const own = path.join(packageDir, file);
  if (fs.existsSync(own)) return new Uint8Array(fs.readFileSync(own));
  return new Uint8Array(packed.subarray(ranges[file][0], ranges[file][1]));
}
const SAMPLES = 64;
const summary = {};
for (const file of MODELS.map((m) => m + '.tflite')) {
  const model = await loadAndCompile(modelBytes(file), {accelerator: 'wasm'});
  const shape = Object.values(model.getInputDetails()[0].shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const input = new Float32Array(size);
  for (let i = 0; i < size; i++) input[i] = ((i * 37 + (i >> 8) * 11) % 256) / 255;
  const outputs = await model.run([new Tensor(input, shape)]);
  const entry = {};
  model.getOutputDetails().forEach((detail, k) => {
    const values = outputs[k].toTypedArray();
    let sum = 0, squares = 0;
    for (const v of values) { sum += v; squares += v * v; }
    const stride = Math.max(1, Math.floor(values.length / SAMPLES));
    const samples = [];
    for (let i = 0; i < values.length && samples.length < SAMPLES; i += stride) samples.push([i, values[i]]);
    entry[detail.name] = {length: values.length, sum, squares, stride, samples: samples.map((s) => s[1])};
  });
  summary[file] = entry;
  process.stderr.write(`${file}: ${Object.keys(entry).length} outputs\n`);
}
fs.writeFileSync(outFile, JSON.stringify(summary, null, 1) + '\n');
