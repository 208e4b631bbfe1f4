// A tile's sound control, for MSE tiles whose stream carries audio. Muted by default (autoplay
// rules); in fullscreen the control unmutes that one tile, and leaving fullscreen mutes it again.
// In the grid it only shows that the camera has sound (thumbnails get pictures alone).
// Test hooks on the tile: data-audio (the AAC codec, e.g. mp4a.40.2, once the stream sent sound)
// and data-muted ("true" or "false").
import { fullscreen } from './fullscreen.js';

/** Called by the MSE player on each init segment: `codec` is its AAC codec, or null. */
export function showSound(tile, codec, video) {
  const sound = tile.sound || (tile.sound = createControl(tile));
  sound.video = video;
  sound.available = !!codec;
  if (codec) tile.root.dataset.audio = codec;
  if (!codec) video.muted = true;
  sound.render();
}

function createControl(tile) {
  const control = document.createElement('span');
  control.className = 'sound';
  control.setAttribute('role', 'button');
  control.tabIndex = 0;
  control.hidden = true;
  tile.screen.append(control);
  const sound = {
    video: null,
    available: false,
    mute() {
      if (sound.video) sound.video.muted = true;
      sound.render();
    },
    render() {
      const muted = !sound.video || sound.video.muted;
      const full = fullscreen.tile === tile && sound.available;
      control.hidden = !tile.root.dataset.audio;
      control.textContent = full ? (muted ? '🔇 unmute' : '🔊 mute') : '♪';
      control.title = full ? (muted ? 'Turn the sound on' : 'Turn the sound off')
        : 'This camera has sound: open it fullscreen to listen';
      control.setAttribute('aria-pressed', String(full && !muted));
      tile.root.dataset.muted = String(muted);
    },
  };
  const toggle = (e) => {
    e.stopPropagation(); // the tile itself toggles fullscreen
    e.preventDefault();
    if (fullscreen.tile !== tile || !sound.available || !sound.video) return;
    const v = sound.video;
    v.muted = !v.muted;
    if (!v.muted && v.paused) v.play().catch(() => {});
    sound.render();
  };
  control.addEventListener('click', toggle);
  control.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') toggle(e);
  });
  return sound;
}
