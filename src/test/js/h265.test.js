// The dashboard's H.265 Annex B helper (src/main/webapp/annexb.js), run by `node --test` from Maven.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { eachNal, scanHevcAccessUnit } from '../../main/webapp/annexb.js';

const stream = new Uint8Array(readFileSync(
  new URL('../resources/fixtures/h265/main-330x186.h265', import.meta.url)));

/** The fixture cut into access units at each VPS and at each first slice of a picture. */
function accessUnits(bytes) {
  const starts = [];
  let sliceSeen = false;
  eachNal(bytes, (_t, start) => {
    const type = (bytes[start] >> 1) & 0x3f;
    const first = type <= 31 && (bytes[start + 2] & 0x80) !== 0;
    if ((type === 32 || first) && sliceSeen) {
      starts.push(start - 4);
      sliceSeen = false;
    }
    if (type <= 31) sliceSeen = true;
    return false;
  });
  const bounds = [0, ...starts, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}

test('real x265 output (fixtures/h265/main-330x186.h265): 2 IRAP pictures of 20, each with its SPS', () => {
  const units = accessUnits(stream).map(scanHevcAccessUnit);
  assert.equal(units.length, 20);
  assert.deepEqual(units.map((u, i) => (u.key ? i : -1)).filter((i) => i >= 0), [0, 10]);
  for (const u of units) assert.equal(u.sps !== null, u.key);
  assert.equal((units[0].sps[0] >> 1) & 0x3f, 33);
});
