/** hash.ts for the browser: the same functions over @noble/hashes (bundled into the browser build). */
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Hasher } from './hash.js';

export type { Hasher } from './hash.js';

/** A new incremental MD5 (FLAC's STREAMINFO check). */
export function md5(): Hasher {
  const h = nobleMd5.create();
  const hasher: Hasher = {
    update: (bytes) => (h.update(bytes), hasher),
    digest: () => h.digest(),
  };
  return hasher;
}

/** SHA-256 of `bytes` as 64 lower-case hex digits (model folders' SHA256SUMS). */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

// The swap must give every export of hash.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./hash.js') = { md5, sha256Hex };
void twin;
