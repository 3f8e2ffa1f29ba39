/**
 * The verdicts on a song's pieces as they come, and the song's verdict at the end: each piece's
 * features (the model's recipe, columns and shape, checked finite), its level, the model's
 * probabilities (PREDICT_BATCH pieces at a time), then aggregation. `classify` feeds it the pieces
 * of a whole song in memory or of a file streamed from disk; only the pieces' probabilities are
 * kept, so a long song costs one batch of examples, not all of them.
 */
import { GenreKitError, ModelFormatError, ParameterError } from '../errors.js';
import type { AudioPiece, SegmentOptions } from '../audio/segment.js';
import type { FeatureMatrix } from '../features/recipe.js';
import type { Example } from '../models/model.js';
import { aggregate, certainty, rankGenres } from './aggregate.js';
import type { Aggregation, GenreScore } from './aggregate.js';
import type { GenreModel } from './genre-model.js';

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

/** Pieces whose examples are held before the model classifies them together. */
export const PREDICT_BATCH = 64;

export class PieceVerdicts {
  /** How the song must be cut for this model and these options. */
  readonly segmentOptions: SegmentOptions;
  private readonly pieces: Omit<PieceVerdict, 'genres' | 'short'>[] = [];
  private readonly probs: Float32Array[] = [];
  private batch: Example[] = [];
  private anyShort = false;

  /** Verdicts for `opts.model` on pieces at `sampleRate` Hz (the model recipe's); `source` names the song in errors. */
  constructor(
    private readonly opts: ResolvedOptions,
    private readonly sampleRate: number,
    private readonly source: string,
  ) {
    const { model } = opts;
    if (sampleRate !== model.recipe.sampleRate) {
      throw new ParameterError('sampleRate', `samples are at ${sampleRate} Hz but recipe '${model.recipe.id}' needs ${model.recipe.sampleRate} Hz`);
    }
    if (model.tail === 'lastFull' && opts.pieceSeconds !== model.input.pieceSeconds) {
      throw new ParameterError('pieceSeconds', `model '${model.classifier.name}' takes examples of shape [${model.input.shape}] from ${model.input.pieceSeconds} s pieces; its pieces cannot be ${opts.pieceSeconds} s`);
    }
    this.segmentOptions = { pieceSeconds: opts.pieceSeconds, tail: model.tail };
  }

  /** The next piece of the song, in order. */
  async add(piece: AudioPiece): Promise<void> {
    this.anyShort ||= piece.short;
    this.pieces.push({ startSeconds: piece.startSeconds, endSeconds: piece.endSeconds, levelDb: levelDb(piece.samples.subarray(0, piece.end - piece.start)), silent: false });
    this.batch.push(toExample(this.opts.model, piece.samples, `${this.source} [${piece.startSeconds.toFixed(1)} s]`));
    if (this.batch.length >= PREDICT_BATCH) await this.predict();
  }

  /** The song's verdict; `songSamples` is its length in samples. */
  async finish(songSamples: number): Promise<ClassifyResult> {
    await this.predict();
    const { opts, sampleRate } = this;
    const { model } = opts;
    if (this.pieces.length === 0) throw new GenreKitError(`${this.source}: no audio samples to classify`, 'EMPTY_AUDIO');
    const short = this.pieces.length === 1 && this.anyShort;
    const labels = model.classifier.labels;
    const silent = this.pieces.map((p) => p.levelDb < opts.silenceDb);
    const loud = this.probs.filter((_, i) => !silent[i]);
    const allSilent = loud.length === 0;
    const scores = aggregate(allSilent ? this.probs : loud, opts.aggregate);
    const durationSeconds = songSamples / sampleRate;
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
      pieces: this.pieces.map((p, i) => ({ ...p, genres: rankGenres(this.probs[i], labels, opts.topK), silent: silent[i], short })),
      short,
      silent: allSilent,
      warnings,
      model: { name: model.classifier.name, pieceSeconds: opts.pieceSeconds, aggregate: opts.aggregate },
    };
  }

  private async predict(): Promise<void> {
    if (this.batch.length === 0) return;
    const examples = this.batch;
    this.batch = [];
    this.probs.push(...(await this.opts.model.classifier.predictProba(examples)));
  }
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
