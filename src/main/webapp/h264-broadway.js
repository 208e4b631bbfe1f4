// H.264 tiles decoded by Broadway (npm broadway-player: an asm.js build of the Android h264bsd
// decoder, Constrained Baseline only), in a Web Worker per tile. The three vendor scripts are
// loaded on first use only. Broadway's decode() takes an Annex B buffer with start codes (it
// copies it into a 1 MiB stream buffer), so a whole access unit is fed at once.
// A keyframe with a different SPS (a rendition switch on quality=auto, or a camera changing its
// size) starts a fresh player. One player cannot be trusted with a new size: Decoder.js makes its
// RGB converter (the Canvas2D path) once, at the first picture's size, and caches picture views
// per heap address at the size they were first made; on Canvas2D the tile went blank at the first
// size change (RenditionSwitchBrowserIT with ?webgl=0).
import { eachNal, scanAccessUnit, sameBytes } from './annexb.js';
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
    tile.ownCanvas(); // blank until the player's own canvas has a picture
    this.player = null;
    this.gl = false;      // the current player draws with WebGL (holds one of vendor.js's slots)
    this.retired = null;  // { gl } of a stopped player whose WebGL canvas still shows the last picture
    this.sps = null;      // the SPS the current player started with (a copy)
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
    player.onPictureDecoded = () => {
      this.backlog = Math.max(0, this.backlog - 1);
    };
    player.onRenderFrameComplete = () => {
      if (this.player !== player || this.closed) return;
      // The player brings its own canvas; show it once it has a picture, so a restart (e.g. at a
      // rendition switch) keeps the last picture up instead of flashing a blank canvas.
      if (this.tile.canvas !== player.canvas) {
        this.tile.setView(player.canvas);
        this.releaseRetired();
      }
      this.tile.painted();
    };
    player.worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (this.player === player) this.fail(e.message);
    });
  }

  reset() {
    this.needKey = true;
    this.early = [];
  }

  push(buffer) {
    if (!this.closed) this.pushBytes(new Uint8Array(buffer));
  }

  pushBytes(bytes) {
    const { key, sps } = scanAccessUnit(bytes);
    if (!this.player) {
      if (key) this.early = [bytes];
      else if (this.early.length && this.early.length < MAX_EARLY) this.early.push(bytes);
      return;
    }
    if (key && sps) {
      if (this.sps && !sameBytes(sps, this.sps)) this.restart();
      this.sps = sps.slice();
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
    this.restart();
  }

  /** A fresh player (worker, decoder, canvas) that starts at the next keyframe. */
  restart() {
    this.teardown();
    this.needKey = true;
    this.backlog = 0;
    this.sps = null;
    if (!this.closed) this.build();
  }

  /** Stops the player. A WebGL canvas still on screen keeps its context (losing it blanks the
   * canvas) until the next player's canvas replaces it: a restart shows the last picture meanwhile. */
  teardown() {
    const p = this.player;
    this.player = null;
    if (!p) return;
    if (p.worker) p.worker.terminate();
    if (!this.gl) return;
    const gl = p.canvasObj && p.canvasObj.webGLCanvas && p.canvasObj.webGLCanvas.contextGL;
    if (!this.closed && this.tile.canvas === p.canvas) {
      this.releaseRetired();
      this.retired = { gl };
    } else {
      releaseGlSlot(gl);
    }
  }

  releaseRetired() {
    if (this.retired) releaseGlSlot(this.retired.gl);
    this.retired = null;
  }

  destroy() {
    this.closed = true;
    this.early = [];
    this.teardown();
    this.releaseRetired();
  }
}
