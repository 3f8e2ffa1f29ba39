/**
 * Classify a song of any length and format: decode, resample to the model's rate, cut into the
 * model's pieces, compute the features each piece was trained on, classify every piece, and
 * aggregate the pieces into the song's verdict.
 *
 * @example
 * const r = await classify('song.mp3');
 * // r.genres: [{ label: 'metal', score: 0.81 }, { label: 'rock', score: 0.11 }, { label: 'hiphop', score: 0.03 }]
 * // r.certainty: 0.87, r.durationSeconds: 361.2, r.pieces.length: 12
 */
import { loadAudio } from '../audio/load.js';
import { openMonoStream, type MonoStream, type MonoStreamEnd } from '../audio/mono-stream.js';
import { resample } from '../audio/resample.js';
import { MIN_PIECE_SECONDS, segment } from '../audio/segment.js';
import { forEachStreamedPiece } from '../audio/segment-stream.js';
import { prepareKernels } from '../dsp/wasm.js';
import { ParameterError } from '../errors.js';
import type { LoadedModel } from '../models/io.js';
import type { Aggregation } from './aggregate.js';
import { AGGREGATIONS } from './aggregate.js';
import type { GenreModel } from './genre-model.js';
import { fromLoadedModel, loadClassifier } from './genre-model.js';
import { PieceVerdicts, type ClassifyResult, type ResolvedOptions } from './piece-verdicts.js';

export { levelDb, MIN_LEVEL_DB } from './piece-verdicts.js';

/** Options of `classify`. */
export interface ClassifyOptions {
  /** A model folder, a model from `loadModel(dir)` or `loadClassifier(dir)`; default the bundled model. */
  model?: string | GenreModel | LoadedModel;
  /** How many genres to return, best first; 1 to the label count (more is cut to the label count). */
  topK?: number;
  /** Piece length in seconds (> 0); default the length the model was trained on. */
  pieceSeconds?: number;
  /** `mean` of piece probabilities, or majority `vote` of the pieces' top genres. */
  aggregate?: Aggregation;
  /** A piece whose RMS level is below this many dB full scale counts as silent (left out of the verdict). */
  silenceDb?: number;
}

/** Defaults of `classify` (the CLI help reads them from here). `pieceSeconds` defaults to the model's. */
export const classifyDefaults = {
  topK: 3,
  aggregate: 'mean' as Aggregation,
  silenceDb: -60,
} as const;

export type { ClassifyResult, PieceVerdict, ResolvedOptions } from './piece-verdicts.js';

/** Decoded mono audio to classify: samples in [-1, 1] at `sampleRate` Hz. */
export interface AudioSamples {
  samples: Float32Array;
  sampleRate: number;
}

/**
 * Classify a song: a file path, the bytes of a file in any supported format, or mono samples at
 * any rate (`{ samples, sampleRate }`, resampled to the model's rate). Throws AudioDecodeError for
 * unreadable audio, ParameterError for bad options, ModelFormatError for a bad model folder.
 */
export async function classify(input: string | Uint8Array | AudioSamples, options: ClassifyOptions = {}): Promise<ClassifyResult> {
  const opts = await resolveOptions(options);
  await prepareKernels(); // a browser page compiles its kernels asynchronously, once
  const rate = opts.model.recipe.sampleRate;
  if (typeof input === 'string') {
    const stream = await openMonoStream(input); // every format but FLAC inside Ogg, from disk
    if (stream) return noteTruncation(await classifyStream(stream, opts, input));
  }
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const audio = await loadAudio(input, { sampleRate: rate, mono: true });
    return noteTruncation({ result: await classifySamples(audio.samples, rate, opts, audio.file), end: audio });
  }
  if (!(input?.samples instanceof Float32Array)) throw new ParameterError('input', 'must be a path, file bytes (Uint8Array) or { samples: Float32Array, sampleRate }');
  return classifySamples(resample(input.samples, input.sampleRate, rate), rate, opts, '<samples>');
}

/** The verdict, with a warning when the file was cut short. */
function noteTruncation({ result, end }: { result: ClassifyResult; end: { truncated: boolean; truncatedBecause?: string } }): ClassifyResult {
  if (end.truncated) result.warnings.push(`truncated (${end.truncatedBecause ?? 'the file ends before its header says it should'}): the audio present was classified`);
  return result;
}

/** Check options and fill defaults; loads (or reuses) the model. */
export async function resolveOptions(options: ClassifyOptions): Promise<ResolvedOptions> {
  const topK = options.topK ?? classifyDefaults.topK;
  if (!Number.isInteger(topK) || topK < 1) throw new ParameterError('topK', `must be an integer >= 1, got ${topK}`);
  const how = options.aggregate ?? classifyDefaults.aggregate;
  if (!AGGREGATIONS.includes(how)) throw new ParameterError('aggregate', `must be one of ${AGGREGATIONS.join(', ')}, got '${String(how)}'`);
  const silenceDb = options.silenceDb ?? classifyDefaults.silenceDb;
  if (!Number.isFinite(silenceDb)) throw new ParameterError('silenceDb', `must be a finite number of dB, got ${silenceDb}`);
  if (options.pieceSeconds !== undefined && !(options.pieceSeconds >= MIN_PIECE_SECONDS && Number.isFinite(options.pieceSeconds))) {
    throw new ParameterError('pieceSeconds', `must be a number of seconds >= ${MIN_PIECE_SECONDS}, got ${options.pieceSeconds}`);
  }
  const m = options.model;
  const model = typeof m !== 'object' ? await loadClassifier(m) : 'recipe' in m ? m : await fromLoadedModel(m);
  return { model, topK, aggregate: how, silenceDb, pieceSeconds: options.pieceSeconds ?? model.input.pieceSeconds };
}

/** Classify mono `samples` already at the model recipe's rate `sampleRate`. `source` names them in errors. */
export async function classifySamples(samples: Float32Array, sampleRate: number, opts: ResolvedOptions, source: string): Promise<ClassifyResult> {
  const verdicts = new PieceVerdicts(opts, sampleRate, source);
  for (const piece of segment(samples, sampleRate, verdicts.segmentOptions)) await verdicts.add(piece);
  return verdicts.finish(samples.length);
}

/**
 * Classify a file streamed from disk: decode -> mono -> resample -> pieces -> features -> model,
 * holding a few pieces of it at a time (memory does not grow with the file's length). Gives
 * exactly what `classifySamples(loadAudio(path).samples)` gives.
 */
async function classifyStream(stream: MonoStream, opts: ResolvedOptions, source: string): Promise<{ result: ClassifyResult; end: MonoStreamEnd }> {
  const rate = opts.model.recipe.sampleRate;
  const verdicts = new PieceVerdicts(opts, rate, source);
  const { songSamples, end } = await forEachStreamedPiece(stream, rate, verdicts.segmentOptions, (piece) => verdicts.add(piece));
  return { result: await verdicts.finish(songSamples), end };
}
