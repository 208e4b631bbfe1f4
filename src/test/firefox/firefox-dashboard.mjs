// Firefox ESR (Debian's firefox-esr) driven over WebDriver BiDi by puppeteer-core: the dashboard's
// MJPEG, WebCodecs and MSE tiles must each paint a picture that keeps changing.
// Usage: node src/test/firefox/firefox-dashboard.mjs http://127.0.0.1:8080/  (a relay with --demo=true)
// Prints one line per check; exits 1 when a tile did not paint within the deadline.
import puppeteer from 'puppeteer-core';

const base = process.argv[2];
const executablePath = process.env.FIREFOX || '/usr/bin/firefox-esr';
const DEADLINE_MS = 45000;

// [page query, tile, decoder label the tile must show (null: MJPEG has none)]
const CHECKS = [
  ['', 'demo1', null],
  ['', 'demo-h264', 'WebCodecs'],
  ['?decoder=mse', 'demo-h264', 'MSE'],
];

/** The tile's frames painted, decoder label and an FNV-1a hash of its picture's pixels. */
function sample(name) {
  const t = document.querySelector('#grid [data-stream="' + name + '"]');
  if (!t) return null;
  const c = t.querySelector('canvas, video');
  const w = c ? c.videoWidth || c.width : 0;
  const h = c ? c.videoHeight || c.height : 0;
  let hash = 0x811c9dc5;
  let blank = true;
  if (w && h) {
    const scratch = document.createElement('canvas');
    scratch.width = w;
    scratch.height = h;
    const g = scratch.getContext('2d');
    g.drawImage(c, 0, 0);
    const d = g.getImageData(0, 0, w, h).data;
    for (let i = 0; i < d.length; i++) {
      hash = Math.imul(hash ^ d[i], 16777619);
      if (blank && i >= 4 && (i & 3) !== 3 && d[i] !== d[i & 3]) blank = false;
    }
  }
  const frames = Number(t.dataset.frames || 0);
  return { frames, decoder: t.dataset.decoder || null, w, h, hash: hash >>> 0, blank };
}

async function check(browser, [query, name, decoder]) {
  const page = await browser.newPage();
  try {
    await page.goto(new URL(query, base).href);
    const end = Date.now() + DEADLINE_MS;
    let first = null;
    let last = null;
    while (Date.now() < end) {
      last = await page.evaluate(sample, name);
      const painted = last && !last.blank && last.frames > 0 && last.decoder === decoder;
      if (painted && !first) first = last;
      if (painted && first && last.frames > first.frames && last.hash !== first.hash) {
        const what = name + ' ' + (decoder || 'MJPEG');
        const size = last.w + 'x' + last.h;
        return { ok: true, text: what + ' paints ' + size + ', ' + last.frames + ' frames' };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const what = name + ' ' + (decoder || 'MJPEG');
    const seen = JSON.stringify({ first, last });
    return { ok: false, text: what + ' did not paint a changing picture: ' + seen };
  } finally {
    await page.close();
  }
}

const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
let failed = false;
try {
  console.log('firefox ' + (await browser.version()));
  for (const c of CHECKS) {
    const result = await check(browser, c);
    console.log((result.ok ? 'ok   ' : 'FAIL ') + result.text);
    failed ||= !result.ok;
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
