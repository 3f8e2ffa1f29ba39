/**
 * What an Ogg file promises, checked before any codec sees it (RFC 3533): every page starts with
 * `OggS`, version 0, and carries the CRC-32 of its bytes; every logical stream that begins (BOS
 * flag) ends with a page flagged end-of-stream (EOS). The codec decoders skip a page with a bad
 * CRC and stop quietly at a missing end, so a damaged file would otherwise decode as if fine.
 */
import { AudioDecodeError } from '../errors.js';

/** CRC-32 of Ogg: polynomial 0x04c11db7, not reflected, initial 0, no final XOR. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The Ogg CRC of `bytes` (a whole page with its CRC field, bytes 22-25, read as zeros). */
export function oggPageCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const b = i >= 22 && i < 26 ? 0 : page[i];
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  }
  return crc;
}

/** Bytes of a page header before its segment table. */
const PAGE_HEADER = 27;

/** What `checkOggPages` found. */
export interface OggPageCheck {
  /** The file ends inside a page or before a stream's end-of-stream page. */
  readonly truncated: boolean;
  /** Bytes from the start to the end of the last whole page (what a decoder should be given). */
  readonly wholeBytes: number;
  /** Why it is truncated, in words; undefined when it is not. */
  readonly reason?: string;
}

/**
 * Walks every page of an Ogg file. Throws `AudioDecodeError` naming `file`: `CORRUPT` for a page
 * whose CRC does not match, a page of an unknown version, or bytes that are not a page where one
 * should start. Returns `truncated` when the file ends mid-page or a stream has no EOS page.
 */
export function checkOggPages(bytes: Uint8Array, file: string): OggPageCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const open = new Set<number>();
  let pos = 0;
  let pages = 0;
  let reason: string | undefined;
  while (pos < bytes.length) {
    if (bytes.length - pos < PAGE_HEADER) {
      reason = `the file ends inside the header of page ${pages} (byte ${pos})`;
      break;
    }
    if (view.getUint32(pos) !== 0x4f676753) {
      throw new AudioDecodeError(file, `no Ogg page where page ${pages} should start (byte ${pos})`, { code: 'CORRUPT' });
    }
    if (bytes[pos + 4] !== 0) throw new AudioDecodeError(file, `Ogg page ${pages} (byte ${pos}) has version ${bytes[pos + 4]}, not 0`, { code: 'CORRUPT' });
    const segments = bytes[pos + 26];
    if (pos + PAGE_HEADER + segments > bytes.length) {
      reason = `the file ends inside the header of page ${pages} (byte ${pos})`;
      break;
    }
    let body = 0;
    for (let s = 0; s < segments; s++) body += bytes[pos + PAGE_HEADER + s];
    const size = PAGE_HEADER + segments + body;
    if (pos + size > bytes.length) {
      reason = `page ${pages} (byte ${pos}) needs ${size} bytes, ${bytes.length - pos} remain`;
      break;
    }
    const stored = view.getUint32(pos + 22, true);
    if (oggPageCrc(bytes.subarray(pos, pos + size)) !== stored) {
      throw new AudioDecodeError(file, `Ogg page ${pages} (byte ${pos}) fails its CRC check`, { code: 'CORRUPT' });
    }
    const flags = bytes[pos + 5];
    const serial = view.getUint32(pos + 14, true);
    if (flags & 0x02) open.add(serial);
    if (flags & 0x04) open.delete(serial);
    pos += size;
    pages++;
  }
  if (!reason && open.size > 0) reason = `no end-of-stream page after page ${pages - 1}`;
  return { truncated: reason !== undefined, wholeBytes: pos, reason };
}
