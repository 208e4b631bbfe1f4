// The dashboard's Annex B helpers (src/main/webapp/annexb.js), run by `node --test` from Maven.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { codecFromSps, eachNal, sameBytes, scanAccessUnit } from '../../main/webapp/annexb.js';

const fixture = (name) => new Uint8Array(readFileSync(
  new URL('../resources/fixtures/h264/' + name, import.meta.url)));

/** Every NAL unit as [type, start, end]. */
function nals(bytes) {
  const found = [];
  eachNal(bytes, (type, start, end) => {
    found.push([type, start, end]);
    return false;
  });
  return found;
}

test('eachNal finds NAL units after 3- and 4-byte start codes, without their trailing zeros', () => {
  const bytes = Uint8Array.of(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88, 0x84);
  assert.deepEqual(nals(bytes), [[7, 4, 6], [8, 10, 12], [5, 15, 18]]);
});

test('eachNal stops when the callback returns true', () => {
  const bytes = Uint8Array.of(0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88);
  const types = [];
  eachNal(bytes, (type) => {
    types.push(type);
    return type === 8;
  });
  assert.deepEqual(types, [7, 8]);
});

test('eachNal finds nothing without a start code', () => {
  assert.deepEqual(nals(Uint8Array.of(0x65, 0x88, 0, 0, 2, 0x11)), []);
  assert.deepEqual(nals(new Uint8Array(0)), []);
});

test('scanAccessUnit: an IDR picture with its SPS, a predicted picture without', () => {
  const idr = Uint8Array.of(0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x0b, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88);
  const { key, sps } = scanAccessUnit(idr);
  assert.equal(key, true);
  assert.deepEqual(Array.from(sps), [0x67, 0x42, 0xc0, 0x0b]);
  assert.deepEqual(scanAccessUnit(Uint8Array.of(0, 0, 1, 0x41, 0x9a)), { key: false, sps: null });
});

test('scanAccessUnit reads only the parameter sets in front of the first slice', () => {
  const late = Uint8Array.of(0, 0, 1, 0x41, 0x9a, 0, 0, 1, 0x67, 0x42, 0xc0, 0x0b);
  assert.deepEqual(scanAccessUnit(late), { key: false, sps: null });
});

test('real ffmpeg output (fixtures/h264/baseline-320x240.h264): SPS, PPS, IDR, Constrained Baseline level 11', () => {
  const stream = fixture('baseline-320x240.h264');
  const types = nals(stream).map(([type]) => type);
  // 20 pictures, a keyframe every 10 (the fixture's recorded ffmpeg command), one slice each
  assert.equal(types.filter((t) => t === 5).length, 2);
  assert.equal(types.filter((t) => t === 1).length, 18);
  assert.ok(types.indexOf(7) < types.indexOf(5) && types.indexOf(8) < types.indexOf(5));
  const { key, sps } = scanAccessUnit(stream);
  assert.equal(key, true);
  assert.equal(codecFromSps(sps), 'avc1.42C00B');
});

test('codecFromSps needs profile, constraint flags and level', () => {
  assert.equal(codecFromSps(Uint8Array.of(0x67, 0x64, 0x00, 0x28)), 'avc1.640028');
  assert.equal(codecFromSps(Uint8Array.of(0x67, 0x64, 0x00)), null);
  assert.equal(codecFromSps(null), null);
});

test('sameBytes compares contents; a missing array is never the same', () => {
  assert.equal(sameBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3)), true);
  assert.equal(sameBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4)), false);
  assert.equal(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3)), false);
  assert.equal(sameBytes(null, Uint8Array.of(1)), false);
  assert.equal(sameBytes(Uint8Array.of(1), undefined), false);
});
