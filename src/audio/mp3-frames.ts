/**
 * What an MP3 file promises, checked beside the decoder (which decodes the frames it finds and
 * stops quietly when the bytes run out): the frame headers are walked from the first one, each
 * frame's length read from its bitrate, so a stream that ends inside a frame is seen; and the
 * frame count of a Xing/Info (LAME) or VBRI header, when present, is compared with the frames
 * found. An ID3v2 tag at the start and ID3v1 / APE / Lyrics3 tags at the end are skipped; bytes
 * between frames are skipped to the next header of the same version, layer and rate, as mpg123
 * does. Fed in order, chunk by chunk, so a file never has to be in memory whole.
 */

const BITRATES_KBPS: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** One frame header, decoded. */
interface FrameHeader {
  /** Version bits: 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5. */
  version: number;
  /** 1, 2 or 3. */
  layer: number;
  sampleRate: number;
  /** Bytes of the whole frame, header included. */
  length: number;
  mono: boolean;
  crc: boolean;
}

/** The header at `b[at..at+4)`, or undefined when it is none (free-format frames included: their length is not in the header). */
function readHeader(b: Uint8Array, at: number): FrameHeader | undefined {
  if (b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return undefined;
  const version = (b[at + 1] >> 3) & 3;
  const layer = 4 - ((b[at + 1] >> 1) & 3);
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = BITRATES_KBPS[`${version === 3 ? 1 : 2}-${layer}`][bitrateIndex] * 1000;
  const sampleRate = RATES[version][rateIndex];
  const padding = (b[at + 2] >> 1) & 1;
  const length =
    layer === 1 ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
    : layer === 3 && version !== 3 ? Math.floor((72 * bitrate) / sampleRate) + padding
    : Math.floor((144 * bitrate) / sampleRate) + padding;
  return { version, layer, sampleRate, length, mono: b[at + 3] >> 6 === 3, crc: (b[at + 1] & 1) === 0 };
}

/** Frames promised by a Xing/Info or VBRI header inside the first frame `f` at `b[at..]`, or undefined. */
function promisedFrames(b: Uint8Array, at: number, f: FrameHeader): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const side = f.version === 3 ? (f.mono ? 17 : 32) : f.mono ? 9 : 17;
  const x = at + 4 + (f.crc ? 2 : 0) + side;
  const tag = String.fromCharCode(...b.subarray(x, x + 4));
  if ((tag === 'Xing' || tag === 'Info') && x + 12 <= b.length && view.getUint32(x + 4) & 1) return view.getUint32(x + 8);
  const v = at + 36;
  if (String.fromCharCode(...b.subarray(v, v + 4)) === 'VBRI' && v + 18 <= b.length) return view.getUint32(v + 14);
  return undefined;
}

/** What `Mp3FrameWalker.finish` found. */
export interface Mp3FrameCheck {
  /** Audio frames found (a Xing/Info/VBRI frame not counted). */
  readonly frames: number;
  /** Frames the Xing/Info/VBRI header promises, when there is one. */
  readonly promised?: number;
  /** Why the stream looks cut short, in words; undefined when it does not. */
  readonly truncatedBecause?: string;
}

/** Most bytes kept between chunks: one frame's worth (the largest MPEG frame is 2881 bytes) plus a tag header. */
const MAX_CARRY = 4096;

/**
 * Walks the frames of an MP3 stream fed in order by `push(chunk)`; `finish()` says whether it was
 * cut short. Free-format streams (no bitrate in the header) are not walked: no verdict.
 */
export class Mp3FrameWalker {
  private carry = new Uint8Array(0);
  /** Stream offset of `carry[0]`. */
  private base = 0;
  /** Stream offset of the next frame header (or of the ID3v2 tag, at the start). */
  private next = 0;
  private first: FrameHeader | undefined;
  private frames = 0;
  private promised: number | undefined;
  private lastLength = 0;
  private stopped = false;
  private started = false;

  /** Feeds the next `chunk` of the stream (any size). */
  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    const buf = this.carry.length ? concat(this.carry, chunk) : chunk;
    const end = this.base + buf.length;
    const at = (offset: number) => offset - this.base;
    while (!this.stopped) {
      if (!this.started) {
        if (end - this.next < 10) break;
        const i = at(this.next);
        if (buf[i] === 0x49 && buf[i + 1] === 0x44 && buf[i + 2] === 0x33) {
          // ID3v2: 10-byte header, a 28-bit syncsafe size, a 10-byte footer when flagged.
          const size = ((buf[i + 6] & 0x7f) << 21) | ((buf[i + 7] & 0x7f) << 14) | ((buf[i + 8] & 0x7f) << 7) | (buf[i + 9] & 0x7f);
          this.next += 10 + size + (buf[i + 5] & 0x10 ? 10 : 0);
          continue; // more than one tag may precede the audio
        }
        this.started = true;
      }
      if (this.next >= end) break;
      if (end - this.next < 4) break;
      const i = at(this.next);
      const h = readHeader(buf, i);
      const fits = h && (!this.first || (h.version === this.first.version && h.layer === this.first.layer && h.sampleRate === this.first.sampleRate));
      if (!fits) {
        const tag = String.fromCharCode(buf[i], buf[i + 1], buf[i + 2]);
        if (this.frames > 0 && (tag === 'TAG' || tag === 'APE' || tag === 'LYR')) {
          this.stopped = true; // the trailing tags: the audio ended at the last whole frame
          break;
        }
        if (!this.first && buf[i] === 0xff && (buf[i + 1] & 0xe0) === 0xe0 && ((buf[i + 2] >> 4) === 0)) {
          this.stopped = true; // free format: lengths unknown
          break;
        }
        this.next++; // junk: look for the next header
        continue;
      }
      if (!this.first) {
        if (end - this.next < Math.min(h.length, 200)) break; // the whole Xing/VBRI area
        this.first = h;
        this.promised = promisedFrames(buf, i, h);
        if (this.promised !== undefined) {
          this.next += h.length; // the info frame carries no audio
          continue;
        }
      }
      this.frames++;
      this.lastLength = h.length;
      this.next += h.length;
    }
    // Keep the bytes from the next header on (or the last few, while skipping a long stretch of junk or a tag).
    const keepFrom = Math.max(this.next, end - MAX_CARRY);
    this.carry = keepFrom < end ? buf.slice(at(keepFrom)) : new Uint8Array(0);
    this.base = keepFrom < end ? keepFrom : end;
    if (this.next > end) this.base = end;
  }

  /** The verdict once the whole stream of `size` bytes was pushed. */
  finish(size: number): Mp3FrameCheck {
    let because: string | undefined;
    if (this.started && this.next > size && this.frames > 0 && !this.stopped) {
      because = `the stream ends inside frame ${this.frames} (${this.next - size} of its ${this.lastLength} bytes missing)`;
    } else if (this.promised !== undefined && this.frames < this.promised) {
      because = `its header promises ${this.promised} frames, ${this.frames} are present`;
    }
    return { frames: this.frames, promised: this.promised, truncatedBecause: because };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `Mp3FrameWalker` over a whole file in memory. */
export function checkMp3Frames(bytes: Uint8Array): Mp3FrameCheck {
  const walker = new Mp3FrameWalker();
  walker.push(bytes);
  return walker.finish(bytes.length);
}
