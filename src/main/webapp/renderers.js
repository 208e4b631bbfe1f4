// Which renderer paints a tile, by stream format. H.264 uses WebCodecs when the browser has it
// (secure contexts only: https, localhost, 127.0.0.1), else Media Source Extensions (fMP4 into a
// <video>; ManagedMediaSource on iPhones) when it can play the stream's codec, else Broadway;
// `?decoder=webcodecs|mse|broadway` in the page URL forces one. MPEG-TS (MPEG-1 video) uses jsmpeg.
// H.265 uses WebCodecs or MSE where the browser decodes it, else says it cannot (see h265.js).
import { MjpegRenderer } from './mjpeg.js';
import { WebCodecsRenderer } from './h264-webcodecs.js';
import { BroadwayRenderer } from './h264-broadway.js';
import { MseRenderer, mseSupports } from './mse-player.js';
import { JsmpegRenderer } from './ts-tile.js';
import { H265Chooser } from './h265.js';

const forced = (new URLSearchParams(location.search).get('decoder') || '').toLowerCase();
const hasWebCodecs = typeof window.VideoDecoder === 'function' && typeof window.EncodedVideoChunk === 'function';

export const SUPPORTED_FORMATS = ['mjpeg', 'h264', 'ts', 'h265'];

function h264Renderer(tile) {
  if (forced === 'mse') return new MseRenderer(tile);
  const mse = forced !== 'broadway' && !hasWebCodecs && mseSupports(tile.info && tile.info.codec);
  if (forced !== 'webcodecs' && mse) return new MseRenderer(tile);
  if (forced === 'broadway' || !hasWebCodecs) return new BroadwayRenderer(tile);
  return new WebCodecsRenderer(tile, (reason) => {
    console.warn('camrelay: ' + tile.name + ': WebCodecs cannot decode this stream (' + reason + '), using Broadway');
    if (forced !== 'webcodecs') tile.replaceRenderer(new BroadwayRenderer(tile));
  });
}

/** A renderer for the format, or null when the dashboard cannot show it (yet). */
export function createRenderer(tile, format) {
  switch (format) {
    case 'mjpeg': return new MjpegRenderer(tile);
    case 'h264': return h264Renderer(tile);
    case 'ts': return new JsmpegRenderer(tile);
    case 'h265': return new H265Chooser(tile, forced);
    default: return null;
  }
}
