// The latency badge's arithmetic, free of the DOM so `node --test` checks it.
// Clocks: the page's is performance.timeOrigin + performance.now() (monotonic, ms); the relay's
// is microseconds since the epoch on its own monotonic timeline (stamps and api/time share it).
// offset = relay - page, estimated NTP-style from the exchange with the smallest round trip, whose
// midpoint is the tightest bound on when the relay read its clock.

/** The clock offset (relay minus page, ms) and its round trip, from samples
 * {sentMs, relayUs, receivedMs}; null when there is no usable sample. */
export function clockOffset(samples) {
  let best = null;
  for (const s of samples) {
    const rtt = s.receivedMs - s.sentMs;
    if (!(rtt >= 0) || !Number.isFinite(s.relayUs)) continue;
    if (!best || rtt < best.rttMs) {
      best = { offsetMs: s.relayUs / 1000 - (s.sentMs + s.receivedMs) / 2, rttMs: rtt };
    }
  }
  return best;
}

/** Relay-to-screen latency of a frame the relay stamped arrivalUs and the page painted at
 * paintedMs (page clock), given the clock offset. */
export function latencyMs(arrivalUs, paintedMs, offsetMs) {
  return paintedMs - (arrivalUs / 1000 - offsetMs);
}

/** The arrival stamp a `?stamps=1` viewer gets before each frame, or null for other text. */
export function parseStamp(text) {
  if (typeof text !== 'string' || !text.startsWith('{"arrivalUs":')) return null;
  try {
    const v = JSON.parse(text).arrivalUs;
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; null for none. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

// The largest latency the relay accepts in a report (ms).
const MAX_REPORTED_MS = 60000;

/** A report for the relay ({"p50","p90","n"}, ms rounded to 0.1), or null for no samples.
 * Values are clamped to what the relay accepts: a negative one (clock error larger than the
 * latency) counts as 0, one past a minute as a minute. */
export function report(values) {
  if (!values.length) return null;
  const clamped = values.map((v) => Math.min(MAX_REPORTED_MS, Math.max(0, v)));
  const round = (v) => Math.round(v * 10) / 10;
  return { p50: round(percentile(clamped, 50)), p90: round(percentile(clamped, 90)), n: clamped.length };
}
