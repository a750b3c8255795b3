// Extraction worker page: the JVM (glossa extract) sends, over the WebSocket /extract, a text message
// {"type": "video", "fps": F} before each video, then each frame as one binary message (width and height as two
// little-endian uint32, then RGBA pixels). For every frame the page answers MediaPipe Holistic's landmarks as the
// live page's frame message plus "index"; "done" after a video's "end". Timestamps follow the video's frame rate,
// so landmark smoothing behaves as on a live camera at that rate.
'use strict';

const params = new URLSearchParams(location.search);
const complexity = Number(params.get('complexity') || '1');
const status = document.getElementById('status');
let pending = null;

const holistic = GlossaHolistic.create(complexity, (frame) => {
  pending = frame;
});

let fps = 25;
let index = 0;
let clock = 0; // ms; keeps increasing across videos (MediaPipe wants monotonic timestamps)
let queue = Promise.resolve();

const socket = new WebSocket(`ws://${location.host}/extract`);
socket.binaryType = 'arraybuffer';

async function landmarks(buffer) {
  const header = new DataView(buffer, 0, 8);
  const width = header.getUint32(0, true);
  const height = header.getUint32(4, true);
  const pixels = new Uint8ClampedArray(buffer, 8, width * height * 4);
  const bitmap = await createImageBitmap(new ImageData(pixels, width, height));
  pending = null;
  clock += 1000 / fps;
  await holistic.send({ image: bitmap }, clock);
  bitmap.close();
  const frame = pending || { type: 'frame', pose: null, face: null, left_hand: null, right_hand: null };
  frame.index = index++;
  socket.send(JSON.stringify(frame));
  status.textContent = `frame ${index}`;
}

function handle(event) {
  if (typeof event.data !== 'string') {
    return landmarks(event.data);
  }
  const message = JSON.parse(event.data);
  if (message.type === 'video') {
    fps = message.fps > 0 ? message.fps : 25;
    index = 0;
    clock += 1000; // a gap: tracking from the last video must not carry over
    holistic.reset();
  } else if (message.type === 'end') {
    socket.send(JSON.stringify({ type: 'done', frames: index }));
  }
  return undefined;
}

socket.onopen = async () => {
  try {
    await holistic.initialize();
    socket.send(JSON.stringify({ type: 'ready', complexity }));
    status.textContent = 'ready';
  } catch (e) {
    socket.send(JSON.stringify({ type: 'error', message: `MediaPipe Holistic did not start: ${e.message || e}` }));
  }
};
// Messages are handled strictly in order, one frame at a time.
socket.onmessage = (event) => {
  queue = queue.then(() => handle(event)).catch((e) => {
    socket.send(JSON.stringify({ type: 'error', message: String(e.message || e) }));
  });
};
