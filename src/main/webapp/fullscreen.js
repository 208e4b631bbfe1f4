// One tile at a time fullscreen: the Fullscreen API, or a fixed CSS overlay where it is missing
// (iPhone). Entering or leaving refreshes every tile: the fullscreen one switches between
// thumbnail and full rate, the others (hidden behind it) unsubscribe or subscribe again.
import { refreshAll } from './viewing.js';

export const fullscreen = {
  tile: null,
  toggle(tile) {
    if (this.tile) exitFullscreen();
    else enterFullscreen(tile);
  },
  exit: () => exitFullscreen(),
};

function enterFullscreen(tile) {
  fullscreen.tile = tile;
  const r = tile.root;
  const fallback = () => {
    if (fullscreen.tile !== tile) return;
    r.classList.add('css-fs');
    document.body.classList.add('has-css-fs');
  };
  const request = r.requestFullscreen || r.webkitRequestFullscreen;
  try {
    const p = request ? request.call(r) : fallback();
    if (p && p.catch) p.catch(fallback);
  } catch {
    fallback();
  }
  refreshAll();
}

function exitFullscreen() {
  const tile = fullscreen.tile;
  fullscreen.tile = null;
  const exit = document.exitFullscreen || document.webkitExitFullscreen;
  if ((document.fullscreenElement || document.webkitFullscreenElement) && exit) {
    const p = exit.call(document);
    if (p && p.catch) p.catch(() => {});
  }
  document.body.classList.remove('has-css-fs');
  if (tile) tile.root.classList.remove('css-fs');
  if (tile && tile.sound) tile.sound.mute(); // sound is for the fullscreen tile only
  refreshAll();
}

function onFullscreenChange() {
  const inApi = document.fullscreenElement || document.webkitFullscreenElement;
  const t = fullscreen.tile;
  if (!inApi && t && !t.root.classList.contains('css-fs')) exitFullscreen();
}
document.addEventListener('fullscreenchange', onFullscreenChange);
document.addEventListener('webkitfullscreenchange', onFullscreenChange);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && fullscreen.tile) exitFullscreen();
});
