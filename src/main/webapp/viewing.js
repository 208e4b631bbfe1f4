// Which tiles are worth a WebSocket. A tile the user cannot see costs the relay and the network as
// much as one on screen, so tiles scrolled out of view, all tiles of a hidden tab, and every tile
// behind a fullscreen one unsubscribe (close their WebSocket) and subscribe again when seen.
// Tiles ask shown(tile) (tile.js adds the fullscreen rule); this module calls tile.refresh()
// whenever the answer may have changed.

// Tiles just outside the viewport connect early, so scrolling shows pictures, not placeholders.
const MARGIN = '150px 0px';
// A tile must stay unseen this long before it unsubscribes: a quick scroll past it or a glance at
// another tab should not cost a reconnect (and, for H.264/TS, a wait for the next keyframe).
const LINGER_MS = 1000;

const tiles = new Map(); // tile root -> { tile, intersecting, shown, timer }

const observer = typeof IntersectionObserver === 'function'
  ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      const s = tiles.get(e.target);
      if (s) {
        s.intersecting = e.isIntersecting;
        update(s);
      }
    }
  }, { rootMargin: MARGIN })
  : null;

/** Shown now: subscribe at once. Unseen: unsubscribe after LINGER_MS unless it is seen again. */
function update(s) {
  const shown = !document.hidden && (s.intersecting || !observer);
  clearTimeout(s.timer);
  s.timer = null;
  if (shown === s.shown) return;
  if (shown) {
    s.shown = true;
    s.tile.refresh();
  } else {
    s.timer = setTimeout(() => {
      s.timer = null;
      s.shown = false;
      s.tile.refresh();
    }, LINGER_MS);
  }
}

/** Starts following a tile's visibility (its first answer comes with the observer's first callback). */
export function watch(tile) {
  const s = { tile, intersecting: false, shown: false, timer: null };
  tiles.set(tile.root, s);
  if (observer) observer.observe(tile.root);
  else update(s);
}

export function unwatch(tile) {
  const s = tiles.get(tile.root);
  if (!s) return;
  clearTimeout(s.timer);
  tiles.delete(tile.root);
  if (observer) observer.unobserve(tile.root);
}

/** Whether the user can see the tile (or did until less than LINGER_MS ago). */
export function shown(tile) {
  const s = tiles.get(tile.root);
  return !!s && s.shown;
}

/** Re-evaluates every tile (fullscreen entered or left). */
export function refreshAll() {
  for (const s of tiles.values()) s.tile.refresh();
}

document.addEventListener('visibilitychange', () => {
  for (const s of tiles.values()) update(s);
});
