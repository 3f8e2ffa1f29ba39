/**
 * What `genrekit models` shows about a model folder without loading its weights into a
 * classifier: kind, recipe, piece length, labels, how it was trained and how well it did.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ModelManifest } from '../models/manifest.js';
import { readModelFolder } from '../models/manifest.js';
import { CHECKSUM_FILE, defaultModelDir, verifyChecksums } from './default-model.js';
import { DEFAULT_PIECE_SECONDS } from './genre-model.js';

/** The file a model folder may carry with its human-readable training report. */
export const REPORT_FILE = 'REPORT.md';

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
}

/** Describe the model folder `dir` (default: the bundled one). Throws ModelFormatError for a bad folder. */
export async function describeModel(dir: string = defaultModelDir): Promise<ModelInfo> {
  const abs = resolve(dir);
  const bundled = abs === resolve(defaultModelDir);
  const checksummed = bundled || existsSync(join(abs, CHECKSUM_FILE)) ? await verifyChecksums(abs) : [];
  const { manifest } = await readModelFolder(abs);
  const reportPath = join(abs, REPORT_FILE);
  const report = existsSync(reportPath) ? await readFile(reportPath, 'utf8') : undefined;
  return { dir: abs, bundled, manifest, pieceSeconds: manifest.recipe.pieceSeconds ?? DEFAULT_PIECE_SECONDS, checksummed, report };
}
