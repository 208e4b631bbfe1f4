// MJPEG tiles: one WebSocket message = one JPEG. Decodes only the newest JPEG: when several arrive
// while one is decoding, the older ones are skipped (counted in `dropped`).

export class MjpegRenderer {
  constructor(tile) {
    this.tile = tile;
    this.binaryType = 'blob';
    this.label = null; // no data-decoder for MJPEG: the browser's own image decoder
    this.canvas = tile.ownCanvas();
    this.ctx = this.canvas.getContext('2d', { alpha: false });
    this.pending = null;  // newest undecoded JPEG
    this.pendingStamp = null; // its arrival stamp (latency badge), or null
    this.carriesStamps = true;
    this.decoding = false;
    this.dropped = 0;
    this.closed = false;
  }

  reset() {
    this.pending = null;
  }

  push(blob, stamp) {
    if (this.pending) this.dropped++;
    this.pending = blob;
    this.pendingStamp = stamp;
    this.pump();
  }

  pump() {
    if (this.decoding || !this.pending || this.closed) return;
    const blob = this.pending;
    const stamp = this.pendingStamp;
    this.pending = null;
    this.decoding = true;
    createImageBitmap(blob)
      .then((bitmap) => {
        if (!this.closed) this.paint(bitmap, stamp);
        bitmap.close();
      }, () => { /* a corrupt JPEG: keep the last picture */ })
      .finally(() => {
        this.decoding = false;
        this.pump();
      });
  }

  paint(bitmap, stamp) {
    const c = this.canvas;
    if (c.width !== bitmap.width || c.height !== bitmap.height) {
      c.width = bitmap.width;
      c.height = bitmap.height;
    }
    this.ctx.drawImage(bitmap, 0, 0);
    this.tile.painted(stamp);
  }

  destroy() {
    this.closed = true;
    this.pending = null;
  }
}
