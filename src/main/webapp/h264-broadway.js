// H.264 tiles decoded by Broadway (npm broadway-player: an asm.js build of the Android h264bsd
// decoder, Constrained Baseline only), in a Web Worker per tile. The three vendor scripts are
// loaded on first use only. Broadway's decode() takes an Annex B buffer with start codes (it
// copies it into a 1 MiB stream buffer), so a whole access unit is fed at once.
import { eachNal, scanAccessUnit } from './annexb.js';
import { loadScript, takeGlSlot, releaseGlSlot } from './vendor.js';

const VENDOR = 'vendor/broadway/';
const STREAM_BUFFER = 1024 * 1024; // Broadway's fixed input buffer
const MAX_BACKLOG = 20;            // access units in the worker without a picture back yet
const MAX_EARLY = 100;             // access units kept while the scripts load
let loading = null;

/** Loads Decoder.js, YUVCanvas.js and Player.js in that order (Player.js needs the other two). */
function loadBroadway() {
  if (!loading) {
    loading = ['Decoder.js', 'YUVCanvas.js', 'Player.js']
      .reduce((p, file) => p.then(() => loadScript(VENDOR + file)), Promise.resolve())
      .then(() => window.Player);
    loading.catch(() => { loading = null; }); // try again with the next tile
  }
  return loading;
}

export class BroadwayRenderer {
  constructor(tile) {
    this.tile = tile;
    this.binaryType = 'arraybuffer';
    this.label = 'Broadway';
    this.canvas = tile.ownCanvas(); // until the player's own canvas replaces it
    this.player = null;
    this.gl = false;
    this.early = [];      // messages from the newest keyframe on, while the scripts load
    this.needKey = true;
    this.backlog = 0;
    this.dropped = 0;
    this.errors = 0;
    this.closed = false;
    loadBroadway().then(() => {
      if (this.closed) return;
      this.build();
      const early = this.early;
      this.early = [];
      for (const bytes of early) this.pushBytes(bytes);
    }, (e) => {
      if (!this.closed) tile.showError('Broadway decoder could not be loaded');
      console.error('camrelay:', e);
    });
  }

  build() {
    const info = this.tile.info || {};
    this.gl = takeGlSlot();
    const player = this.player = new window.Player({
      useWorker: true,
      workerFile: new URL(VENDOR + 'Decoder.js', document.baseURI).href,
      webgl: this.gl,
      preserveDrawingBuffer: true, // lets snapshots and tests read the WebGL canvas back
      size: { width: info.width || 320, height: info.height || 240 },
    });
    let lastW = 0;
    let lastH = 0;
    player.onPictureDecoded = (buffer, w, h) => {
      this.backlog = Math.max(0, this.backlog - 1);
      // Player.js keeps its Canvas2D ImageData at the first size: make it start over on a new size.
      if ((w !== lastW || h !== lastH) && player.canvasObj) player.canvasObj.ctx = null;
      lastW = w;
      lastH = h;
    };
    player.onRenderFrameComplete = () => {
      if (this.player === player && !this.closed) this.tile.painted();
    };
    player.worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (this.player === player) this.fail(e.message);
    });
    this.canvas = player.canvas;
    this.tile.setView(player.canvas);
  }

  reset() {
    this.needKey = true;
    this.early = [];
  }

  push(buffer) {
    if (!this.closed) this.pushBytes(new Uint8Array(buffer));
  }

  pushBytes(bytes) {
    const key = scanAccessUnit(bytes).key;
    if (!this.player) {
      if (key) this.early = [bytes];
      else if (this.early.length && this.early.length < MAX_EARLY) this.early.push(bytes);
      return;
    }
    if (this.backlog > MAX_BACKLOG) this.needKey = true; // the worker falls behind: skip ahead
    if (key && this.backlog <= MAX_BACKLOG) {
      this.needKey = false;
    } else if (this.needKey) {
      this.dropped++;
      return;
    }
    this.backlog++;
    this.decode(bytes);
  }

  decode(bytes) {
    if (bytes.length < STREAM_BUFFER) {
      this.player.decode(bytes);
      return;
    }
    // Too big for Broadway's stream buffer in one go: one NAL unit (with its start code) at a time.
    eachNal(bytes, (type, start, end) => {
      if (end - start + 4 < STREAM_BUFFER) this.player.decode(bytes.subarray(start - 3, end));
      return false;
    });
  }

  /** The worker died (e.g. a stream Broadway cannot decode): start a fresh one at the next keyframe. */
  fail(message) {
    this.errors++;
    console.warn('camrelay: ' + this.tile.name + ': Broadway error, waiting for the next keyframe:', message);
    this.teardown();
    this.needKey = true;
    this.backlog = 0;
    if (!this.closed) this.build();
  }

  teardown() {
    const p = this.player;
    this.player = null;
    if (!p) return;
    if (p.worker) p.worker.terminate();
    if (this.gl) releaseGlSlot(p.canvasObj && p.canvasObj.webGLCanvas && p.canvasObj.webGLCanvas.contextGL);
  }

  destroy() {
    this.closed = true;
    this.early = [];
    this.teardown();
  }
}
