// Glass-to-glass probe: a camera stamps its send time into each picture (a row of 40 black/white
// blocks: 32 bits of Date.now() and an 8-bit checksum), ffmpeg encodes it (so encoder delay
// counts) and sends it to a running relay; the relay's own page in headless Chromium reads the
// stamp from the painted pixels on every animation frame. Prints one JSON line per path with
// p50/p90/p99 of (paint time - stamp), and the browser floor (the wait for the next animation
// frame). Usage: node g2g.mjs HTTP_PORT INGEST_PORT SECONDS [path...]
// Paths: mjpeg-img, mjpeg-ws, h264-raw (WebCodecs tile), h264-mse (the tile forced to fMP4 +
// MediaSource), h264-broadway, ts-raw (jsmpeg tile), rtsp (a camera pulled over RTSP: GStreamer's
// RTSP server encodes the raw pictures it reads from G2G_FRAME_PORT, as g2g.sh sets it up).
// Each line also has the p50 of the first and the last 10 s, to show whether latency grows.
import { spawn } from 'node:child_process';
import net from 'node:net';
import puppeteer from 'puppeteer-core';

const [httpPort, ingestPort, seconds = '15', ...wanted] = process.argv.slice(2);
const W = 640, H = 360, FPS = 30, BLOCKS = 40, BLOCK_H = 40;
const base = `http://127.0.0.1:${httpPort}`;

const ENCODERS = {
  mjpeg: ['-c:v', 'mjpeg', '-q:v', '5', '-f', 'mjpeg'],
  h264: ['-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-preset', 'ultrafast',
    '-g', '60', '-bf', '0', '-pix_fmt', 'yuv420p', '-f', 'h264'],
  ts: ['-c:v', 'mpeg1video', '-bf', '0', '-flags', 'low_delay', '-strict', 'unofficial', '-b:v', '2000k',
    '-g', '60', '-f', 'mpegts'],
};
const PATHS = {
  'mjpeg-img': { format: 'mjpeg', view: 'img' },
  'mjpeg-ws': { format: 'mjpeg', view: 'tile' },
  'h264-raw': { format: 'h264', view: 'tile' },
  'h264-mse': { format: 'h264', view: 'tile', decoder: 'mse' },
  'h264-broadway': { format: 'h264', view: 'tile', decoder: 'broadway' },
  'ts-raw': { format: 'ts', view: 'tile' },
  rtsp: { format: 'rtsp', view: 'tile' },
};

/** 40 bits: the low 32 bits of the time in ms, then their byte sum mod 256. */
function stampBits(ms) {
  const t = ms >>> 0;
  const sum = ((t & 255) + ((t >>> 8) & 255) + ((t >>> 16) & 255) + (t >>> 24)) & 255;
  const bits = [];
  for (let i = 31; i >= 0; i--) bits.push((t >>> i) & 1);
  for (let i = 7; i >= 0; i--) bits.push((sum >>> i) & 1);
  return bits;
}

function picture(frameNo, ms) {
  const rgb = Buffer.alloc(W * H * 3, 90);
  const bits = stampBits(ms);
  const bw = W / BLOCKS;
  for (let y = 0; y < BLOCK_H; y++) {
    for (let x = 0; x < W; x++) {
      rgb.fill(bits[Math.floor(x / bw)] ? 255 : 0, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  // a moving bar below the stamp, so every picture differs
  const bar = (frameNo * 8) % W;
  for (let y = BLOCK_H + 20; y < H; y++) rgb.fill(200, (y * W + bar) * 3, (y * W + Math.min(W, bar + 40)) * 3);
  return rgb;
}

/** Sends raw pictures at FPS, stamped when sent, to each connection to port; returns a stop function. */
function rawPictureServer(port) {
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => {});
    sock.on('close', () => sockets.delete(sock));
  }).listen(port, '127.0.0.1');
  let n = 0;
  const start = Date.now();
  let timer;
  const tick = () => {
    const rgb = picture(n, Date.now());
    for (const sock of sockets) if (sock.writableLength < rgb.length * 2) sock.write(rgb);
    n++;
    timer = setTimeout(tick, Math.max(0, start + (n * 1000) / FPS - Date.now()));
  };
  tick();
  return () => { clearTimeout(timer); for (const sock of sockets) sock.destroy(); server.close(); };
}

/** Starts ffmpeg reading raw pictures and the camera connection carrying its output; returns a stop function. */
async function camera(name, format) {
  if (format === 'rtsp') return rawPictureServer(Number(process.env.G2G_FRAME_PORT));
  const sock = net.connect(Number(ingestPort), '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise((ok, fail) => { sock.once('connect', ok); sock.once('error', fail); });
  sock.write(`STREAM ${name} ${format} framing=raw\n`);
  await new Promise((ok, fail) => sock.once('data', (d) => (String(d).startsWith('OK') ? ok() : fail(new Error(String(d))))));
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24',
    '-video_size', `${W}x${H}`, '-framerate', String(FPS), '-i', '-', ...ENCODERS[format],
    '-flush_packets', '1', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  ffmpeg.stdout.pipe(sock);
  // stopping ends both pipes with writes in flight: those errors are the stop, not a failure
  ffmpeg.stdin.on('error', () => {});
  sock.on('error', () => {});
  let n = 0;
  const start = Date.now();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    ffmpeg.stdin.write(picture(n, Date.now()));
    n++;
    setTimeout(tick, Math.max(0, start + (n * 1000) / FPS - Date.now()));
  };
  tick();
  return () => { stopped = true; ffmpeg.stdin.end(); ffmpeg.kill(); sock.destroy(); };
}

/** Runs in the page: samples the stamp on every animation frame; window.__g2g gets the latencies. */
function pageProbe(selector, blocks, blockH) {
  window.__g2g = [];
  const scratch = document.createElement('canvas');
  const g = scratch.getContext('2d', { willReadFrequently: true });
  let last = -1;
  const frame = () => {
    const src = document.querySelector(selector);
    const w = src && (src.naturalWidth || src.videoWidth || src.width);
    const h = src && (src.naturalHeight || src.videoHeight || src.height);
    if (w && h) {
      if (scratch.width !== w) { scratch.width = w; scratch.height = h; }
      g.drawImage(src, 0, 0);
      const y = Math.floor((blockH / 2) * h / 360);
      const row = g.getImageData(0, y, w, 1).data;
      window.__g2gRow = Array.from({ length: blocks }, (_, i) => row[Math.floor(((i + 0.5) * w) / blocks) * 4]).join(' ');
      let t = 0, sum = 0, ok = true;
      const bits = [];
      for (let i = 0; i < blocks; i++) {
        const x = Math.floor(((i + 0.5) * w) / blocks);
        const v = row[x * 4];
        if (v > 60 && v < 190) ok = false;
        bits.push(v >= 128 ? 1 : 0);
      }
      for (let i = 0; i < 32; i++) t = (t * 2 + bits[i]);
      for (let i = 32; i < 40; i++) sum = sum * 2 + bits[i];
      const check = ((t & 255) + ((t >>> 8) & 255) + ((t >>> 16) & 255) + (t >>> 24)) & 255;
      if (ok && check === sum && t !== last) {
        last = t;
        window.__g2g.push(((Date.now() >>> 0) - t) >>> 0);
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Runs in the page: the wait from a random moment to the next animation frame callback. */
async function pageFloor(samples) {
  const waits = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * 40));
    const t0 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => r()));
    waits.push(performance.now() - t0);
  }
  return waits;
}

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : null);
  return { n: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s.length ? s[s.length - 1] : null };
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--window-size=1280,800'],
});
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1280, height: 800 });
  await tab.goto(`${base}/readyz`);
  const floor = summary(await tab.evaluate(pageFloor, 300));
  console.log(JSON.stringify({ path: 'floor', ...floor }));
  for (const path of wanted.length ? wanted : Object.keys(PATHS)) {
    const { format, view, decoder } = PATHS[path];
    const name = `g2g-${path}`;
    const stop = await camera(name, format);
    try {
      let selector;
      if (view === 'img') {
        await tab.goto(`${base}/readyz`);
        await tab.evaluate((src) => {
          document.body.innerHTML = '';
          const img = Object.assign(document.createElement('img'), { id: 'live', src });
          document.body.append(img);
        }, `/mjpeg/${name}`);
        selector = '#live';
      } else {
        await tab.goto(`${base}/${decoder ? `?decoder=${decoder}` : ''}`);
        selector = `#grid [data-stream="${name}"] ${decoder === 'mse' ? 'video' : 'canvas'}`;
        // a grid tile is a thumbnail at a low rate; fullscreen plays every picture
        await tab.waitForSelector(`#grid [data-stream="${name}"]`, { timeout: 30000 });
        await tab.click(`#grid [data-stream="${name}"]`);
      }
      await tab.evaluate(pageProbe, selector, BLOCKS, BLOCK_H);
      await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
      const values = await tab.evaluate(() => window.__g2g);
      const diag = await tab.evaluate((sel) => {
        const c = document.querySelector(sel);
        const t = c && c.closest('[data-stream]');
        return { found: !!c, tag: c && c.tagName, w: c && (c.naturalWidth || c.width), h: c && (c.naturalHeight || c.height),
          decoder: t && t.dataset.decoder, frames: t && t.dataset.frames, samples: window.__g2g.length,
          row: window.__g2gRow };
      }, selector);
      console.error(path, JSON.stringify(diag));
      // the first second is warm-up (decoder start, join)
      const settled = values.slice(FPS);
      const tenSeconds = 10 * FPS;
      const ends = settled.length >= 3 * tenSeconds
        ? { first10sP50: summary(settled.slice(0, tenSeconds)).p50, last10sP50: summary(settled.slice(-tenSeconds)).p50 }
        : {};
      console.log(JSON.stringify({ path, ...summary(settled), ...ends }));
    } finally {
      stop();
    }
  }
} finally {
  await browser.close();
}
