// Opens PAGE in headless Firefox ESR (over WebDriver BiDi), puts an <img> on IMG in it, and
// prints "pixel r,g,b" whenever the painted centre pixel changes ("pixel none" before the first
// picture). Runs until stdin closes. Usage: node img-colour.mjs PAGE IMG
import puppeteer from 'puppeteer-core';

const [page, img] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
  headless: true,
});
let running = true;
process.stdin.on('end', () => { running = false; });
process.stdin.resume();
try {
  const tab = await browser.newPage();
  await tab.goto(page);
  await tab.evaluate((src) => {
    document.body.innerHTML = '';
    const el = document.createElement('img');
    el.id = 'live';
    el.src = src;
    document.body.appendChild(el);
  }, img);
  console.log('ready');
  let last = '';
  while (running) {
    const rgb = await tab.evaluate(() => {
      const el = document.getElementById('live');
      if (!el.naturalWidth) return 'none';
      const c = document.createElement('canvas');
      c.width = el.naturalWidth;
      c.height = el.naturalHeight;
      const g = c.getContext('2d', {willReadFrequently: true});
      g.drawImage(el, 0, 0);
      const d = g.getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
      return d[0] + ',' + d[1] + ',' + d[2];
    });
    if (rgb !== last) {
      console.log('pixel ' + rgb);
      last = rgb;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
} finally {
  await browser.close();
}
