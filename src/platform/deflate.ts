/** zlib compression through Node's zlib. The browser build swaps in deflate.browser.ts (stored blocks, no compression). */
import { deflateSync } from 'node:zlib';

/** `bytes` as a zlib stream (RFC 1950: header, deflate data, Adler-32), as a PNG's IDAT holds it. */
export function zlibDeflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(bytes));
}
