// One camera tile: a <button> with a canvas, offline badge and caption, fed by its own WebSocket
// (ws/<name>?...). A renderer per format turns the binary messages into pictures:
// mjpeg.js (one JPEG per message), h264-webcodecs.js / h264-broadway.js (one access unit per message),
// ts-tile.js (whole TS packets, one picture per message).
// In the grid a tile is a thumbnail: the low rendition at a low rate. Opened fullscreen it asks
// for quality=auto at the camera's full rate (the relay picks low or high by this viewer's own
// delivery). A tile nobody can see has no WebSocket at all (viewing.js).
// Test hooks: data-stream, data-format, data-state, data-quality, data-frames (frames painted),
// data-mode ("thumbnail" or "full"), data-subscribed ("true" while it has or wants a WebSocket)
// and, for H.264 and MPEG-TS, data-decoder ("WebCodecs", "MSE", "MSE managed", "Broadway" or
// "jsmpeg"); for a camera the relay pulls, data-source-state ("connecting", "live", "offline",
// "unauthorized", "unreachable").
import { fullscreen } from './fullscreen.js';
import { LatencyMeter } from './latency-badge.js';
import { createRenderer, SUPPORTED_FORMATS } from './renderers.js';
import { watch, unwatch, shown } from './viewing.js';

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;
// Thumbnail rate: 5 fps still shows motion (people walking, cars) at tile size, where 2 fps reads
// as a slideshow, yet costs the relay a sixth of a 30 fps camera and a third of a 15 fps one, and
// keeps a phone's JPEG decoding for 16 tiles at 80 pictures a second. H.264/TS thumbnails get
// keyframes only (what can be decoded alone; typically 0.5-2 a second), capped at the same rate.
const THUMBNAIL_FPS = 5;

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function num(v, digits) {
  return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : '–';
}

function wsUrl(name, params) {
  const url = new URL('ws/' + encodeURIComponent(name), location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '?' + new URLSearchParams(params);
  return url.href;
}

export class Tile {
  constructor(name) {
    this.name = name;
    this.renditions = {}; // quality -> API entry
    this.info = null;     // the entry shown
    this.frames = 0;      // frames painted
    this.recent = 0;      // frames painted since the last fps tick
    this.fps = null;      // measured in the browser
    this.renderer = null; // paints this.format's messages
    this.format = null;
    this.ws = null;
    this.wsUrl = null;    // what this.ws (or the pending retry) is connected to
    this.retry = null;
    this.backoff = BACKOFF_MIN_MS;
    this.closed = false;

    const root = this.root = el('button', 'tile');
    root.type = 'button';
    root.dataset.stream = name;
    root.dataset.frames = '0';
    root.dataset.subscribed = 'false';
    this.canvas = Object.assign(el('canvas', 'view'), { width: 640, height: 360 });
    this.placeholder = el('span', 'placeholder', 'connecting…');
    this.badge = el('span', 'badge');
    this.screen = el('span', 'screen');
    this.screen.append(this.canvas, this.placeholder, this.badge);
    this.decoderEl = el('span', 'decoder');
    this.decoderEl.hidden = true;
    this.metaEl = el('span', 'meta');
    this.nameEl = el('span', 'name', name);
    const label = el('span', 'label');
    label.append(this.nameEl, this.decoderEl);
    const caption = el('span', 'caption');
    caption.append(label, this.metaEl);
    root.append(this.screen, caption);
    this.latency = new LatencyMeter(this, el); // badge and switch, shown in fullscreen only
    this.screen.append(this.latency.badge);
    label.append(this.latency.toggle);
    root.addEventListener('click', () => fullscreen.toggle(this));
    watch(this);
  }

  /** A fresh canvas for a renderer (a canvas keeps the first context type it was asked for). */
  ownCanvas() {
    const c = Object.assign(el('canvas'), { width: 640, height: 360 });
    this.setView(c);
    return c;
  }

  /** Shows the renderer's canvas (Broadway's player brings its own). */
  setView(canvas) {
    canvas.classList.add('view');
    canvas.style.backgroundColor = '';
    if (canvas !== this.canvas) {
      this.canvas.replaceWith(canvas);
      this.canvas = canvas;
    }
  }

  get mode() {
    return fullscreen.tile === this ? 'full' : 'thumbnail';
  }

  // Grid shows the low rendition when there is one; fullscreen's caption describes the high one
  // (the relay may still send low to a slow viewer on quality=auto).
  chooseQuality() {
    const order = this.mode === 'full' ? ['high', 'low'] : ['low', 'high'];
    return order.find((q) => this.renditions[q]) || Object.keys(this.renditions)[0];
  }

  /** The WebSocket query: a thumbnail at a low rate, or fullscreen at full rate and quality=auto;
   * plus what the renderer asks for (MSE: format=fmp4). */
  streamParams(quality) {
    const own = { ...(this.renderer && this.renderer.wsParams) };
    if (this.latency.wanted) own.stamps = '1'; // arrival stamps for the latency badge
    if (this.mode === 'full') return { quality: 'auto', ...own };
    const params = { quality, fps: String(THUMBNAIL_FPS), ...own };
    if (this.info.format !== 'mjpeg') params.keyframes = 'only'; // other frames need their predecessors
    return params;
  }

  update(entries) {
    this.renditions = {};
    for (const s of entries) this.renditions[s.quality || 'high'] = s;
    const quality = this.chooseQuality();
    const s = this.info = this.renditions[quality];
    const live = s.state === 'live';
    const supported = SUPPORTED_FORMATS.includes(s.format);
    const mode = this.mode;
    Object.assign(this.root.dataset, { state: s.state, format: s.format, mode, quality: mode === 'full' ? 'auto' : quality });
    this.latency.show();
    this.root.classList.toggle('offline', !live);
    this.root.classList.toggle('unsupported', !supported);
    this.badge.textContent = live ? 'live' : (s.state || 'offline');
    // A pulled camera that is down says why (its title names it; credentials never reach the page).
    const src = s.source;
    this.nameEl.textContent = (src && src.title) || this.name;
    if (src) this.root.dataset.sourceState = src.state;
    else delete this.root.dataset.sourceState;
    const pulledDown = Boolean(src) && !live;
    this.root.classList.toggle('pulled-down', pulledDown);
    if (pulledDown) this.badge.textContent = src.state;
    if (supported) {
      if (!this.renderer || this.format !== s.format) this.replaceRenderer(createRenderer(this, s.format));
      if (!this.root.classList.contains('failed')) {
        this.placeholder.textContent = live ? 'waiting for first frame…'
          : pulledDown ? src.state + (src.reason ? ': ' + src.reason : '') : 'camera offline';
      }
      const wanted = fullscreen.tile ? mode === 'full' : shown(this);
      if (wanted && !this.renderer.idle) this.connect(wsUrl(this.name, this.streamParams(quality)));
      else this.disconnect();
    } else {
      this.placeholder.textContent = String(s.format).toUpperCase() + ': format not supported yet';
      this.disconnect();
      this.replaceRenderer(null);
    }
    this.render();
  }

  /** Swaps the renderer (format change, or WebCodecs falling back to Broadway) and reconnects for a fresh keyframe. */
  replaceRenderer(renderer) {
    if (this.renderer) this.renderer.destroy();
    this.renderer = renderer;
    this.format = renderer && this.info ? this.info.format : null;
    this.root.classList.remove('failed');
    const label = renderer && renderer.label;
    if (label) this.root.dataset.decoder = label;
    else delete this.root.dataset.decoder;
    this.decoderEl.textContent = label || '';
    this.decoderEl.hidden = !label;
    if (renderer && this.wsUrl) {
      const url = this.wsUrl;
      this.disconnect();
      this.connect(url);
    }
  }

  /** The renderer cannot work at all (e.g. its decoder failed to load). */
  showError(text) {
    this.root.classList.add('failed');
    this.placeholder.textContent = text;
  }

  /** Re-picks rendition, mode and subscription (after fullscreen or visibility changed). */
  refresh() {
    if (!this.closed && this.info) this.update(Object.values(this.renditions));
  }

  render() {
    const s = this.info;
    if (!s) return;
    const w = s.width || (this.frames ? this.canvas.width : null);
    const h = s.height || (this.frames ? this.canvas.height : null);
    const parts = [];
    if (this.renderer) parts.push(num(this.fps, 1) + ' fps');
    parts.push('in ' + num(s.fpsIn, 1));
    parts.push(w && h ? w + '×' + h : '?×?');
    parts.push(s.quality || '');
    this.metaEl.textContent = parts.filter(Boolean).join(' · ');
    const r = this.renderer;
    this.root.title = (s.source ? s.source.title + '\n' : '') + this.name + ' (' + s.format + (s.codec ? ' ' + s.codec : '') + ', ' + (s.quality || '') + ')'
      + (s.node ? '\ningested on ' + s.node : '')
      + (r && r.label ? '\ndecoder ' + r.label : '')
      + '\nviewers ' + (s.viewers ?? '–') + ' · frame age ' + (s.frameAgeMs ?? '–') + ' ms'
      + '\nframes in ' + (s.framesIn ?? '–') + ' · dropped ' + (s.framesDropped ?? '–')
      + ' server / ' + (r ? r.dropped : 0) + ' browser';
    this.root.setAttribute('aria-label', this.name + ', ' + (s.state || 'unknown')
      + ', ' + this.metaEl.textContent + (r && r.label ? ', decoded with ' + r.label : '')
      + '. Press Enter for fullscreen.');
  }

  connect(url) {
    if (this.closed || (this.wsUrl === url && (this.ws || this.retry))) return;
    this.disconnect();
    this.wsUrl = url;
    this.root.dataset.subscribed = 'true';
    const ws = this.ws = new WebSocket(url);
    ws.binaryType = this.renderer.binaryType;
    ws.onopen = () => {
      if (this.ws === ws && this.renderer) this.renderer.reset(); // the server starts with a keyframe
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws || !this.renderer) return;
      if (typeof e.data === 'string') {
        this.latency.text(e.data);
        return;
      }
      this.backoff = BACKOFF_MIN_MS;
      this.renderer.push(e.data, this.latency.take());
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.closed) return;
      if (e.code === 4415 && !this.frames) this.placeholder.textContent = e.reason || 'format not supported by the relay';
      const delay = this.backoff * (0.8 + Math.random() * 0.4);
      this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
      this.retry = setTimeout(() => { this.retry = null; this.connect(url); }, delay);
    };
  }

  disconnect() {
    clearTimeout(this.retry);
    this.retry = null;
    this.wsUrl = null;
    this.root.dataset.subscribed = 'false';
    if (this.renderer) this.renderer.reset();
    const ws = this.ws;
    if (ws) {
      ws.onmessage = ws.onclose = null;
      // closing a socket still connecting makes the browser log an error: close it once open
      if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
      else {
        ws.onopen = null;
        ws.close();
      }
      this.ws = null;
    }
  }

  /** Called by the renderer after each picture it drew, with that message's stamp if it has one. */
  painted(stamp) {
    this.latency.painted(stamp);
    this.frames++;
    this.recent++;
    this.root.dataset.frames = String(this.frames);
    if (this.frames === 1) {
      this.root.classList.add('has-frame');
      this.render();
    }
  }

  destroy() {
    this.closed = true;
    this.latency.destroy();
    unwatch(this);
    if (fullscreen.tile === this) fullscreen.exit();
    this.disconnect();
    this.replaceRenderer(null);
    this.root.remove();
  }
}
