/**
 * What an Ogg file promises, checked before any codec sees it (RFC 3533): every page starts with
 * `OggS`, version 0, and carries the CRC-32 of its bytes; every logical stream that begins (BOS
 * flag) ends with a page flagged end-of-stream (EOS). The codec decoders skip a page with a bad
 * CRC and stop quietly at a missing end, so a damaged file would otherwise decode as if fine.
 */
import { AudioDecodeError } from '../errors.js';
import { checkPlausibleHeader } from './plausible.js';

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
 * Walks the pages of an Ogg stream fed in order by `push(chunk)`, which returns the bytes of the
 * pages the chunk completes (a page cut by the chunk's end waits for the next chunk); `finish()`
 * says whether the stream was cut short. Throws `AudioDecodeError` naming `file`: `CORRUPT` for a
 * page whose CRC does not match, a page of an unknown version, or bytes that are not a page where
 * one should start.
 */
export class OggPageWalker {
  private carry = new Uint8Array(0);
  /** Stream offset of `carry[0]` (= bytes returned as whole pages so far). */
  private base = 0;
  private pages = 0;
  private readonly open = new Set<number>();

  constructor(private readonly file: string) {}

  /** Bytes of whole pages returned so far. */
  get wholeBytes(): number {
    return this.base;
  }

  push(chunk: Uint8Array): Uint8Array {
    const buf = this.carry.length ? concat(this.carry, chunk) : chunk;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let pos = 0;
    for (;;) {
      const size = pageSize(buf, pos);
      if (size === undefined || pos + size > buf.length) break;
      const at = this.base + pos;
      if (view.getUint32(pos) !== 0x4f676753) throw new AudioDecodeError(this.file, `no Ogg page where page ${this.pages} should start (byte ${at})`, { code: 'CORRUPT' });
      if (buf[pos + 4] !== 0) throw new AudioDecodeError(this.file, `Ogg page ${this.pages} (byte ${at}) has version ${buf[pos + 4]}, not 0`, { code: 'CORRUPT' });
      if (oggPageCrc(buf.subarray(pos, pos + size)) !== view.getUint32(pos + 22, true)) {
        throw new AudioDecodeError(this.file, `Ogg page ${this.pages} (byte ${at}) fails its CRC check`, { code: 'CORRUPT' });
      }
      const flags = buf[pos + 5];
      const serial = view.getUint32(pos + 14, true);
      if (flags & 0x02) this.open.add(serial);
      if (flags & 0x04) this.open.delete(serial);
      pos += size;
      this.pages++;
    }
    // Bytes that cannot start a page are an error at once, not after waiting for more.
    if (buf.length - pos >= 4 && view.getUint32(pos) !== 0x4f676753) {
      throw new AudioDecodeError(this.file, `no Ogg page where page ${this.pages} should start (byte ${this.base + pos})`, { code: 'CORRUPT' });
    }
    this.carry = buf.slice(pos);
    this.base += pos;
    return buf.subarray(0, pos);
  }

  /** The verdict once the whole stream was pushed. */
  finish(): OggPageCheck {
    let reason: string | undefined;
    const rest = this.carry.length;
    if (rest > 0) {
      const size = pageSize(this.carry, 0);
      reason = size === undefined ? `the file ends inside the header of page ${this.pages} (byte ${this.base})` : `page ${this.pages} (byte ${this.base}) needs ${size} bytes, ${rest} remain`;
    } else if (this.open.size > 0) {
      reason = `no end-of-stream page after page ${this.pages - 1}`;
    }
    return { truncated: reason !== undefined, wholeBytes: this.base, reason };
  }
}

/** Size of the page at `buf[pos..]` from its header, or undefined when the header is not all there. */
function pageSize(buf: Uint8Array, pos: number): number | undefined {
  if (buf.length - pos < PAGE_HEADER) return undefined;
  const segments = buf[pos + 26];
  if (pos + PAGE_HEADER + segments > buf.length) return undefined;
  let body = 0;
  for (let s = 0; s < segments; s++) body += buf[pos + PAGE_HEADER + s];
  return PAGE_HEADER + segments + body;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Walks every page of an Ogg file in memory (`OggPageWalker` over the whole buffer). Returns
 * `truncated` when the file ends mid-page or a stream has no EOS page; throws as the walker does.
 */
export function checkOggPages(bytes: Uint8Array, file: string): OggPageCheck {
  const walker = new OggPageWalker(file);
  walker.push(bytes);
  return walker.finish();
}

/** Codec carried by an Ogg stream, read from its first page: 'vorbis', 'flac', 'opus' or 'unknown'. */
export function oggCodec(bytes: Uint8Array): 'vorbis' | 'flac' | 'opus' | 'unknown' {
  if (bytes.length < 28) return 'unknown';
  const payload = 27 + bytes[26];
  const text = String.fromCharCode(...bytes.subarray(payload, payload + 8));
  if (text.startsWith('\x01vorbis')) return 'vorbis';
  if (text.startsWith('\x7fFLAC')) return 'flac';
  if (text.startsWith('OpusHead')) return 'opus';
  return 'unknown';
}

/**
 * The channel count and rate of a Vorbis or Opus identification header (the first page's packet)
 * within what genrekit believes (plausible.ts), read before a decoder allocates for them: a forged
 * 255-channel Vorbis header sends libvorbis past a gigabyte.
 */
export function checkOggIdentification(bytes: Uint8Array, file: string): void {
  if (bytes.length < 28) return;
  const id = 27 + bytes[26];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const codec = oggCodec(bytes);
  if (codec === 'vorbis' && id + 16 <= bytes.length) checkPlausibleHeader(file, 'Vorbis', { channels: bytes[id + 11], sampleRate: view.getUint32(id + 12, true) });
  if (codec === 'opus' && id + 10 <= bytes.length) checkPlausibleHeader(file, 'Opus', { channels: bytes[id + 9], sampleRate: 48000 });
}
