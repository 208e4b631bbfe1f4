// The latency badge's arithmetic (src/main/webapp/latency.js), run by `node --test` from Maven.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockOffset, latencyMs, parseStamp, percentile, report } from '../../main/webapp/latency.js';

test('clockOffset takes the midpoint of the exchange with the smallest round trip', () => {
  // relay clock = page clock + 5000 ms; the relay reads its clock 3 ms after the request leaves
  const samples = [
    { sentMs: 1000, relayUs: (1000 + 5000 + 30) * 1000, receivedMs: 1100 }, // rtt 100, asymmetric
    { sentMs: 2000, relayUs: (2000 + 5000 + 3) * 1000, receivedMs: 2006 },  // rtt 6, symmetric
    { sentMs: 3000, relayUs: (3000 + 5000 + 2) * 1000, receivedMs: 3010 },  // rtt 10
  ];
  const c = clockOffset(samples);
  assert.equal(c.rttMs, 6);
  assert.equal(c.offsetMs, 5000);
});

test('clockOffset error is at most half the chosen round trip', () => {
  // the relay read its clock at the very start of a 6 ms exchange: true offset 5000
  const c = clockOffset([{ sentMs: 2000, relayUs: 7000 * 1000, receivedMs: 2006 }]);
  assert.ok(Math.abs(c.offsetMs - 5000) <= c.rttMs / 2);
});

test('clockOffset ignores samples that went backwards or lack a relay time', () => {
  assert.equal(clockOffset([]), null);
  assert.equal(clockOffset([{ sentMs: 10, relayUs: 1, receivedMs: 5 }]), null);
  assert.equal(clockOffset([{ sentMs: 10, relayUs: undefined, receivedMs: 12 }]), null);
});

test('latencyMs maps the relay arrival onto the page clock before subtracting', () => {
  // arrival 1_000_050 ms on the relay = 50 ms on a page whose clock is 1_000_000 ms behind
  assert.equal(latencyMs(1_000_050_000, 62, 1_000_000), 12);
});

test('parseStamp reads the relay stamp and nothing else', () => {
  assert.equal(parseStamp('{"arrivalUs":1733590000123456}'), 1733590000123456);
  assert.equal(parseStamp('{"arrivalUs":"x"}'), null);
  assert.equal(parseStamp('{"arrivalUs":'), null);
  assert.equal(parseStamp('hello'), null);
  assert.equal(parseStamp(new ArrayBuffer(2)), null);
});

test('percentile is nearest-rank', () => {
  const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  assert.equal(percentile(v, 50), 5);
  assert.equal(percentile(v, 90), 9);
  assert.equal(percentile(v, 100), 10);
  assert.equal(percentile([], 50), null);
});

test('report rounds and clamps to what the relay accepts', () => {
  assert.deepEqual(report([12.34, -3, 20.06, 99999]), { p50: 12.3, p90: 60000, n: 4 });
  assert.equal(report([]), null);
});
