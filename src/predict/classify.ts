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
import { resample } from '../audio/resample.js';
import { GenreKitError, ModelFormatError, ParameterError } from '../errors.js';
import type { FeatureMatrix } from '../features/recipe.js';
import type { LoadedModel } from '../models/io.js';
import type { Example } from '../models/model.js';
import type { Aggregation, GenreScore } from './aggregate.js';
import { AGGREGATIONS, aggregate, certainty, rankGenres } from './aggregate.js';
import type { GenreModel } from './genre-model.js';
import { fromLoadedModel, loadClassifier } from './genre-model.js';
import { MIN_PIECE_SECONDS, pieceOf, segmentRanges } from '../audio/segment.js';
import { prepareKernels } from '../dsp/wasm.js';

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

/** The verdict on one piece. */
export interface PieceVerdict {
  startSeconds: number;
  endSeconds: number;
  /** Top genres of this piece alone, best first. */
  genres: GenreScore[];
  /** RMS level of the piece in dB full scale, floored at MIN_LEVEL_DB (digital silence). */
  levelDb: number;
  /** Below `silenceDb`: classified, but left out of the song verdict unless every piece is silent. */
  silent: boolean;
  /** The song is shorter than the model's piece length: this one piece holds all of it (repeated to fill the piece for a model whose input shape depends on the length). */
  short: boolean;
}

/** The verdict on a song. */
export interface ClassifyResult {
  /** Top genres of the song, best first; scores are aggregated probabilities (or vote shares). */
  genres: GenreScore[];
  /** log10(p1 / p2) of the song scores (S2's certainty); 0 is a tie. */
  certainty: number;
  /** Length of the decoded audio in seconds. */
  durationSeconds: number;
  /** Every piece in time order. */
  pieces: PieceVerdict[];
  /** The song is shorter than one piece: its one piece is short and the verdict less reliable. */
  short: boolean;
  /** Every piece is silent: the verdict says nothing about the music. */
  silent: boolean;
  /** Plain-language notes for the user about `short` / `silent`. */
  warnings: string[];
  /** Model kind that made the verdict, its piece length and aggregation. */
  model: { name: string; pieceSeconds: number; aggregate: Aggregation };
}

/** Resolved options: every field set. */
export interface ResolvedOptions {
  model: GenreModel;
  topK: number;
  pieceSeconds: number;
  aggregate: Aggregation;
  silenceDb: number;
}

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
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const audio = await loadAudio(input, { sampleRate: rate, mono: true });
    const result = await classifySamples(audio.samples, rate, opts, typeof input === 'string' ? input : '<bytes>');
    if (audio.truncated) result.warnings.push('the file ends before its header says it should (truncated): the audio present was classified');
    return result;
  }
  if (!(input?.samples instanceof Float32Array)) throw new ParameterError('input', 'must be a path, file bytes (Uint8Array) or { samples: Float32Array, sampleRate }');
  return classifySamples(resample(input.samples, input.sampleRate, rate), rate, opts, '<samples>');
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
  const { model } = opts;
  if (sampleRate !== model.recipe.sampleRate) {
    throw new ParameterError('sampleRate', `samples are at ${sampleRate} Hz but recipe '${model.recipe.id}' needs ${model.recipe.sampleRate} Hz`);
  }
  if (model.tail === 'lastFull' && opts.pieceSeconds !== model.input.pieceSeconds) {
    throw new ParameterError('pieceSeconds', `model '${model.classifier.name}' takes examples of shape [${model.input.shape}] from ${model.input.pieceSeconds} s pieces; its pieces cannot be ${opts.pieceSeconds} s`);
  }
  const ranges = segmentRanges(samples.length, sampleRate, { pieceSeconds: opts.pieceSeconds, tail: model.tail });
  if (ranges.length === 0) throw new GenreKitError(`${source}: no audio samples to classify`, 'EMPTY_AUDIO');
  const short = ranges.length === 1 && ranges[0].short;
  const examples: Example[] = [];
  const levels: number[] = [];
  for (const r of ranges) {
    const piece = pieceOf(samples, sampleRate, r);
    levels.push(levelDb(samples.subarray(r.start, r.end)));
    examples.push(toExample(model, piece.samples, `${source} [${piece.startSeconds.toFixed(1)} s]`));
  }
  const probs = await model.classifier.predictProba(examples);
  const labels = model.classifier.labels;
  const silent = levels.map((db) => db < opts.silenceDb);
  const loud = probs.filter((_, i) => !silent[i]);
  const allSilent = loud.length === 0;
  const scores = aggregate(allSilent ? probs : loud, opts.aggregate);
  const durationSeconds = samples.length / sampleRate;
  const warnings: string[] = [];
  if (short) {
    const how = model.tail === 'lastFull' ? 'repeated to fill one piece' : 'classified as one short piece';
    warnings.push(`only ${durationSeconds.toFixed(1)} s of audio, shorter than the model's ${opts.pieceSeconds} s pieces: ${how}, less reliable`);
  }
  if (allSilent) warnings.push(`silent (below ${opts.silenceDb} dB full scale throughout): the verdict says nothing about the music`);
  return {
    genres: rankGenres(scores, labels, opts.topK),
    certainty: certainty(scores),
    durationSeconds,
    pieces: ranges.map((r, i) => ({
      startSeconds: r.start / sampleRate,
      endSeconds: r.end / sampleRate,
      genres: rankGenres(probs[i], labels, opts.topK),
      levelDb: levels[i],
      silent: silent[i],
      short,
    })),
    short,
    silent: allSilent,
    warnings,
    model: { name: model.classifier.name, pieceSeconds: opts.pieceSeconds, aggregate: opts.aggregate },
  };
}

/** The classifier's input for one piece: the recipe's features, the model's columns, all finite, of the model's shape. */
function toExample(model: GenreModel, piece: Float32Array, where: string): Example {
  let f: FeatureMatrix;
  try {
    f = model.recipe.compute(piece);
  } catch (err) {
    // e.g. a file of a few milliseconds, shorter than one analysis frame: the file is at fault, not an option.
    if (!(err instanceof ParameterError)) throw err;
    const seconds = (piece.length / model.recipe.sampleRate).toFixed(3);
    throw new GenreKitError(`${where}: cannot compute recipe '${model.recipe.id}' on ${piece.length} samples (${seconds} s): ${err.message}`, 'AUDIO_TOO_SHORT', { cause: err });
  }
  const { columns, shape } = model.input;
  const width = f.shape[f.shape.length - 1];
  const rows = f.data.length / width;
  const cols = columns && columnsOf(model, columns, f.names ?? []);
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = f.data.subarray(r * width, (r + 1) * width);
    out.push(cols ? Float32Array.from(cols, (c) => row[c]) : row.slice());
  }
  const got = [...f.shape.slice(0, -1), out[0]?.length ?? 0];
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  if (model.tail === 'lastFull' ? got.join(',') !== shape.join(',') && size(got) !== size(shape) : (out[0]?.length ?? 0) !== shape[shape.length - 1]) {
    throw new ModelFormatError(model.dir ?? model.classifier.name, `${where}: recipe '${model.recipe.id}' gave an example of shape [${got}], the model takes [${shape}]`);
  }
  for (const row of out) {
    for (let i = 0; i < row.length; i++) {
      if (!Number.isFinite(row[i])) {
        const name = columns?.[i] ?? f.names?.[i] ?? `column ${i}`;
        throw new GenreKitError(`${where}: recipe '${model.recipe.id}' gave a non-finite value of '${name}'`, 'NON_FINITE_FEATURES');
      }
    }
  }
  if (model.takes === 'sequence') return out;
  if (out.length === 1) return out[0];
  const flat = new Float32Array(out.length * out[0].length);
  out.forEach((row, r) => flat.set(row, r * row.length));
  return flat;
}

/** Indices of `wanted` among the recipe's output `names`; ModelFormatError naming a missing one. */
function columnsOf(model: GenreModel, wanted: readonly string[], names: readonly string[]): number[] {
  return wanted.map((name) => {
    const i = names.indexOf(name);
    if (i < 0) throw new ModelFormatError(model.dir ?? model.classifier.name, `feature '${name}' is not an output of recipe '${model.recipe.id}'`);
    return i;
  });
}

/** Floor of `levelDb`, so that digital silence has a finite level (JSON has no -Infinity). */
export const MIN_LEVEL_DB = -120;

/** RMS level of `samples` in dB full scale (a full-scale sine is about -3 dB), at least MIN_LEVEL_DB. */
export function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.max(MIN_LEVEL_DB, 10 * Math.log10(sum / Math.max(1, samples.length)));
}
