// camrelay dashboard: discovers streams from api/streams and paints each MJPEG stream on a
// <canvas> from its WebSocket (one binary message = one JPEG). A WebSocket per tile rather than
// <img src=mjpeg/...> keeps every tile live: browsers allow only 6 HTTP/1.1 connections per host.
// Test hook: every tile has data-stream="<name>" and data-frames="<frames painted>".
'use strict';
(() => {
  const POLL_MS = 2000;
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 15000;
  const DEFAULT_INGEST_PORT = 12345;

  const grid = document.getElementById('grid');
  const countEl = document.getElementById('count');
  const statusEl = document.getElementById('status');
  const emptyEl = document.getElementById('empty');
  const ingestEl = document.getElementById('ingest-addr');
  const tiles = new Map(); // stream name -> Tile
  const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;
  let fsTile = null; // tile shown fullscreen (Fullscreen API or the CSS fallback)

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function num(v, digits) {
    return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : '–';
  }

  function wsUrl(name, quality) {
    const url = new URL('ws/' + encodeURIComponent(name), location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '?quality=' + encodeURIComponent(quality);
    return url.href;
  }

  class Tile {
    constructor(name) {
      this.name = name;
      this.renditions = {}; // quality -> API entry
      this.info = null;     // the entry shown
      this.frames = 0;      // frames painted
      this.recent = 0;      // frames painted since the last fps tick
      this.fps = null;      // measured in the browser
      this.dropped = 0;     // frames skipped because a newer one arrived while decoding
      this.ws = null;
      this.wsQuality = null;
      this.retry = null;
      this.backoff = BACKOFF_MIN_MS;
      this.pending = null;  // newest undecoded JPEG
      this.decoding = false;
      this.closed = false;

      const root = this.root = el('button', 'tile');
      root.type = 'button';
      root.dataset.stream = name;
      root.dataset.frames = '0';
      this.canvas = Object.assign(el('canvas', 'view'), { width: 640, height: 360 });
      this.ctx = this.canvas.getContext('2d', { alpha: false });
      this.placeholder = el('span', 'placeholder', 'connecting…');
      this.badge = el('span', 'badge');
      const screen = el('span', 'screen');
      screen.append(this.canvas, this.placeholder, this.badge);
      this.metaEl = el('span', 'meta');
      const caption = el('span', 'caption');
      caption.append(el('span', 'name', name), this.metaEl);
      root.append(screen, caption);
      root.addEventListener('click', () => (fsTile ? exitFullscreen() : enterFullscreen(this)));
    }

    // Grid shows the low rendition when there is one, fullscreen the high one.
    chooseQuality() {
      const order = fsTile === this ? ['high', 'low'] : ['low', 'high'];
      return order.find((q) => this.renditions[q]) || Object.keys(this.renditions)[0];
    }

    update(entries) {
      this.renditions = {};
      for (const s of entries) this.renditions[s.quality || 'high'] = s;
      const quality = this.chooseQuality();
      const s = this.info = this.renditions[quality];
      const live = s.state === 'live';
      const supported = s.format === 'mjpeg';
      Object.assign(this.root.dataset, { state: s.state, format: s.format, quality: quality });
      this.root.classList.toggle('offline', !live);
      this.root.classList.toggle('unsupported', !supported);
      this.badge.textContent = live ? 'live' : (s.state || 'offline');
      if (supported) {
        this.placeholder.textContent = live ? 'waiting for first frame…' : 'camera offline';
        this.connect(quality);
      } else {
        this.placeholder.textContent = String(s.format).toUpperCase() + ': format not supported yet';
        this.disconnect();
      }
      this.render();
    }

    refresh() {
      if (!this.closed) this.update(Object.values(this.renditions));
    }

    render() {
      const s = this.info;
      if (!s) return;
      const w = s.width || (this.frames ? this.canvas.width : null);
      const h = s.height || (this.frames ? this.canvas.height : null);
      const parts = [];
      if (s.format === 'mjpeg') parts.push(num(this.fps, 1) + ' fps');
      parts.push('in ' + num(s.fpsIn, 1));
      parts.push(w && h ? w + '×' + h : '?×?');
      parts.push(this.info.quality || '');
      this.metaEl.textContent = parts.filter(Boolean).join(' · ');
      this.root.title = this.name + ' (' + s.format + ', ' + (s.quality || '') + ')'
        + '\nviewers ' + (s.viewers ?? '–') + ' · frame age ' + (s.frameAgeMs ?? '–') + ' ms'
        + '\nframes in ' + (s.framesIn ?? '–') + ' · dropped ' + (s.framesDropped ?? '–')
        + ' server / ' + this.dropped + ' browser';
      this.root.setAttribute('aria-label', this.name + ', ' + (s.state || 'unknown')
        + ', ' + this.metaEl.textContent + '. Press Enter for fullscreen.');
    }

    connect(quality) {
      if (this.closed || (this.wsQuality === quality && (this.ws || this.retry))) return;
      this.disconnect();
      this.wsQuality = quality;
      const ws = this.ws = new WebSocket(wsUrl(this.name, quality));
      ws.binaryType = 'blob';
      ws.onmessage = (e) => {
        if (this.ws !== ws || typeof e.data === 'string') return;
        this.backoff = BACKOFF_MIN_MS;
        if (this.pending) this.dropped++;
        this.pending = e.data; // always decode only the newest frame
        this.pump();
      };
      ws.onclose = () => {
        if (this.ws !== ws) return;
        this.ws = null;
        if (this.closed) return;
        const delay = this.backoff * (0.8 + Math.random() * 0.4);
        this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
        this.retry = setTimeout(() => { this.retry = null; this.connect(quality); }, delay);
      };
    }

    disconnect() {
      clearTimeout(this.retry);
      this.retry = null;
      this.wsQuality = null;
      this.pending = null;
      if (this.ws) {
        this.ws.onmessage = this.ws.onclose = null;
        this.ws.close();
        this.ws = null;
      }
    }

    pump() {
      if (this.decoding || !this.pending) return;
      const blob = this.pending;
      this.pending = null;
      this.decoding = true;
      createImageBitmap(blob)
        .then((bitmap) => {
          if (!this.closed) this.paint(bitmap);
          bitmap.close();
        }, () => { /* a corrupt JPEG: keep the last picture */ })
        .finally(() => {
          this.decoding = false;
          this.pump();
        });
    }

    paint(bitmap) {
      const c = this.canvas;
      if (c.width !== bitmap.width || c.height !== bitmap.height) {
        c.width = bitmap.width;
        c.height = bitmap.height;
      }
      this.ctx.drawImage(bitmap, 0, 0);
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
      if (fsTile === this) exitFullscreen();
      this.disconnect();
      this.root.remove();
    }
  }

  function sync(streams) {
    const groups = new Map();
    for (const s of streams) {
      if (!s || typeof s.name !== 'string') continue;
      if (!groups.has(s.name)) groups.set(s.name, []);
      groups.get(s.name).push(s);
    }
    for (const [name, tile] of tiles) {
      if (!groups.has(name)) {
        tile.destroy();
        tiles.delete(name);
      }
    }
    const names = [...groups.keys()].sort(byName);
    let prev = null;
    for (const name of names) {
      let tile = tiles.get(name);
      if (!tile) tiles.set(name, tile = new Tile(name));
      const spot = prev ? prev.root.nextSibling : grid.firstChild;
      if (tile.root !== spot) grid.insertBefore(tile.root, spot);
      tile.update(groups.get(name));
      prev = tile;
    }
    const live = names.filter((n) => tiles.get(n).info.state === 'live').length;
    countEl.textContent = names.length + (names.length === 1 ? ' stream' : ' streams')
      + ' · ' + live + ' live';
    emptyEl.hidden = names.length > 0;
  }

  async function poll() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5000);
    try {
      const res = await fetch('api/streams', { cache: 'no-store', signal: abort.signal });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const body = await res.json();
      if (body.ingestPort) ingestEl.textContent = 'tcp://' + location.hostname + ':' + body.ingestPort;
      sync(Array.isArray(body.streams) ? body.streams : []);
      statusEl.textContent = '';
    } catch (err) {
      statusEl.textContent = 'relay unreachable, retrying…';
    } finally {
      clearTimeout(timer);
      setTimeout(poll, POLL_MS);
    }
  }

  function enterFullscreen(tile) {
    fsTile = tile;
    const r = tile.root;
    const fallback = () => {
      if (fsTile !== tile) return;
      r.classList.add('css-fs');
      document.body.classList.add('has-css-fs');
    };
    const request = r.requestFullscreen || r.webkitRequestFullscreen;
    try {
      const p = request ? request.call(r) : fallback();
      if (p && p.catch) p.catch(fallback);
    } catch (e) {
      fallback();
    }
    tile.refresh();
  }

  function exitFullscreen() {
    const tile = fsTile;
    fsTile = null;
    const exit = document.exitFullscreen || document.webkitExitFullscreen;
    if ((document.fullscreenElement || document.webkitFullscreenElement) && exit) {
      const p = exit.call(document);
      if (p && p.catch) p.catch(() => {});
    }
    document.body.classList.remove('has-css-fs');
    if (tile) {
      tile.root.classList.remove('css-fs');
      tile.refresh();
    }
  }

  function onFullscreenChange() {
    const inApi = document.fullscreenElement || document.webkitFullscreenElement;
    if (!inApi && fsTile && !fsTile.root.classList.contains('css-fs')) exitFullscreen();
  }
  document.addEventListener('fullscreenchange', onFullscreenChange);
  document.addEventListener('webkitfullscreenchange', onFullscreenChange);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && fsTile) exitFullscreen();
  });

  // Browser-side fps: frames actually painted per second.
  let lastTick = performance.now();
  setInterval(() => {
    const now = performance.now();
    const seconds = (now - lastTick) / 1000;
    lastTick = now;
    for (const tile of tiles.values()) {
      tile.fps = tile.recent / seconds;
      tile.recent = 0;
      tile.render();
    }
  }, 1000);

  ingestEl.textContent = 'tcp://' + (location.hostname || 'host') + ':' + DEFAULT_INGEST_PORT;
  poll();
})();
