/**
 * genrekit's own seeded generator of damaged audio files: from a good file of each format, cuts
 * at every header boundary and at random points, single-bit flips at random bytes, and every
 * forged header field the hostile-input issue listed (sample rates of 0 Hz to 4 GHz, 0 to 65,535
 * channels, impossible bit depths, float tags over integer data, sizes past the file, Ogg pages
 * with a recomputed CRC over a forged field, MP3 frame counts and rates). Each mutant says what a
 * decoder must do with it: `error` (a typed error), `flagOrError` (a typed error, or audio
 * flagged `truncated`), or `any` (a typed error or audio; flipped sample bytes are still audio).
 */
import { oggPageCrc } from '../../src/audio/ogg-pages.js';
import { encodeWav } from '../../src/audio/wav-writer.js';

export type Expectation = 'error' | 'flagOrError' | 'any';

export interface Mutant {
  /** File name: `<format>-<what>.<ext>`. */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expect: Expectation;
}

/** A good file to mutate and the byte offsets where its headers' fields and blocks begin. */
export interface Base {
  readonly format: string;
  readonly ext: string;
  readonly bytes: Uint8Array;
  readonly boundaries: number[];
  /** Forged variants of the header (each a name, the bytes and what must happen). */
  readonly forged: Mutant[];
  /** True when every byte is covered by a checksum (Ogg: a flip is always an error). */
  readonly checksummed: boolean;
}

/** xorshift32: the same mutants for the same seed on every machine. */
export class Seeded {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function edited(bytes: Uint8Array, edit: (view: DataView, b: Uint8Array) => void): Uint8Array {
  const b = Uint8Array.from(bytes);
  edit(new DataView(b.buffer), b);
  return b;
}

/** A few seconds of a stereo chord with noise, as 16-bit and float WAV. */
function tone(seconds: number, rate: number, channels: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * (220 + 55 * c) * i) / rate) + 0.2 * Math.sin((2 * Math.PI * 330 * i) / rate)));
}

/** WAV bases (made here): 16-bit stereo and 32-bit float mono, with every forged fmt / data field. */
export function wavBases(): Base[] {
  const out: Base[] = [];
  for (const [format, options, channels] of [['wav16', { bitDepth: 16 }, 2], ['wavf32', { bitDepth: 32, float: true }, 1]] as const) {
    const bytes = encodeWav(tone(3, 22050, channels), 22050, options);
    const fmt = 12; // 'fmt ' chunk; the writer puts it first
    const dataAt = findChunk(bytes, 'data');
    const forge = (what: string, expect: Expectation, edit: (v: DataView) => void): Mutant => ({ name: `${format}-${what}.wav`, bytes: edited(bytes, (v) => edit(v)), expect });
    const forged: Mutant[] = [];
    for (const rate of [0, 1, 8, 100, 999, 768_001, 4_000_000_000, 0xffffffff]) forged.push(forge(`rate${rate}`, 'error', (v) => v.setUint32(fmt + 12, rate, true)));
    for (const ch of [0, 33, 65535]) forged.push(forge(`channels${ch}`, 'error', (v) => v.setUint16(fmt + 10, ch, true)));
    for (const bits of [0, 1, 7, 40, 65535]) forged.push(forge(`bits${bits}`, 'error', (v) => v.setUint16(fmt + 22, bits, true)));
    forged.push(forge('float-tag-over-int', channels === 2 ? 'error' : 'any', (v) => v.setUint16(fmt + 8, 3, true)));
    forged.push(forge('int-tag-over-float', 'any', (v) => v.setUint16(fmt + 8, 1, true)));
    forged.push(forge('mp3-in-wav', 'error', (v) => v.setUint16(fmt + 8, 0x55, true)));
    forged.push(forge('tag0', 'error', (v) => v.setUint16(fmt + 8, 0, true)));
    for (const align of [0, 1, 0xffff]) forged.push(forge(`align${align}`, 'any', (v) => v.setUint16(fmt + 20, align, true)));
    forged.push(forge('byterate0', 'any', (v) => v.setUint32(fmt + 16, 0, true)));
    forged.push(forge('datasize-streaming', 'any', (v) => v.setUint32(dataAt + 4, 0xffffffff, true))); // 'until the end', as streaming writers say
    forged.push(forge('datasize-plus1000', 'flagOrError', (v) => v.setUint32(dataAt + 4, v.getUint32(dataAt + 4, true) + 1000, true)));
    forged.push(forge('datasize-double', 'flagOrError', (v) => v.setUint32(dataAt + 4, 2 * v.getUint32(dataAt + 4, true), true)));
    forged.push(forge('datasize0', 'any', (v) => v.setUint32(dataAt + 4, 0, true)));
    forged.push(forge('fmtsize0', 'any', (v) => v.setUint32(fmt + 4, 0, true)));
    forged.push(forge('fmtsize-huge', 'any', (v) => v.setUint32(fmt + 4, 0xfffffff0, true)));
    forged.push(forge('riffsize0', 'any', (v) => v.setUint32(4, 0, true)));
    const boundaries = [4, 8, 12, fmt + 4, fmt + 8, fmt + 10, fmt + 12, fmt + 16, fmt + 20, fmt + 22, fmt + 24, dataAt, dataAt + 4, dataAt + 8, dataAt + 9, dataAt + 11];
    out.push({ format, ext: 'wav', bytes, boundaries, forged, checksummed: false });
  }
  return out;
}

function findChunk(bytes: Uint8Array, id: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; at += 8 + view.getUint32(at + 4, true) + (view.getUint32(at + 4, true) & 1)) {
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === id) return at;
  }
  throw new Error(`no ${id} chunk`);
}

/** AU base (the formats clip): forged rate, channels, encoding, offsets and sizes. */
export function auBase(bytes: Uint8Array): Base {
  const f = (what: string, expect: Expectation, edit: (v: DataView) => void): Mutant => ({ name: `au-${what}.au`, bytes: edited(bytes, edit), expect });
  const forged: Mutant[] = [];
  for (const rate of [0, 8, 100, 4_000_000_000]) forged.push(f(`rate${rate}`, 'error', (v) => v.setUint32(16, rate)));
  for (const ch of [0, 33, 65535]) forged.push(f(`channels${ch}`, 'error', (v) => v.setUint32(20, ch)));
  for (const enc of [0, 8, 99, 0xffffffff]) forged.push(f(`encoding${enc}`, 'error', (v) => v.setUint32(12, enc)));
  forged.push(f('offset-huge', 'error', (v) => v.setUint32(4, 0xfffffff0)));
  forged.push(f('offset0', 'any', (v) => v.setUint32(4, 0)));
  forged.push(f('offset-odd', 'any', (v) => v.setUint32(4, 25)));
  forged.push(f('size-double', 'flagOrError', (v) => v.setUint32(8, 2 * v.getUint32(8))));
  forged.push(f('size-unknown', 'any', (v) => v.setUint32(8, 0xffffffff)));
  return { format: 'au', ext: 'au', bytes, boundaries: [4, 8, 12, 16, 20, 24, 25, 27], forged, checksummed: false };
}

/** FLAC base (the formats clip): forged STREAMINFO fields. */
export function flacBase(bytes: Uint8Array): Base {
  const si = 8; // STREAMINFO body after 'fLaC' and its block header
  const f = (what: string, expect: Expectation, edit: (v: DataView, b: Uint8Array) => void): Mutant => ({ name: `flac-${what}.flac`, bytes: edited(bytes, edit), expect });
  const forged: Mutant[] = [
    // sample rate: 20 bits at si + 10
    f('rate0', 'error', (_, b) => {
      b[si + 10] = 0;
      b[si + 11] = 0;
      b[si + 12] &= 0x0f;
    }),
    f('samples-double', 'flagOrError', (v) => v.setUint32(si + 14, 2 * v.getUint32(si + 14))),
    f('md5-zero', 'any', (_, b) => b.fill(0, si + 18, si + 34)),
    f('md5-flip', 'error', (_, b) => (b[si + 20] ^= 1)),
  ];
  const firstFrame = metadataEnd(bytes);
  return { format: 'flac', ext: 'flac', bytes, boundaries: [4, 5, 8, si + 10, si + 18, si + 34, firstFrame, firstFrame + 2, firstFrame + 5], forged, checksummed: false };
}

function metadataEnd(b: Uint8Array): number {
  let at = 4;
  for (;;) {
    const last = b[at] & 0x80;
    const len = (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
    at += 4 + len;
    if (last) return at;
  }
}

/** MP3 base (the formats clip): a forged rate or bitrate in the first audio frame, Xing counts forged. */
export function mp3Base(bytes: Uint8Array): Base {
  let first = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) first = 10 + (((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f));
  const xing = ['Xing', 'Info'].map((tag) => indexOf(bytes, tag, first)).find((i) => i >= 0 && i < first + 200) ?? -1;
  const f = (what: string, expect: Expectation, edit: (v: DataView, b: Uint8Array) => void): Mutant => ({ name: `mp3-${what}.mp3`, bytes: edited(bytes, edit), expect });
  const forged: Mutant[] = [f('rate-index3', 'any', (_, b) => (b[first + 2] |= 0x0c)), f('bitrate-index15', 'any', (_, b) => (b[first + 2] |= 0xf0))];
  if (xing >= 0) {
    forged.push(f('xing-frames-x10', 'flagOrError', (v) => v.setUint32(xing + 8, 10 * v.getUint32(xing + 8))));
    forged.push(f('xing-frames0', 'any', (v) => v.setUint32(xing + 8, 0)));
  }
  return { format: 'mp3', ext: 'mp3', bytes, boundaries: [3, 6, 10, first, first + 1, first + 4, first + 40, first + 300, xing + 8], forged, checksummed: false };
}

function indexOf(b: Uint8Array, text: string, from: number): number {
  outer: for (let i = from; i + text.length <= b.length; i++) {
    for (let k = 0; k < text.length; k++) if (b[i + k] !== text.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** Byte offsets of every Ogg page of `b`. */
export function oggPageStarts(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let pos = 0; pos + 27 <= b.length; ) {
    out.push(pos);
    let size = 27 + b[pos + 26];
    for (let s = 0; s < b[pos + 26]; s++) size += b[pos + 27 + s];
    pos += size;
  }
  return out;
}

/** `bytes` with the page at `at` edited and its CRC recomputed (a forgery the CRC cannot catch). */
function reseal(bytes: Uint8Array, at: number, edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  return edited(bytes, (v, b) => {
    edit(v, b);
    let size = 27 + b[at + 26];
    for (let s = 0; s < b[at + 26]; s++) size += b[at + 27 + s];
    v.setUint32(at + 22, oggPageCrc(b.subarray(at, at + size)), true);
  });
}

/** Ogg Vorbis or Opus base: forged identification headers (CRC recomputed), a missing EOS flag. */
export function oggBase(bytes: Uint8Array, codec: 'vorbis' | 'opus'): Base {
  const starts = oggPageStarts(bytes);
  const id = 27 + bytes[26]; // first page's payload: the identification header
  const last = starts[starts.length - 1];
  const ext = codec === 'vorbis' ? 'ogg' : 'opus';
  const f = (what: string, expect: Expectation, m: Uint8Array): Mutant => ({ name: `${codec}-${what}.${ext}`, bytes: m, expect });
  const forged: Mutant[] = [
    f('no-eos', 'flagOrError', reseal(bytes, last, (_, b) => (b[last + 5] &= ~0x04))),
    f('granule-huge', 'any', reseal(bytes, last, (v) => v.setUint32(last + 10, 0x7fffffff, true))),
    f('page-version1', 'error', reseal(bytes, starts[1], (_, b) => (b[starts[1] + 4] = 1))),
    f('segments-forged', 'error', edited(bytes, (_, b) => (b[starts[1] + 26] ^= 0x01))),
  ];
  if (codec === 'vorbis') {
    for (const rate of [0, 8, 4_000_000_000]) forged.push(f(`rate${rate}`, 'error', reseal(bytes, 0, (v) => v.setUint32(id + 12, rate, true))));
    for (const ch of [0, 255]) forged.push(f(`channels${ch}`, 'error', reseal(bytes, 0, (_, b) => (b[id + 11] = ch))));
  } else {
    for (const ch of [0, 255]) forged.push(f(`channels${ch}`, 'error', reseal(bytes, 0, (_, b) => (b[id + 9] = ch))));
    forged.push(f('input-rate0', 'any', reseal(bytes, 0, (v) => v.setUint32(id + 12, 0, true))));
  }
  const boundaries = starts.slice(0, 3).flatMap((p) => [p, p + 4, p + 5, p + 6, p + 14, p + 22, p + 26, p + 27, p + 27 + bytes[p + 26]]).concat([last, last + 27]);
  return { format: codec, ext, bytes, boundaries: boundaries.filter((b) => b > 0), forged, checksummed: true };
}

/**
 * Mutants of `base`: its forged variants, a cut at every header boundary, `random` cuts at random
 * points, and `random` single-bit flips at random bytes (seeded by `seed`).
 */
export function mutantsOf(base: Base, random: number, seed: number): Mutant[] {
  const rng = new Seeded(seed);
  const { bytes, format, ext } = base;
  const out: Mutant[] = [...base.forged];
  const cuts = new Set(base.boundaries.filter((b) => b > 0 && b < bytes.length));
  for (let i = 0; i < random; i++) cuts.add(1 + rng.int(bytes.length - 2));
  for (const at of [...cuts].sort((a, b) => a - b)) out.push({ name: `${format}-cut${at}.${ext}`, bytes: bytes.subarray(0, at), expect: 'flagOrError' });
  for (let i = 0; i < random; i++) {
    const at = rng.int(bytes.length);
    const bit = rng.int(8);
    out.push({ name: `${format}-flip${at}b${bit}.${ext}`, bytes: edited(bytes, (_, b) => (b[at] ^= 1 << bit)), expect: base.checksummed ? 'error' : 'any' });
  }
  return out;
}
