/**
 * Hashes, through Node's crypto (native, about 10x the speed of pure JavaScript). The browser
 * build swaps in hash.browser.ts (the same functions over @noble/hashes): `npm run build:browser`
 * takes `X.browser.ts` for `X.ts` wherever one exists (see docs/browser.md).
 */
import { createHash } from 'node:crypto';

/** An incremental hash: feed it chunks, then take the digest once. */
export interface Hasher {
  update(bytes: Uint8Array): Hasher;
  digest(): Uint8Array;
}

/** A new incremental MD5 (FLAC's STREAMINFO check). */
export function md5(): Hasher {
  const h = createHash('md5');
  const hasher: Hasher = {
    update: (bytes) => (h.update(bytes), hasher),
    digest: () => new Uint8Array(h.digest()),
  };
  return hasher;
}

/** SHA-256 of `bytes` as 64 lower-case hex digits (model folders' SHA256SUMS). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
