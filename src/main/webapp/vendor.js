// Helpers for the decoders that come from npm (served under vendor/, see pom.xml): loading their
// classic scripts on first use, and the page's WebGL budget shared by Broadway and jsmpeg.
// `?webgl=0` in the page URL makes them all draw with Canvas2D (flaky GPU drivers, tests).

const GL_SLOTS = 6; // a page gets ~16 WebGL contexts (Chrome drops the oldest beyond that); the rest draw with Canvas2D
let glSlots = GL_SLOTS;
let webgl = new URLSearchParams(location.search).get('webgl') === '0' ? false : null;

/** Appends a classic <script> (kept in order with other non-async ones); resolves when it ran. */
export function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.async = false;
    s.onload = resolve;
    s.onerror = () => {
      s.remove();
      reject(new Error('cannot load ' + src));
    };
    document.head.append(s);
  });
}

/** Whether this browser can make a WebGL context at all (checked once, context released). */
export function webglAvailable() {
  if (webgl === null) {
    try {
      const gl = document.createElement('canvas').getContext('webgl');
      webgl = !!gl;
      const lose = gl && gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
    } catch {
      webgl = false;
    }
  }
  return webgl;
}

/** True when the caller may draw with WebGL; it must call releaseGlSlot() when done. */
export function takeGlSlot() {
  if (glSlots <= 0 || !webglAvailable()) return false;
  glSlots--;
  return true;
}

/** Gives a slot back and frees the context now rather than at garbage collection. */
export function releaseGlSlot(gl) {
  glSlots = Math.min(GL_SLOTS, glSlots + 1);
  const lose = gl && !gl.isContextLost() && gl.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext();
}
