// Glossa live page: camera -> MediaPipe Holistic (in this browser) -> landmark frames over the WebSocket /ws ->
// glosses back, shown over the video with the skeleton. Or replay: a recorded .pose file, converted by the server
// (POST /api/pose), streamed frame by frame at its frame rate. Protocol: docs/streaming.md.
'use strict';

const $ = (id) => document.getElementById(id);
const canvas = $('overlay');
const draw = canvas.getContext('2d');
const video = $('video');

let socket = null;
let holistic = null;
let cameraRunning = false;
const counters = { sent: 0, withPose: 0, stamps: [] };
let finalGlosses = [];

function setStatus(text, state) {
  $('status').textContent = text;
  $('status').dataset.state = state;
}

function showError(message) {
  $('last-error').textContent = message;
}

/** Opens a recognition session; resolves once the server said "ready". */
function connect(fps, width, height) {
  if (socket) {
    socket.close();
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/ws?fps=${fps}&width=${width}&height=${height}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'ready') {
        setStatus(`connected: ${message.glosses} glosses, window ${message.window}, hop ${message.hop}`,
          'connected');
        resolve(ws);
      }
      onServerMessage(message);
    };
    ws.onerror = () => {
      setStatus('connection failed', 'error');
      reject(new Error('WebSocket connection failed'));
    };
    ws.onclose = (event) => {
      if (socket === ws) {
        setStatus(`disconnected${event.reason ? ': ' + event.reason : ''}`, 'idle');
      }
    };
    socket = ws;
  });
}

function onServerMessage(message) {
  switch (message.type) {
    case 'gloss': {
      const item = document.createElement('li');
      item.className = 'gloss';
      item.textContent = message.gloss;
      const time = document.createElement('span');
      time.className = 'time';
      time.textContent = `${message.time_s.toFixed(2)} s`;
      item.appendChild(time);
      $('glosses').appendChild(item);
      $('glosses').scrollTop = $('glosses').scrollHeight;
      finalGlosses.push(message.gloss);
      $('caption-final').textContent = finalGlosses.slice(-6).join(' ');
      break;
    }
    case 'partial':
      $('caption-partial').textContent = message.glosses.join(' ');
      break;
    case 'final':
      $('final').textContent = message.glosses.length ? message.glosses.join(' ') : '(nothing recognised)';
      $('final').dataset.state = 'done';
      $('final').dataset.frames = message.frames;
      $('caption-partial').textContent = '';
      break;
    case 'error':
      showError(message.message);
      break;
    default:
      break;
  }
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    counters.sent++;
    if (frame.pose) {
      counters.withPose++;
    }
    const now = performance.now();
    counters.stamps.push(now);
    while (counters.stamps.length && counters.stamps[0] < now - 2000) {
      counters.stamps.shift();
    }
    $('frames-sent').textContent = counters.sent;
    $('frames-with-pose').textContent = counters.withPose;
    $('landmark-fps').textContent = `${(counters.stamps.length / 2).toFixed(1)} frames/s`;
  }
}

function resetTranscript() {
  finalGlosses = [];
  $('glosses').replaceChildren();
  $('caption-final').textContent = '';
  $('caption-partial').textContent = '';
  $('final').textContent = '—';
  $('final').dataset.state = 'running';
  counters.sent = 0;
  counters.withPose = 0;
  counters.stamps = [];
}

// ---------------------------------------------------------------- camera

function onHolisticResults(frame, results) {
  canvas.width = results.image.width;
  canvas.height = results.image.height;
  draw.drawImage(results.image, 0, 0, canvas.width, canvas.height);
  GlossaSkeleton.draw(draw, frame, canvas.width, canvas.height);
  send(frame);
}

async function startCamera() {
  $('camera-start').disabled = true;
  try {
    resetTranscript();
    setStatus('starting the camera…', 'idle');
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    video.srcObject = stream;
    await video.play();
    setStatus('loading MediaPipe Holistic…', 'idle');
    if (!holistic) {
      holistic = GlossaHolistic.create(Number($('complexity').value), onHolisticResults);
    } else {
      GlossaHolistic.configure(holistic, Number($('complexity').value));
    }
    await holistic.initialize();
    // MediaPipe gives coordinates in [0, 1] of each side: the server scales them back by the image size.
    await connect(Number($('camera-fps').value), video.videoWidth, video.videoHeight);
    cameraRunning = true;
    $('camera-stop').disabled = false;
    while (cameraRunning) {
      if (video.readyState >= 2) {
        await holistic.send({ image: video });
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (e) {
    showError(`camera: ${e.message || e}`);
    setStatus('camera failed', 'error');
    $('camera-start').disabled = false;
  }
}

function stopCamera() {
  cameraRunning = false;
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send('{"type":"end"}');
  }
  if (video.srcObject) {
    video.srcObject.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  }
  $('camera-stop').disabled = true;
  $('camera-start').disabled = false;
}

// ---------------------------------------------------------------- replay

async function replay() {
  const file = $('replay-file').files[0];
  if (!file) {
    return;
  }
  $('replay-start').disabled = true;
  try {
    resetTranscript();
    setStatus(`reading ${file.name}…`, 'idle');
    const response = await fetch(`api/pose?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
    const recording = await response.json();
    if (!response.ok) {
      throw new Error(recording.message);
    }
    // The server answers in the file's pixel coordinates: sent back as they are (width = height = 1).
    const ws = await connect(recording.fps, 1, 1);
    const interval = 1000 / (recording.fps * Number($('replay-speed').value));
    canvas.width = 640;
    canvas.height = Math.round(640 * recording.height / Math.max(1, recording.width));
    const sx = canvas.width / Math.max(1, recording.width);
    const sy = canvas.height / Math.max(1, recording.height);
    const start = performance.now();
    for (let i = 0; i < recording.frames.length && socket === ws; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      draw.fillStyle = '#111';
      draw.fillRect(0, 0, canvas.width, canvas.height);
      GlossaSkeleton.draw(draw, recording.frames[i], sx, sy);
      send(recording.frames[i]);
    }
    if (socket === ws && ws.readyState === WebSocket.OPEN) {
      ws.send('{"type":"end"}');
    }
  } catch (e) {
    showError(`replay: ${e.message || e}`);
    setStatus('replay failed', 'error');
  } finally {
    $('replay-start').disabled = false;
  }
}

$('camera-start').addEventListener('click', startCamera);
$('camera-stop').addEventListener('click', stopCamera);
$('replay-file').addEventListener('change', () => {
  $('replay-start').disabled = !$('replay-file').files.length;
});
$('replay-start').addEventListener('click', replay);
draw.fillStyle = '#111';
draw.fillRect(0, 0, canvas.width, canvas.height);
