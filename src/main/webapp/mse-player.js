// H.264 tiles played by the browser's own <video> through Media Source Extensions: the relay sends
// fragmented MP4 (ws/<name>?format=fmp4): an init segment, then one fragment per picture, and a
// new init segment when the parameter sets change. ManagedMediaSource where it exists (Safari,
// iOS 17.1+: the only hardware H.264 path on iPhones before WebCodecs), else MediaSource.
// Live edge: on start and after any stall the video jumps to the newest picture (its decode time,
// from the fragment's tfdt: the buffered end also counts that picture's estimated duration); while
// it lags it plays slightly faster; what has been played is removed, so the buffer stays bounded.
// Audio: a full-rate stream with sound has an AAC track in the same init segment and its own
// fragments; one SourceBuffer takes both codecs (Chromium and Firefox). Muted: autoplay rules
// allow only muted video to start by itself; the tile's sound control unmutes it in fullscreen.

import { showSound } from './sound.js';

const MediaSourceType = globalThis.ManagedMediaSource || globalThis.MediaSource;

const TIMESCALE = 90000;    // the relay's fMP4 clock for pictures (tfdt)
const VIDEO_TRACK = 1;      // the relay's track IDs: pictures, then sound
const AUDIO_TRACK = 2;
const BACK_TO_NORMAL_S = 0.1; // behind the newest picture by this little: normal speed
const CATCH_UP_LAG_S = 0.3; // behind by more: play faster...
const CATCH_UP_RATE = 1.1;  // ...by this much, which the eye does not notice
const JUMP_LAG_S = 2;       // behind by more: jump, catching up would take too long
const KEEP_PLAYED_S = 5;    // played media kept for the decoder; older is removed...
const EVICT_EVERY_S = 10;   // ...once this much has piled up, not after every picture
const MAX_PENDING = 60;     // fragments waiting for the SourceBuffer; beyond, skip to a keyframe

/** Whether this browser can play the codec (e.g. avc1.42C01E) through MSE. */
export function mseSupports(codec) {
  const type = 'video/mp4; codecs="' + (codec || 'avc1.42E01E') + '"';
  return !!MediaSourceType && MediaSourceType.isTypeSupported(type);
}

/** The box type at offset, or '' when no whole box header is there. */
function boxType(bytes, offset) {
  if (offset + 8 > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
}

/** The codec string from an init segment's avcC box, e.g. avc1.42C01E, or null. */
function codecOfInit(bytes) {
  for (let i = 4; i + 8 <= bytes.length; i++) {
    if (bytes[i] === 0x61 && boxType(bytes, i - 4) === 'avcC') {
      const hex = (b) => b.toString(16).padStart(2, '0').toUpperCase();
      return 'avc1.' + hex(bytes[i + 5]) + hex(bytes[i + 6]) + hex(bytes[i + 7]);
    }
  }
  return null;
}

/**
 * The codec string of an init segment's AAC track (mp4a.40.<object type> from the esds's
 * AudioSpecificConfig, as the relay writes it), or null when it has no sound.
 */
export function audioCodecOfInit(bytes) {
  for (let i = 4; i + 8 <= bytes.length; i++) {
    if (bytes[i] === 0x65 && boxType(bytes, i - 4) === 'esds') {
      for (let j = i + 8; j + 16 <= bytes.length && j < i + 40; j++) {
        // DecoderConfigDescriptor: objectTypeIndication 0x40 (MPEG-4 audio), streamType 0x15
        if (bytes[j] === 0x40 && bytes[j + 1] === 0x15 && bytes[j + 13] === 0x05) {
          return 'mp4a.40.' + (bytes[j + 15] >> 3);
        }
      }
      return 'mp4a.40.2';
    }
  }
  return null;
}

/** The track ID in a fragment's tfhd (moof at offset), or null. */
export function trackOf(bytes, offset) {
  for (let i = offset; i + 12 <= bytes.length && i < offset + 120; i++) {
    if (bytes[i] === 0x74 && boxType(bytes, i - 4) === 'tfhd') {
      return new DataView(bytes.buffer, bytes.byteOffset + i + 8, 4).getUint32(0);
    }
  }
  return null;
}

/** Whether a fragment (moof first) holds a picture that decodes alone (sound never does here). */
function isKeyFragment(bytes, offset) {
  if (trackOf(bytes, offset) === AUDIO_TRACK) return false;
  for (let i = offset; i + 32 <= bytes.length && i < offset + 200; i++) {
    if (bytes[i] === 0x74 && boxType(bytes, i - 4) === 'trun') {
      // sample_flags follow type, version/flags, count, data offset, duration and size
      return (bytes[i + 24] & 0x03) === 0x02;
    }
  }
  return false;
}

/** A fragment's tfdt (version 1: 64-bit) in seconds, or null. */
function decodeTimeOf(bytes) {
  for (let i = 4; i + 16 <= bytes.length && i < 200; i++) {
    if (bytes[i] === 0x74 && boxType(bytes, i - 4) === 'tfdt') {
      const view = new DataView(bytes.buffer, bytes.byteOffset + i + 4, 12);
      const high = view.getUint8(0) === 1 ? view.getUint32(4) : 0;
      const low = view.getUint32(view.getUint8(0) === 1 ? 8 : 4);
      return (high * 2 ** 32 + low) / TIMESCALE;
    }
  }
  return null;
}

export class MseRenderer {
  /** hevcCodec: an H.265 stream's codec string (from the API); its init segments carry hvcC. */
  constructor(tile, hevcCodec = null) {
    this.tile = tile;
    this.hevcCodec = hevcCodec;
    this.binaryType = 'arraybuffer';
    this.label = globalThis.ManagedMediaSource ? 'MSE managed' : 'MSE';
    this.wsParams = { format: 'fmp4' };
    this.dropped = 0;
    this.closed = false;
    this.audio = null; // the AAC codec of the current init segment, null without sound
    const video = this.video = document.createElement('video');
    video.muted = true; // stays muted until the tile's sound control says otherwise
    video.playsInline = true;
    video.autoplay = true;
    video.disableRemotePlayback = true; // ManagedMediaSource requires it (or an AirPlay source)
    video.addEventListener('waiting', () => { this.stalled = true; });
    tile.setView(video);
    this.watchFrames();
    if (!MediaSourceType) tile.showError('this browser has no Media Source Extensions');
    this.reset();
  }

  /** A fresh MediaSource: each connection starts a new timeline with its own init segment. */
  reset() {
    this.closeSource();
    if (!MediaSourceType || this.closed) return;
    const source = this.source = new MediaSourceType();
    this.buffer = null;
    this.codec = null;
    this.pending = [];
    this.needKey = false;
    this.started = false;
    this.stalled = false;
    this.newest = null; // decode time of the newest appended picture, seconds
    const early = this.early = []; // messages that came before the MediaSource opened
    source.addEventListener('sourceopen', () => {
      if (this.source !== source) return; // replaced by a newer connection's source
      this.early = null;
      early.forEach((m) => this.push(m));
    }, { once: true });
    this.url = URL.createObjectURL(source);
    this.video.src = this.url;
  }

  push(data) {
    if (this.closed || !this.source) return;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (this.early) {
      if (this.early.length < MAX_PENDING) this.early.push(bytes);
      else this.dropped++;
      return;
    }
    const init = boxType(bytes, 0) === 'ftyp';
    if (init && !this.addInit(bytes)) return;
    if (!this.buffer) {
      this.dropped++;
      return;
    }
    if (this.needKey || this.pending.length >= MAX_PENDING) {
      if (!init && !isKeyFragment(bytes, 0)) {
        this.dropped += this.pending.length + 1;
        this.pending = [];
        this.needKey = true;
        return;
      }
      this.needKey = false;
    }
    this.pending.push(bytes);
    this.pump();
  }

  /** The offset of the first moof in a message: after the init segment, if it carries one. */
  static fragmentStart(bytes) {
    let at = 0;
    while (at + 8 <= bytes.length && boxType(bytes, at) !== 'moof') {
      const size = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
      if (size < 8) return -1;
      at += size;
    }
    return at + 8 <= bytes.length ? at : -1;
  }

  /** Opens the SourceBuffer on the first init segment, or switches codec on a new one. */
  addInit(bytes) {
    const video = this.hevcCodec || codecOfInit(bytes);
    if (!video || this.source.readyState !== 'open') {
      this.dropped++;
      return false;
    }
    const audio = audioCodecOfInit(bytes);
    if (this.buffer && !!audio !== !!this.audio) {
      // a track came or went: a SourceBuffer cannot change its tracks, so start a new timeline
      this.reset();
      this.early.push(bytes);
      return false;
    }
    const codec = audio ? video + ', ' + audio : video;
    const type = 'video/mp4; codecs="' + codec + '"';
    try {
      if (!this.buffer) {
        const buffer = this.buffer = this.source.addSourceBuffer(type);
        buffer.mode = 'segments';
        // a buffer of a replaced MediaSource may still end an update: only the current one counts
        buffer.addEventListener('updateend', () => { if (this.buffer === buffer) this.afterUpdate(); });
      } else if (codec !== this.codec && typeof this.buffer.changeType === 'function') {
        this.buffer.changeType(type);
      }
      this.codec = codec;
      this.audio = audio;
      showSound(this.tile, audio, this.video);
      return true;
    } catch (e) {
      this.tile.showError('MSE cannot play ' + codec + ': ' + e.message);
      return false;
    }
  }

  pump() {
    const b = this.buffer;
    if (!b || b.updating || !this.pending.length || this.source.readyState !== 'open') return;
    if (this.evict()) return;
    const next = this.pending.shift();
    const at = MseRenderer.fragmentStart(next);
    const picture = at >= 0 && trackOf(next, at) === VIDEO_TRACK;
    const time = picture ? decodeTimeOf(next.subarray(at)) : null;
    try {
      b.appendBuffer(next);
      if (time !== null) this.newest = time;
    } catch {
      // QuotaExceededError or an error state: start again at the next keyframe
      this.dropped += this.pending.length + 1;
      this.pending = [];
      this.needKey = true;
    }
  }

  /** Removes what was played more than KEEP_PLAYED_S ago; true when a removal is under way. */
  evict() {
    const ranges = this.buffer.buffered;
    if (!ranges.length) return false;
    const keepFrom = this.video.currentTime - KEEP_PLAYED_S;
    if (ranges.start(0) >= keepFrom - EVICT_EVERY_S) return false;
    this.buffer.remove(ranges.start(0), keepFrom);
    return true;
  }

  afterUpdate() {
    if (this.closed) return;
    this.followLiveEdge();
    this.pump();
  }

  /** Jumps to the buffered end on start and after a stall or a long lag; else adjusts the rate. */
  followLiveEdge() {
    const v = this.video;
    const ranges = this.buffer.buffered;
    if (!ranges.length) return;
    const newest = this.newest;
    if (newest === null) return;
    const lag = newest - v.currentTime;
    const behindBuffer = v.currentTime < ranges.start(ranges.length - 1);
    if (!this.started || this.stalled || lag > JUMP_LAG_S || behindBuffer) {
      v.currentTime = newest;
      v.playbackRate = 1;
      this.stalled = false;
      if (!this.started || v.paused) {
        this.started = true;
        // autoplay refused: the next picture tries again
        v.play().catch(() => { this.started = false; });
      }
    } else if (lag > CATCH_UP_LAG_S) {
      v.playbackRate = CATCH_UP_RATE;
    } else if (lag <= BACK_TO_NORMAL_S) {
      v.playbackRate = 1;
    }
  }

  /** Counts painted pictures for the tile (requestVideoFrameCallback, else timeupdate). */
  watchFrames() {
    const v = this.video;
    if (typeof v.requestVideoFrameCallback === 'function') {
      const onFrame = () => {
        if (this.closed) return;
        this.tile.painted();
        v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    } else {
      v.addEventListener('timeupdate', () => { if (!this.closed) this.tile.painted(); });
    }
  }

  closeSource() {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.source = null;
    this.buffer = null;
    this.pending = [];
  }

  destroy() {
    this.closed = true;
    this.closeSource();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
