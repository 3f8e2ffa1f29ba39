/**
 * FLAC, MP3, Ogg Vorbis and Ogg Opus through the WASM decoders of the wasm-audio-decoders family
 * (`@wasm-audio-decoders/flac` = libFLAC, `mpg123-decoder` = mpg123,
 * `@wasm-audio-decoders/ogg-vorbis` = libvorbis, `opus-decoder` = libopus, its Ogg pages read by
 * `codec-parser`). Their WASM is inlined in the packages: nothing
 * is downloaded. Every exception they throw and every per-frame error they report becomes an
 * `AudioDecodeError` naming the file. Each decoder package is imported on the first file of its
 * format (about 25 ms for the four), so a worker decoding only WAV never pays for them.
 */
import { AudioDecodeError } from '../errors.js';
import { FlacVerifier, readFlacStreamInfo, verifyFlac } from './flac-streaminfo.js';
import { checkMp3Frames, Mp3FrameWalker } from './mp3-frames.js';
import { checkOggIdentification, OggPageWalker } from './ogg-pages.js';
import { checkPlausibleHeader } from './plausible.js';
import type { DecodedAudio } from './types.js';
import type { OggPage, OpusHeader } from 'codec-parser';

interface WasmResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string; frameNumber: number; inputBytes: number }[];
}

/**
 * Runs `start` with console.error silenced: the decoders print each bad frame to stderr, and
 * genrekit reports it as an error instead. The decoding itself happens synchronously inside
 * `start` (before the returned promise's first await), so nothing else logs in between.
 */
function quietly<T>(start: () => T): T {
  const original = console.error;
  console.error = () => undefined;
  try {
    return start();
  } finally {
    console.error = original;
  }
}

function finish(result: WasmResult, file: string, container: DecodedAudio['container'], codec: string, bitDepth?: number): DecodedAudio {
  const first = result.errors[0];
  if (first) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more bad frames)` : '';
    throw new AudioDecodeError(file, `corrupt ${codec} stream: frame ${first.frameNumber} at byte ${first.inputBytes}: ${first.message}${more}`, {
      code: 'CORRUPT',
    });
  }
  if (result.samplesDecoded === 0 || result.channelData.length === 0) {
    throw new AudioDecodeError(file, `${codec} stream holds no audio frames`, { code: 'NO_AUDIO' });
  }
  checkPlausibleHeader(file, codec, { sampleRate: result.sampleRate, channels: result.channelData.length });
  const frames = result.samplesDecoded;
  return {
    channelData: result.channelData.map((c) => (c.length === frames ? c : c.subarray(0, frames))),
    sampleRate: result.sampleRate,
    container,
    codec,
    bitDepth,
    truncated: false,
  };
}

/** `err` from a decoder as an AudioDecodeError naming the file (CORRUPT unless it already is one). */
function codecError(file: string, codec: string, err: unknown): AudioDecodeError {
  if (err instanceof AudioDecodeError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new AudioDecodeError(file, `${codec} decoder failed: ${reason}`, { code: 'CORRUPT', cause: err });
}

async function guarded<T>(file: string, codec: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw codecError(file, codec, err);
  }
}

/** A decoded run of a stream: one array per channel, cut to the samples decoded. */
interface DecodedRun {
  channels: Float32Array[];
  sampleRate: number;
}

/**
 * One decoder call on a stream: its bad-frame reports collected into `errors` (thrown together
 * once the stream has been read, as the whole-file decoders do), an exception an AudioDecodeError
 * naming the file; the run, or undefined when the call gave no samples.
 */
async function decodeRun(file: string, codec: string, errors: WasmResult['errors'], work: () => WasmResult | Promise<WasmResult>): Promise<DecodedRun | undefined> {
  let result: WasmResult;
  try {
    result = await quietly(work);
  } catch (err) {
    throw codecError(file, codec, err);
  }
  errors.push(...result.errors); // frame numbers and byte offsets count from the stream's start
  if (result.samplesDecoded === 0) return undefined;
  return { channels: result.channelData.map((c) => c.subarray(0, result.samplesDecoded)), sampleRate: result.sampleRate };
}

/**
 * libFLAC's WASM build scales n-bit integers by 1 / (2^(n-1) - 1); librosa (libsndfile) by
 * 1 / 2^(n-1). Recover the integers and rescale, so FLAC gives the same samples as the WAV.
 */
function rescaleToLibsndfile(channels: Float32Array[], bitDepth: number): void {
  if (!(bitDepth >= 4 && bitDepth <= 24)) return;
  const full = 2 ** (bitDepth - 1);
  const decoderScale = full - 1;
  for (const c of channels) {
    for (let i = 0; i < c.length; i++) c[i] = Math.round(c[i] * decoderScale) / full;
  }
}

/**
 * Decodes a FLAC (or Ogg FLAC) file. A frame the decoder reports as bad, a frame count short of
 * STREAMINFO's (the parser silently skips frames it cannot read) or an MD5 mismatch is an error.
 */
export async function decodeFlac(bytes: Uint8Array, file: string, container: 'flac' | 'ogg' = 'flac'): Promise<DecodedAudio> {
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  return guarded(file, 'flac', async () => {
    const decoder = new FLACDecoder();
    await decoder.ready;
    try {
      const result = await quietly(() => decoder.decodeFile(bytes));
      const decoded = finish(result, file, container, 'flac', result.bitDepth);
      rescaleToLibsndfile(decoded.channelData, result.bitDepth);
      if (container === 'flac') verifyFlac(decoded.channelData, readFlacStreamInfo(bytes, file), file);
      return decoded;
    } finally {
      decoder.free();
    }
  });
}

/**
 * Decodes a native FLAC stream fed in pieces, as `decodeMp3Stream` does MP3: STREAMINFO read from
 * the first piece, each decoded run rescaled as `decodeFlac` does and fed to the STREAMINFO checks
 * (frame count, MD5: FlacVerifier), which throw CORRUPT once the stream has ended.
 */
export async function* decodeFlacStream(
  file: string,
  next: (position: number) => Promise<Uint8Array | undefined>,
): AsyncGenerator<DecodedRun, { sampleRate: number; bitDepth?: number; truncatedBecause?: string }> {
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  const decoder = new FLACDecoder();
  try {
    await decoder.ready;
    let position = 0;
    let verifier: FlacVerifier | undefined;
    let info: ReturnType<typeof readFlacStreamInfo> | undefined;
    const errors: WasmResult['errors'] = [];
    const decoded = async function* (work: () => Promise<WasmResult>) {
      const run = await decodeRun(file, 'flac', errors, work);
      if (!run || !info) return;
      rescaleToLibsndfile(run.channels, info.bitDepth);
      checkPlausibleHeader(file, 'flac', { sampleRate: run.sampleRate, channels: run.channels.length });
      verifier?.add(run.channels);
      yield run;
    };
    for (let bytes = await next(0); bytes; bytes = await next(position)) {
      const piece = bytes;
      if (position === 0) {
        info = readFlacStreamInfo(piece, file);
        verifier = new FlacVerifier(info, file);
      }
      position += piece.length;
      yield* decoded(() => decoder.decode(piece));
    }
    yield* decoded(() => decoder.flush());
    if (errors.length > 0) finish({ channelData: [], samplesDecoded: 0, sampleRate: info?.sampleRate ?? 0, errors }, file, 'flac', 'flac');
    if (verifier?.frames) verifier.finish(); // no frames at all is NO_AUDIO, as for the whole file
    return { sampleRate: info?.sampleRate ?? 0, bitDepth: info?.bitDepth };
  } finally {
    decoder.free();
  }
}

/** Decodes an MP3 (MPEG-1/2 layer III; layers I and II too), gapless: encoder delay and padding trimmed when the LAME header gives them. */
export async function decodeMp3(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  return guarded(file, 'mp3', async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      const cut = checkMp3Frames(bytes).truncatedBecause;
      const result = quietly(() => decoder.decode(bytes));
      if (cut && result.samplesDecoded === 0) throw new AudioDecodeError(file, `truncated mp3 stream (${cut}) with no audio to decode before the cut`, { code: 'TRUNCATED' });
      const decoded = finish(result, file, 'mp3', 'mp3');
      return cut ? { ...decoded, truncated: true, truncatedBecause: cut } : decoded;
    } finally {
      decoder.free();
    }
  });
}

/**
 * Decodes an MP3 fed in pieces (mpg123 decodes a stream: the samples are those `decodeMp3` gives
 * for the whole buffer). `next(position)` returns the file's bytes from `position` on (any
 * amount; undefined at the end); each decoded run is yielded as one array per channel, valid
 * until the next is asked for. Bad frames are an `AudioDecodeError` as in `decodeMp3` (thrown
 * once the stream has been read); a stream cut short is decoded and said so in `truncatedBecause`.
 */
export async function* decodeMp3Stream(
  file: string,
  next: (position: number) => Promise<Uint8Array | undefined>,
): AsyncGenerator<DecodedRun, { sampleRate: number; truncatedBecause?: string }> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    let position = 0;
    let sampleRate = 0;
    const errors: WasmResult['errors'] = [];
    const walker = new Mp3FrameWalker();
    for (let bytes = await next(0); bytes; bytes = await next(position)) {
      const piece = bytes;
      walker.push(piece);
      position += piece.length;
      const run = await decodeRun(file, 'mp3', errors, () => decoder.decode(piece));
      if (!run) continue;
      sampleRate = run.sampleRate;
      yield run;
    }
    if (errors.length > 0) finish({ channelData: [], samplesDecoded: 0, sampleRate, errors }, file, 'mp3', 'mp3');
    return { sampleRate, truncatedBecause: walker.finish(position).truncatedBecause };
  } finally {
    decoder.free();
  }
}

/**
 * Decodes an Ogg Vorbis stream fed in pieces, as `decodeMp3Stream` does MP3: its pages are checked
 * as they come (OggPageWalker: a bad CRC is CORRUPT at once) and only whole pages reach libvorbis,
 * so the samples are those `decodeOggVorbis` gives for the whole pages of the file. A stream cut
 * short is decoded to its last whole page and said so in `truncatedBecause`.
 */
export async function* decodeOggVorbisStream(
  file: string,
  next: (position: number) => Promise<Uint8Array | undefined>,
): AsyncGenerator<DecodedRun, { sampleRate: number; truncatedBecause?: string }> {
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const decoder = new OggVorbisDecoder();
  try {
    await decoder.ready;
    const pages = new OggPageWalker(file);
    let position = 0;
    let sampleRate = 0;
    let checked = false;
    const errors: WasmResult['errors'] = [];
    const decoded = async function* (work: () => Promise<WasmResult>) {
      const run = await decodeRun(file, 'vorbis', errors, work);
      if (!run) return;
      sampleRate = run.sampleRate;
      checkPlausibleHeader(file, 'vorbis', { sampleRate, channels: run.channels.length });
      yield run;
    };
    for (let bytes = await next(0); bytes; bytes = await next(position)) {
      position += bytes.length;
      const whole = pages.push(bytes);
      if (whole.length === 0) continue;
      if (!checked) checkOggIdentification(whole, file);
      checked = true;
      yield* decoded(() => decoder.decode(whole));
    }
    yield* decoded(() => decoder.flush());
    if (errors.length > 0) finish({ channelData: [], samplesDecoded: 0, sampleRate, errors }, file, 'ogg', 'vorbis');
    return { sampleRate, truncatedBecause: pages.finish().reason };
  } finally {
    decoder.free();
  }
}

/** Decodes an Ogg Vorbis file. */
export async function decodeOggVorbis(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  return guarded(file, 'vorbis', async () => {
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try {
      const result = await quietly(() => decoder.decodeFile(bytes));
      return finish(result, file, 'ogg', 'vorbis');
    } finally {
      decoder.free();
    }
  });
}

/**
 * Decodes an Ogg Opus stream fed in pieces at 48 kHz, as `decodeOggOpus` decodes a whole file:
 * pages checked as they come (OggPageWalker), packets of the first logical stream decoded as
 * their pages arrive, the samples past the last page's granule position cut. Each decoded run is
 * handed out one run late, so that the cut can apply to it.
 */
export async function* decodeOggOpusStream(
  file: string,
  next: (position: number) => Promise<Uint8Array | undefined>,
): AsyncGenerator<DecodedRun, { sampleRate: number; truncatedBecause?: string }> {
  const [{ default: CodecParser }, { OpusDecoder }] = await Promise.all([import('codec-parser'), import('opus-decoder')]);
  const parser = new CodecParser<OggPage>('application/ogg', { enableFrameCRC32: false });
  const pages = new OggPageWalker(file);
  let decoder: InstanceType<typeof OpusDecoder> | undefined;
  let head: OpusHeader | undefined;
  let total: number | undefined;
  let produced = 0;
  let held: Float32Array[] | undefined;
  const errors: WasmResult['errors'] = [];
  /** Decodes the packets of `parsed` pages; returns the run, or undefined when there was none. */
  const decodePages = async (parsed: OggPage[]): Promise<Float32Array[] | undefined> => {
    const packets: Uint8Array[] = [];
    for (const page of parsed) {
      if (total !== undefined) break; // the first logical stream has ended
      for (const frame of page.codecFrames) {
        head ??= frame.header as OpusHeader;
        packets.push(frame.data);
      }
      if (page.isLastPage && head) total = page.totalSamples;
    }
    if (!head || packets.length === 0) return undefined;
    if (!decoder) {
      decoder = new OpusDecoder({ channels: head.channels, streamCount: head.streamCount, coupledStreamCount: head.coupledStreamCount, channelMappingTable: head.channelMappingTable, preSkip: head.preSkip });
      await decoder.ready;
    }
    const d = decoder;
    const run = await decodeRun(file, 'opus', errors, () => d.decodeFrames(packets));
    if (!run) return undefined;
    produced += run.channels[0].length;
    return run.channels.map((c) => c.slice()); // held past the next call, which may reuse the decoder's buffers
  };
  try {
    let position = 0;
    let checked = false;
    for (let bytes = await next(0); bytes && total === undefined; bytes = await next(position)) {
      position += bytes.length;
      const whole = pages.push(bytes);
      if (whole.length === 0) continue;
      if (!checked) checkOggIdentification(whole, file);
      checked = true;
      const run = await decodePages(quietly(() => [...(parser.parseChunk(whole) as unknown as Iterable<OggPage>)]));
      if (run && held) yield { channels: held, sampleRate: 48000 };
      if (run) held = run;
    }
    const last = await decodePages(quietly(() => [...(parser.flush() as unknown as Iterable<OggPage>)]));
    if (last && held) yield { channels: held, sampleRate: 48000 };
    if (last) held = last;
    if (errors.length > 0) finish({ channelData: [], samplesDecoded: 0, sampleRate: 48000, errors }, file, 'ogg', 'opus');
    if (held) {
      const excess = total === undefined ? 0 : Math.max(0, produced - total);
      const keep = Math.max(0, held[0].length - excess);
      if (keep > 0) yield { channels: held.map((c) => c.subarray(0, keep)), sampleRate: 48000 };
    }
    // Read on to the end only to tell whether the file was cut: pages after the first stream's end are checked, not decoded.
    for (let bytes = await next(position); bytes; bytes = await next(position)) {
      position += bytes.length;
      pages.push(bytes);
    }
    const { reason } = pages.finish();
    if (!head && !reason) throw new AudioDecodeError(file, 'Ogg Opus stream holds no audio packets', { code: 'NO_AUDIO' });
    return { sampleRate: 48000, truncatedBecause: reason };
  } finally {
    decoder?.free();
  }
}

/**
 * Decodes an Ogg Opus file at 48 kHz (Opus's one decoding rate; `loadAudio` resamples), gapless:
 * the header's pre-skip is dropped by the decoder and the samples past the last page's granule
 * position are cut (RFC 7845 section 4). codec-parser reads the Ogg pages and the OpusHead; the
 * first logical stream is decoded (a chained file's later streams are ignored).
 */
export async function decodeOggOpus(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const [{ default: CodecParser }, { OpusDecoder }] = await Promise.all([import('codec-parser'), import('opus-decoder')]);
  return guarded(file, 'opus', async () => {
    const pages = quietly(() => new CodecParser<OggPage>('application/ogg', { enableFrameCRC32: false }).parseAll(bytes));
    const packets: Uint8Array[] = [];
    let head: OpusHeader | undefined;
    let total: number | undefined;
    for (const page of pages) {
      for (const frame of page.codecFrames) {
        head ??= frame.header as OpusHeader;
        packets.push(frame.data);
      }
      if (page.isLastPage && head) {
        total = page.totalSamples;
        break;
      }
    }
    if (!head) throw new AudioDecodeError(file, 'Ogg Opus stream holds no audio packets', { code: 'NO_AUDIO' });
    const decoder = new OpusDecoder({
      channels: head.channels,
      streamCount: head.streamCount,
      coupledStreamCount: head.coupledStreamCount,
      channelMappingTable: head.channelMappingTable,
      preSkip: head.preSkip,
    });
    await decoder.ready;
    try {
      const result = quietly(() => decoder.decodeFrames(packets));
      const kept = total === undefined ? result.samplesDecoded : Math.min(result.samplesDecoded, total);
      return finish({ ...result, samplesDecoded: kept }, file, 'ogg', 'opus');
    } finally {
      decoder.free();
    }
  });
}
