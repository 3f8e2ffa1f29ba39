/**
 * What `genrekit models` shows about a model folder without loading its weights into a
 * classifier: kind, recipe, piece length, labels, how it was trained and how well it did.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ModelManifest } from '../models/manifest.js';
import { readModelFolder } from '../models/folder.js';
import { defaultModelDir } from './default-model.js';

/** The file a model folder may carry with its human-readable training report. */
export const REPORT_FILE = 'REPORT.md';
/** Its machine-readable twin (written by scripts/train-default-model.mjs): accuracies by protocol. */
export const REPORT_JSON_FILE = 'report.json';

/** One evaluation of a model: what it scored under which protocol. */
export interface ProtocolAccuracy {
  protocol: string;
  /** Fraction correct, 0 to 1. */
  accuracy: number;
}

/** A model folder's description. */
export interface ModelInfo {
  dir: string;
  /** True for the bundled model. */
  bundled: boolean;
  /** The manifest, checksums verified. */
  manifest: ModelManifest;
  pieceSeconds: number;
  /** Files verified against `SHA256SUMS`, when the folder has one. */
  checksummed: string[];
  /** The training report (Markdown), when the folder has one. */
  report?: string;
  /** Accuracies by protocol from `report.json` (10-fold, fault-filtered), when the folder has one. */
  accuracy: ProtocolAccuracy[];
}

/** Describe the model folder `dir` (default: the bundled one). Throws ModelFormatError for a bad folder. */
export async function describeModel(dir: string = defaultModelDir): Promise<ModelInfo> {
  const abs = resolve(dir);
  const bundled = abs === resolve(defaultModelDir);
  const { manifest, checksummed } = await readModelFolder(abs);
  const reportPath = join(abs, REPORT_FILE);
  const report = existsSync(reportPath) ? await readFile(reportPath, 'utf8') : undefined;
  const accuracy = await reportAccuracy(join(abs, REPORT_JSON_FILE));
  return { dir: abs, bundled, manifest, pieceSeconds: manifest.input.pieceSeconds, checksummed, report, accuracy };
}

/** `{ protocol, accuracy }` entries of report.json's top-level objects; none when absent or unreadable. */
async function reportAccuracy(path: string): Promise<ProtocolAccuracy[]> {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
  const out: ProtocolAccuracy[] = [];
  for (const v of Object.values(json as Record<string, unknown>)) {
    const e = v as Partial<ProtocolAccuracy> | null;
    if (e && typeof e === 'object' && typeof e.protocol === 'string' && typeof e.accuracy === 'number') out.push({ protocol: e.protocol, accuracy: e.accuracy });
  }
  return out;
}
