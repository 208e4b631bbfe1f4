// MPEG-TS tiles (MPEG-1 video, optional MP2 audio) decoded by jsmpeg (npm @cycjimmy/jsmpeg-player,
// its UMD build with the WASM decoder inlined, global `JSMpeg`), loaded on first use only.
//
// The tile's own WebSocket feeds jsmpeg through a small push source (jsmpeg's `options.source`
// hook) instead of jsmpeg's WSSource: the tile already does backoff with jitter, the 4415 answer,
// the low/high rendition switch for fullscreen and a clean close, and WSSource would add a second
// reconnect policy (fixed 5 s, no backoff, no close reason) that the tile could not see. It also
// lets a reconnect or a hidden page start a fresh decoder at the next keyframe, as for H.264.
// The first tiles draw with WebGL (vendor.js's budget, shared with Broadway), the rest Canvas2D.
//
// Message format (from the relay): whole 188-byte TS packets, one picture (plus interleaved
// audio) per message; a new viewer starts at PAT/PMT and the PES with the sequence header.
// Audio is never decoded here (muted grid, no autoplay prompts): jsmpeg skips the MP2 PES.
//
// A sequence header with a new picture size (a rendition switch on quality=auto) starts a fresh
// player: jsmpeg 6.1.2 reads only a player's first sequence header (its JS decoder's decode()
// seeks the next picture start code, skipping later headers; its WASM wrapper reads the coded
// size for its output views once, in loadSequenceHeader), so one player would go on treating
// the new pictures as the old size.
import { loadScript, takeGlSlot, releaseGlSlot } from './vendor.js';

const SCRIPT = 'vendor/jsmpeg/jsmpeg-player.umd.min.js';
const LIVE_PENDING = 2;               // undecoded pictures left to jsmpeg's own loop (one per animation frame)
const MAX_EARLY = 100;                // messages kept while the script loads
const VIDEO_BUFFER = 1024 * 1024;     // jsmpeg's bitstream buffer per tile (default 512 KiB): a big I-frame fits
let loading = null;

/** Loads jsmpeg once and compiles its WASM decoder before any player exists (a player made
 * earlier would wait in a callback list that jsmpeg never clears). Its Player also asks
 * WebGLRenderer.IsSupported() for every player, which makes (and leaks) a WebGL context each
 * time: vendor.js's single check answers instead. Resolves to { J: JSMpeg, wasm: boolean }. */
function loadJsmpeg() {
  if (!loading) {
    loading = loadScript(SCRIPT).then(() => {
      const J = window.JSMpeg;
      if (!J || typeof J.Player !== 'function') throw new Error(SCRIPT + ' did not define JSMpeg.Player');
      if (J.Renderer && J.Renderer.WebGL) J.Renderer.WebGL.IsSupported = () => true; // asked only when we pass disableGl: false
      return compileWasm(J).then((wasm) => ({ J, wasm }));
    });
    loading.catch(() => { loading = null; }); // try again with the next tile
  }
  return loading;
}

/** True when jsmpeg's WASM decoder is ready; false means its plain JS decoder (slower, same output). */
function compileWasm(J) {
  const W = J.WASMModule;
  if (!W || !W.IsSupported() || !J.WASM_BINARY_INLINED) return Promise.resolve(false);
  const module = W.GetModule();
  if (module.ready) return Promise.resolve(true);
  return new Promise((resolve) => {
    setTimeout(() => resolve(module.ready), 10000);
    module.loadFromBuffer(J.Base64ToArrayBuffer(J.WASM_BINARY_INLINED), () => resolve(module.ready));
  });
}

/** What the relay's message holds: video PES starts (= pictures), whether one has a sequence
 * header, and that header's picture size as "WxH" (null when the header is cut by a packet end). */
function scanTs(bytes) {
  let pictures = 0;
  let key = false;
  let size = null;
  for (let p = 0; p + 188 <= bytes.length; p += 188) {
    if (bytes[p] !== 0x47 || !(bytes[p + 1] & 0x40) || !(bytes[p + 3] & 0x10)) continue; // sync, payload start, payload
    const end = p + 188;
    const off = bytes[p + 3] & 0x20 ? p + 5 + bytes[p + 4] : p + 4;
    if (off + 9 > end || bytes[off] !== 0 || bytes[off + 1] !== 0 || bytes[off + 2] !== 1
        || (bytes[off + 3] & 0xf0) !== 0xe0) continue; // not a video PES header
    pictures++;
    for (let i = off + 9 + bytes[off + 8]; i + 3 < end; i++) {
      if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && bytes[i + 3] === 0xb3) {
        key = true;
        // 12 bits width, 12 bits height right after the start code
        if (i + 6 < end) size = ((bytes[i + 4] << 4) | (bytes[i + 5] >> 4)) + 'x' + (((bytes[i + 5] & 0x0f) << 8) | bytes[i + 6]);
        break;
      }
    }
  }
  return { pictures, key, size };
}

/** A jsmpeg source fed by push(); jsmpeg calls connect(), start() (once its WASM is ready) and destroy(). */
class PushSource {
  constructor() {
    this.streaming = true;
    this.established = false;
    this.completed = false;
    this.progress = 0;
    this.destination = null; // jsmpeg's TS demuxer
    this.started = false;
    this.queue = [];
  }

  connect(destination) { this.destination = destination; }
  resume() { /* live: nothing to fetch */ }
  destroy() { this.destination = null; this.queue = []; }

  start() {
    this.started = true;
    const queue = this.queue;
    this.queue = [];
    for (const bytes of queue) this.write(bytes);
  }

  write(bytes) {
    if (!this.started) {
      this.queue.push(bytes);
      return;
    }
    this.established = true;
    this.progress = 1;
    if (this.destination) this.destination.write(bytes);
  }
}

export class JsmpegRenderer {
  constructor(tile) {
    this.tile = tile;
    this.binaryType = 'arraybuffer';
    this.label = 'jsmpeg';
    this.canvas = tile.ownCanvas();
    this.gl = takeGlSlot(); // decided once: a canvas keeps its first context type
    this.J = null;          // the JSMpeg namespace, once loaded
    this.wasm = false;      // jsmpeg's WASM decoder is compiled
    this.player = null;
    this.source = null;
    this.early = [];        // messages from the newest keyframe on, while the script loads
    this.needKey = true;    // drop messages until a sequence header (start, reconnect, hidden page)
    this.size = null;       // picture size of the current player's sequence header
    this.pending = 0;       // pictures written to the player and not decoded yet
    this.dropped = 0;
    this.broken = false;    // jsmpeg cannot run here at all
    this.closed = false;
    loadJsmpeg().then(({ J, wasm }) => {
      if (this.closed) return;
      this.J = J;
      this.wasm = wasm;
      const early = this.early;
      this.early = [];
      for (const bytes of early) this.pushBytes(bytes);
    }, (e) => {
      if (!this.closed) this.tile.showError('jsmpeg decoder could not be loaded');
      console.error('camrelay:', e);
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
    const { pictures, key, size } = scanTs(bytes);
    if (this.broken) return;
    if (!this.J) {
      if (key) this.early = [bytes];
      else if (this.early.length && this.early.length < MAX_EARLY) this.early.push(bytes);
      return;
    }
    // A hidden page gets no animation frames, so nothing would be decoded: drop everything and
    // start again at the first keyframe once the page is visible.
    if (document.hidden) this.needKey = true;
    if (key && size && this.size && size !== this.size) this.needKey = true; // a new size needs a new player
    if (this.needKey) {
      if (!key || document.hidden) {
        this.dropped += pictures;
        return;
      }
      if (!this.build()) return;
      this.needKey = false;
      this.size = size;
    }
    this.pending += pictures;
    this.source.write(bytes);
    this.catchUp();
  }

  /** jsmpeg decodes one picture per animation frame. A join burst (the relay sends the GOP since
   * the keyframe) or messages bunched by the network would leave the tile behind live: decode
   * the excess at once, without drawing it (jsmpeg's renderers skip work when not `enabled`). */
  catchUp() {
    const p = this.player;
    if (!p || !p.video || !p.renderer || this.pending <= LIVE_PENDING) return;
    p.renderer.enabled = false;
    try {
      while (this.pending > LIVE_PENDING) {
        if (!p.video.decode()) {
          this.pending = 0; // nothing decodable left: the count drifted (e.g. a picture jsmpeg skipped)
          break;
        }
      }
    } finally {
      p.renderer.enabled = true;
    }
  }

  /** A fresh player (decoder, demuxer, renderer) on this tile's canvas; false when it cannot run. */
  build() {
    this.teardown(false);
    try {
      this.player = this.newPlayer();
      return true;
    } catch (e) {
      console.warn('camrelay: ' + this.tile.name + ': jsmpeg ' + (this.gl ? 'WebGL' : 'Canvas2D') + ' failed:', e);
      this.teardown(false);
      if (!this.gl) {
        this.broken = true;
        this.tile.showError('jsmpeg could not start');
        return false;
      }
      releaseGlSlot(null); // WebGL refused (e.g. too many contexts): draw with Canvas2D on a new canvas
      this.gl = false;
      this.canvas = this.tile.ownCanvas();
      return this.build();
    }
  }

  newPlayer() {
    const source = this.source = new PushSource();
    const player = new this.J.Player('', {
      source: function () { return source; }, // jsmpeg does `new options.source(url, options)`
      canvas: this.canvas,
      audio: false,
      disableWebAssembly: !this.wasm,
      disableGl: !this.gl,
      preserveDrawingBuffer: true, // lets snapshots and tests read the WebGL canvas back
      pauseWhenHidden: false,      // its listener is never removed; hidden pages skip ahead here instead
      videoBufferSize: VIDEO_BUFFER,
      onVideoDecode: () => {
        if (this.player !== player || this.closed) return;
        this.pending = Math.max(0, this.pending - 1);
        if (player.renderer.enabled) this.tile.painted();
        else this.dropped++; // decoded to catch up, not drawn
      },
    });
    return player;
  }

  /** Stops the player; with `releaseGl`, also gives back the WebGL context (the tile is done with it). */
  teardown(releaseGl) {
    const p = this.player;
    this.player = null;
    this.source = null;
    this.pending = 0;
    if (p) {
      try {
        p.destroy();
      } catch (e) {
        console.warn('camrelay: ' + this.tile.name + ': jsmpeg destroy failed:', e);
      }
    }
    if (releaseGl && this.gl) {
      this.gl = false;
      releaseGlSlot(p && p.renderer && p.renderer.gl);
    }
  }

  destroy() {
    this.closed = true;
    this.early = [];
    this.teardown(true);
  }
}
