// camrelay dashboard: discovers streams from api/streams and shows one tile per stream name
// (tile.js). Every tile has its own WebSocket rather than <img src=mjpeg/...>, which keeps every
// tile live: browsers allow only 6 HTTP/1.1 connections per host.
import { Tile } from './tile.js';

const POLL_MS = 2000;
const DEFAULT_INGEST_PORT = 12345;

const grid = document.getElementById('grid');
const countEl = document.getElementById('count');
const statusEl = document.getElementById('status');
const emptyEl = document.getElementById('empty');
const ingestEl = document.getElementById('ingest-addr');
const logoutEl = document.getElementById('logout');
const tiles = new Map(); // stream name -> Tile
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

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
    if (res.status === 401) {
      // the login session expired or was ended elsewhere: streams would stop one by one
      location.assign('login.html');
      return;
    }
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const body = await res.json();
    if (body.ingestPort) ingestEl.textContent = 'tcp://' + (location.hostname || 'host') + ':' + body.ingestPort;
    logoutEl.hidden = body.viewAuth !== true;
    sync(Array.isArray(body.streams) ? body.streams : []);
    statusEl.textContent = '';
  } catch {
    statusEl.textContent = 'relay unreachable, retrying…';
  } finally {
    clearTimeout(timer);
    setTimeout(poll, POLL_MS);
  }
}

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
