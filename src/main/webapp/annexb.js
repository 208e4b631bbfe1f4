// H.264 (and H.265) Annex B helpers for the dashboard: one WebSocket message is one access unit (a whole
// picture), NAL units separated by 00 00 01 / 00 00 00 01 start codes.

/** Calls fn(type, start, end) for each NAL unit (start = first byte after the start code) until fn returns true. */
export function eachNal(bytes, fn) {
  const n = bytes.length;
  let start = -1;
  for (let i = 0; i + 2 < n; i++) {
    if (bytes[i + 2] > 1) {
      i += 2; // no start code can begin at i, i+1 or i+2
    } else if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      if (start >= 0) {
        let end = i;
        while (end > start && bytes[end - 1] === 0) end--; // trailing zeros / 4-byte start code
        if (fn(bytes[start] & 0x1f, start, end)) return;
      }
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0 && start < n) fn(bytes[start] & 0x1f, start, n);
}

/**
 * What the dashboard needs to know about an access unit: whether it holds an IDR slice (NAL
 * type 5: a keyframe the decoder can start from) and its SPS (type 7), if any. Stops at the first
 * slice, so only the parameter sets in front of the picture are read, not the picture itself.
 */
export function scanAccessUnit(bytes) {
  let key = false;
  let sps = null;
  eachNal(bytes, (type, start, end) => {
    if (type === 7 && !sps) sps = bytes.subarray(start, end);
    if (type === 1 || type === 5) {
      key = type === 5;
      return true;
    }
    return false;
  });
  return { key, sps };
}

/** RFC 6381 codec string (avc1.PPCCLL: profile_idc, constraint flags, level_idc) from an SPS NAL unit. */
export function codecFromSps(sps) {
  if (!sps || sps.length < 4) return null;
  const hex = (b) => b.toString(16).padStart(2, '0').toUpperCase();
  return 'avc1.' + hex(sps[1]) + hex(sps[2]) + hex(sps[3]);
}

/** Whether two byte arrays (e.g. two SPS NAL units) are equal; false when either is missing. */
export function sameBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether an H.265 access unit holds an IRAP picture (NAL types 16-21: a decoder can start there)
 * and its SPS (type 33), if any; stops at the first slice.
 */
export function scanHevcAccessUnit(bytes) {
  let key = false;
  let sps = null;
  eachNal(bytes, (_h264Type, start, end) => {
    const type = (bytes[start] >> 1) & 0x3f;
    if (type === 33 && !sps) sps = bytes.subarray(start, end);
    if (type <= 31) {
      key = type >= 16 && type <= 21;
      return true;
    }
    return false;
  });
  return { key, sps };
}
