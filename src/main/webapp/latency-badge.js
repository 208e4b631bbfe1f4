// The latency badge of a fullscreen tile: relay-to-screen milliseconds of the pictures it paints.
// Off by default; a switch in the fullscreen caption (or the L key) turns it on for every tile
// and the choice is kept in localStorage. While on, the fullscreen tile asks for `stamps=1`: the
// relay sends each frame's arrival time as a text message just before the frame, the renderer
// carries that stamp to the moment it draws the picture, and the clock offset comes from a few
// api/time exchanges (latency.js). Every REPORT_MS the tile sends the relay its p50/p90 on the
// same WebSocket (shown in api/streams). Renderers that cannot tie a painted picture to its
// message (Broadway, jsmpeg, MSE) leave the badge at "n/a". Test hooks on the tile: data-latency
// ("off", "on") and data-latency-ms (the shown median).
import { clockOffset, latencyMs, parseStamp, percentile, report } from './latency.js';

const STORAGE_KEY = 'camrelay.latencyBadge';
const CLOCK_SAMPLES = 5;
const CLOCK_REFRESH_MS = 60000;
const SHOWN_SAMPLES = 30;    // the badge shows the median of the newest painted pictures
const REPORT_MS = 10000;
const MAX_INTERVAL_SAMPLES = 2000; // per report interval; older ones are dropped beyond this

let enabled = readSetting();
const listeners = new Set();
let clock = null;            // { offsetMs, rttMs, atMs } or null
let clockPending = null;

function readSetting() {
  try { return localStorage.getItem(STORAGE_KEY) === 'on'; } catch { return false; }
}

const pageNow = () => performance.timeOrigin + performance.now();

async function sampleClock() {
  const samples = [];
  for (let i = 0; i < CLOCK_SAMPLES; i++) {
    const sentMs = pageNow();
    const res = await fetch('api/time', { cache: 'no-store' });
    const body = await res.json();
    samples.push({ sentMs, relayUs: body.nowUs, receivedMs: pageNow() });
  }
  const c = clockOffset(samples);
  if (c) clock = { ...c, atMs: pageNow() };
}

/** Starts a clock exchange unless a recent one is known or one is under way. */
function refreshClock() {
  if (clockPending || (clock && pageNow() - clock.atMs < CLOCK_REFRESH_MS)) return;
  clockPending = sampleClock().catch(() => {}).finally(() => { clockPending = null; });
}

export function latencyEnabled() {
  return enabled;
}

function setEnabled(on) {
  enabled = on;
  try { localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off'); } catch { /* private mode */ }
  for (const l of listeners) l.changed();
}

export class LatencyMeter {
  constructor(tile, el) {
    this.tile = tile;
    this.next = null;    // stamp of the next binary message
    this.shown = [];     // newest latencies, for the badge
    this.interval = [];  // latencies since the last report
    this.badge = el('span', 'latency-badge');
    this.toggle = el('span', 'latency-toggle', 'latency');
    this.toggle.setAttribute('role', 'switch');
    this.toggle.tabIndex = 0;
    const flip = (e) => {
      e.stopPropagation(); // the tile is a button: a click on it leaves fullscreen
      e.preventDefault();
      setEnabled(!enabled);
    };
    this.toggle.addEventListener('click', flip);
    this.toggle.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') flip(e); });
    this.timer = setInterval(() => this.sendReport(), REPORT_MS);
    listeners.add(this);
    this.show();
  }

  /** Whether the tile's WebSocket should ask for stamps. */
  get wanted() {
    return enabled && this.tile.mode === 'full';
  }

  /** The switch was flipped: show it and reconnect with or without stamps. */
  changed() {
    this.show();
    this.tile.refresh();
  }

  /** Shows the switch and badge as the setting and the tile's mode say (tile.update calls it). */
  show() {
    const on = this.wanted;
    this.toggle.setAttribute('aria-checked', String(enabled));
    if (this.tile.root.dataset.latency === (on ? 'on' : 'off')) return;
    this.tile.root.dataset.latency = on ? 'on' : 'off';
    this.badge.hidden = !on;
    if (on) {
      refreshClock();
      this.badge.textContent = 'latency …';
    } else {
      this.clear();
      delete this.tile.root.dataset.latencyMs;
    }
  }

  clear() {
    this.next = null;
    this.shown = [];
    this.interval = [];
  }

  /** A text message from the tile's WebSocket: remembers the stamp for the next frame. */
  text(data) {
    this.next = parseStamp(data);
  }

  /** The stamp that goes with the binary message just received (null when none). */
  take() {
    const s = this.next;
    this.next = null;
    return s;
  }

  /** A picture was drawn; stamp is its message's arrival at the relay (µs), or undefined. */
  painted(stamp) {
    if (!this.wanted) return;
    if (typeof stamp !== 'number') {
      if (this.tile.renderer && !this.tile.renderer.carriesStamps) this.badge.textContent = 'latency n/a';
      return;
    }
    refreshClock();
    // drawn now, on screen with the next display frame: measured when that frame starts
    requestAnimationFrame(() => this.record(stamp));
  }

  record(stamp) {
    if (!clock || !this.wanted) return;
    const ms = latencyMs(stamp, pageNow(), clock.offsetMs);
    this.shown.push(ms);
    if (this.shown.length > SHOWN_SAMPLES) this.shown.shift();
    if (this.interval.length < MAX_INTERVAL_SAMPLES) this.interval.push(ms);
    const median = Math.max(0, percentile(this.shown, 50));
    this.badge.textContent = median.toFixed(0) + ' ms';
    this.tile.root.dataset.latencyMs = median.toFixed(1);
  }

  sendReport() {
    const ws = this.tile.ws;
    const r = report(this.interval);
    this.interval = [];
    if (r && this.wanted && ws && ws.readyState === WebSocket.OPEN && ws.url.includes('stamps=1')) {
      ws.send(JSON.stringify(r));
    }
  }

  destroy() {
    clearInterval(this.timer);
    listeners.delete(this);
  }
}

document.addEventListener('keydown', (e) => {
  if ((e.key === 'l' || e.key === 'L') && [...listeners].some((m) => m.tile.mode === 'full')) setEnabled(!enabled);
});
