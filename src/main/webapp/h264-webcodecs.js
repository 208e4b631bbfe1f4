// H.264 tiles decoded by the browser's WebCodecs VideoDecoder (hardware when available).
// Input is Annex B with in-band SPS/PPS, so the decoder is configured WITHOUT a description.
// A keyframe whose SPS differs from the one the decoder started with (a fullscreen tile on
// quality=auto moved to the other rendition, or the camera changed its size) gets a fresh decoder.
// Chromium's decoder happens to follow an in-band size change by itself, but nothing promises
// that of other browsers' (hardware) decoders, and a fresh one configured for it always works.
import { scanAccessUnit, codecFromSps, sameBytes } from './annexb.js';

const H264_SYNTAX = { scan: scanAccessUnit, codecFromSps };

const MAX_QUEUE = 20; // undecoded chunks; beyond this the tile skips ahead to the next keyframe
const MAX_STAMPS = 64; // arrival stamps of chunks in the decoder (latency badge); oldest dropped

export class WebCodecsRenderer {
  /** onUnsupported(reason): the browser cannot decode this stream; the tile falls back to Broadway.
   * syntax: how to find keyframes and SPS, and a codec string from an SPS (H.265 passes its own). */
  constructor(tile, onUnsupported, syntax = H264_SYNTAX) {
    this.tile = tile;
    this.syntax = syntax;
    this.onUnsupported = onUnsupported;
    this.binaryType = 'arraybuffer';
    this.label = 'WebCodecs';
    this.canvas = tile.ownCanvas();
    this.ctx = this.canvas.getContext('2d', { alpha: false });
    this.decoder = null;
    this.codec = null;    // the decoder's configured codec string
    this.sps = null;      // the SPS the decoder started with (a copy)
    this.spsCodec = null; // derived from the newest SPS seen
    this.rejected = new Set(); // codec strings this browser said it cannot decode
    this.needKey = true;  // drop access units until a keyframe (start, reconnect, error, overload)
    this.timestamp = 0;   // microseconds, strictly increasing
    this.stamps = new Map(); // chunk timestamp -> its message's arrival stamp
    this.carriesStamps = true;
    this.dropped = 0;
    this.errors = 0;
    this.closed = false;
  }

  reset() {
    this.closeDecoder();
    this.sps = null;
    this.needKey = true;
  }

  push(buffer, stamp) {
    if (this.closed) return;
    const bytes = new Uint8Array(buffer);
    const au = this.syntax.scan(bytes);
    if (au.key) {
      this.spsCodec = this.syntax.codecFromSps(au.sps) || this.spsCodec;
      const codec = this.candidates()[0];
      if (!codec) {
        this.dropped++; // a keyframe without SPS and no codec from the API: wait for one with SPS
        return;
      }
      const newSps = au.sps && !sameBytes(au.sps, this.sps);
      if (!this.decoder || codec !== this.codec || newSps) this.openDecoder(codec);
      if (au.sps) this.sps = au.sps.slice();
      this.needKey = false;
    } else if (this.needKey || !this.decoder) {
      this.dropped++;
      return;
    } else if (this.decoder.decodeQueueSize > MAX_QUEUE) {
      this.dropped++; // decoding falls behind: skip to the next keyframe rather than lag
      this.needKey = true;
      return;
    }
    const now = Math.round(performance.now() * 1000);
    this.timestamp = Math.max(now, this.timestamp + 1);
    if (typeof stamp === 'number') {
      this.stamps.set(this.timestamp, stamp);
      if (this.stamps.size > MAX_STAMPS) this.stamps.delete(this.stamps.keys().next().value);
    }
    try {
      this.decoder.decode(new EncodedVideoChunk({
        type: au.key ? 'key' : 'delta',
        timestamp: this.timestamp,
        data: bytes,
      }));
    } catch (e) {
      this.fail(e);
    }
  }

  /** Codec strings worth trying: the in-band SPS's (what is being decoded now), then the API's,
   * which describes the rendition the tile listed and not necessarily the one quality=auto sends. */
  candidates() {
    const api = this.tile.info && this.tile.info.codec;
    return [this.spsCodec, api].filter((c) => c && !this.rejected.has(c));
  }

  openDecoder(codec) {
    this.closeDecoder();
    this.codec = codec;
    const decoder = new VideoDecoder({
      output: (frame) => this.paint(decoder, frame),
      error: (e) => {
        if (this.decoder !== decoder) return;
        if (e && e.name === 'NotSupportedError') {
          this.rejected.add(codec);
          this.closeDecoder();
          this.needKey = true;
          if (!this.candidates().length) this.onUnsupported(codec + ': ' + e.message);
        } else {
          this.fail(e);
        }
      },
    });
    this.decoder = decoder;
    decoder.configure({ codec, optimizeForLatency: true });
  }

  paint(decoder, frame) {
    try {
      if (this.closed || this.decoder !== decoder) return;
      const c = this.canvas;
      const w = frame.displayWidth;
      const h = frame.displayHeight;
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
      }
      this.ctx.drawImage(frame, 0, 0, w, h);
      const stamp = this.stamps.get(frame.timestamp);
      this.stamps.delete(frame.timestamp);
      this.tile.painted(stamp);
    } finally {
      frame.close();
    }
  }

  /** A decode error: throw the decoder away; the next keyframe builds a new one. */
  fail(e) {
    this.errors++;
    console.warn('camrelay: ' + this.tile.name + ': WebCodecs error, waiting for the next keyframe:', e);
    this.closeDecoder();
    this.needKey = true;
  }

  closeDecoder() {
    const d = this.decoder;
    this.decoder = null;
    if (d && d.state !== 'closed') {
      try { d.close(); } catch { /* already closed */ }
    }
  }

  destroy() {
    this.closed = true;
    this.closeDecoder();
  }
}
