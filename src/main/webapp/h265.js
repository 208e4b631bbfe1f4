// H.265 tiles. Browsers decode HEVC only where the platform can (Safari; Chrome and Edge with a
// hardware decoder), so the tile asks before it connects: WebCodecs when
// VideoDecoder.isConfigSupported accepts the stream's hvc1 codec string, else MSE (fMP4 with hvc1)
// when MediaSource.isTypeSupported does, else it says so instead of staying black.
import { scanHevcAccessUnit } from './annexb.js';
import { WebCodecsRenderer } from './h264-webcodecs.js';
import { MseRenderer, mseSupports } from './mse-player.js';

export const H265_UNDECODABLE = 'H.265 — not decodable in this browser';

/** 'webcodecs', 'mse' or null: how this browser can decode the codec (e.g. hvc1.1.6.L93.B0). */
export async function hevcDecoder(codec, forced) {
  if (!codec) return null;
  if (forced !== 'mse' && typeof window.VideoDecoder === 'function') {
    try {
      const support = await VideoDecoder.isConfigSupported({ codec, optimizeForLatency: true });
      if (support && support.supported) return 'webcodecs';
    } catch { /* a codec string it cannot parse: not supported */ }
  }
  return forced !== 'webcodecs' && mseSupports(codec) ? 'mse' : null;
}

/** The scanner WebCodecs uses for H.265: the codec string comes from the API, not the SPS. */
const HEVC_SYNTAX = { scan: scanHevcAccessUnit, codecFromSps: () => null };

/**
 * Stands in while the browser is asked, connecting to nothing (idle); then becomes the tile's
 * WebCodecs or MSE renderer, or shows that H.265 cannot be decoded here.
 */
export class H265Chooser {
  constructor(tile, forced) {
    this.tile = tile;
    this.binaryType = 'arraybuffer';
    this.label = null;
    this.idle = true;
    this.closed = false;
    this.dropped = 0;
    this.forced = forced;
    this.ask();
  }

  /** Asks once the API gives the stream's codec string (a camera not yet live has none). */
  ask() {
    if (this.closed) return;
    const codec = this.tile.info && this.tile.info.codec;
    if (!codec) {
      this.retry = setTimeout(() => this.ask(), 1000);
      return;
    }
    hevcDecoder(codec, this.forced).then((how) => this.chosen(how));
  }

  chosen(how) {
    if (this.closed) return;
    const tile = this.tile;
    if (how === 'webcodecs') {
      tile.replaceRenderer(new WebCodecsRenderer(tile, () => tile.showError(H265_UNDECODABLE), HEVC_SYNTAX));
    } else if (how === 'mse') {
      tile.replaceRenderer(new MseRenderer(tile, tile.info.codec));
    } else {
      tile.root.dataset.decoder = 'none';
      tile.showError(H265_UNDECODABLE);
      return;
    }
    tile.refresh();
  }

  push() {
    this.dropped++;
  }

  reset() {}

  destroy() {
    this.closed = true;
    clearTimeout(this.retry);
  }
}
