// Firefox ESR driven over WebDriver BiDi by puppeteer-core: an MSE tile whose camera has AAC sound
// (a relay pulling an RTSP camera with audio) plays it muted in fullscreen, and its sound control
// unmutes it. Usage: node src/test/firefox/firefox-sound.mjs http://127.0.0.1:8080/ TILE
// Prints one line per step; exits 1 when a step did not happen within the deadline.
import puppeteer from 'puppeteer-core';

const [base, name] = process.argv.slice(2);
const executablePath = process.env.FIREFOX || '/usr/bin/firefox-esr';
const DEADLINE_MS = 45000;
const TILE = '#grid [data-stream="' + name + '"]';

/** What the tile and its <video> say: mode, codec of its sound, muted, played time, control. */
function facts(selector) {
  const t = document.querySelector(selector);
  const v = t && t.querySelector('video');
  if (!v) return null;
  const s = t.querySelector('.sound');
  return {
    mode: t.dataset.mode, decoder: t.dataset.decoder || null, audio: t.dataset.audio || null,
    frames: Number(t.dataset.frames || 0), muted: v.muted, paused: v.paused,
    time: v.currentTime, hasAudio: v.mozHasAudio ?? null,
    control: s && !s.hidden ? s.textContent : null,
  };
}

async function until(page, what, test) {
  const end = Date.now() + DEADLINE_MS;
  let last = null;
  while (Date.now() < end) {
    last = await page.evaluate(facts, TILE);
    if (last && test(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(what + ': ' + JSON.stringify(last));
}

const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
let failed = false;
try {
  console.log('firefox ' + (await browser.version()));
  const page = await browser.newPage();
  await page.goto(new URL('?decoder=mse', base).href);
  await until(page, 'the MSE tile did not paint', (f) => f.decoder === 'MSE' && f.frames > 0);
  await page.click(TILE);
  const muted = await until(page, 'no sound in fullscreen',
    (f) => f.mode === 'full' && f.audio === 'mp4a.40.2' && f.hasAudio !== false && f.time > 0.5);
  console.log((muted.muted ? 'ok   ' : 'FAIL ') + 'plays muted in fullscreen: ' + JSON.stringify(muted));
  failed ||= !muted.muted;
  await page.click(TILE + ' .sound');
  const before = muted.time;
  const unmuted = await until(page, 'did not unmute and go on playing',
    (f) => !f.muted && f.mode === 'full' && f.time > before + 1);
  console.log('ok   unmuted and playing: ' + JSON.stringify(unmuted));
} catch (e) {
  console.log('FAIL ' + e.message);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
