/**
 * deflate.ts for the browser: a valid zlib stream of stored (uncompressed) deflate blocks, which
 * every PNG reader takes. A page draws feature pictures from `featureImage` into a canvas, so the
 * PNG bytes are rarely needed there; CompressionStream would compress them but only asynchronously.
 */

/** `bytes` as a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 BTYPE 00). */
export function zlibDeflate(bytes: Uint8Array): Uint8Array {
  const BLOCK = 65535;
  const blocks = Math.max(1, Math.ceil(bytes.length / BLOCK));
  const out = new Uint8Array(2 + blocks * 5 + bytes.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let p = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * BLOCK;
    const len = Math.min(BLOCK, bytes.length - start);
    out[p++] = b === blocks - 1 ? 1 : 0;
    out[p++] = len & 0xff;
    out[p++] = len >> 8;
    out[p++] = ~len & 0xff;
    out[p++] = (~len >> 8) & 0xff;
    out.set(bytes.subarray(start, start + len), p);
    p += len;
  }
  let a = 1;
  let c = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    c = (c + a) % 65521;
  }
  const adler = ((c << 16) | a) >>> 0;
  out[p++] = adler >>> 24;
  out[p++] = (adler >>> 16) & 0xff;
  out[p++] = (adler >>> 8) & 0xff;
  out[p++] = adler & 0xff;
  return out;
}

// The swap must give every export of deflate.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./deflate.js') = { zlibDeflate };
void twin;
