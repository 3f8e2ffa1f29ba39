/**
 * Learning curves of a run as JSON and as a self-contained SVG (loss on the left, accuracy on the
 * right; training solid, validation dashed; the restored best epoch marked).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochRecord } from './history.js';

export const CURVES_JSON = 'learning-curves.json';
export const CURVES_SVG = 'learning-curves.svg';

export interface LearningCurves {
  history: EpochRecord[];
  bestEpoch?: number;
  backend?: string;
}

function panel(x0: number, title: string, series: Array<{ values: (number | undefined)[]; dashed: boolean; color: string }>, epochs: number, best?: number): string {
  const w = 360;
  const h = 220;
  const pad = 36;
  const vals = series.flatMap((s) => s.values).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(0, ...vals);
  const hi = Math.max(1e-9, ...vals);
  const sx = (e: number) => x0 + pad + ((e - 1) / Math.max(1, epochs - 1)) * (w - 2 * pad);
  const sy = (v: number) => h - pad - ((v - lo) / (hi - lo)) * (h - 2 * pad);
  const lines = series
    .map((s) => {
      const pts = s.values.map((v, i) => (v === undefined ? '' : `${sx(i + 1).toFixed(1)},${sy(v).toFixed(1)}`)).filter(Boolean);
      return pts.length ? `<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="5,3"' : ''} points="${pts.join(' ')}"/>` : '';
    })
    .join('');
  const mark = best ? `<line x1="${sx(best).toFixed(1)}" x2="${sx(best).toFixed(1)}" y1="${pad}" y2="${h - pad}" stroke="#999" stroke-dasharray="2,2"/>` : '';
  return (
    `<rect x="${x0 + pad}" y="${pad}" width="${w - 2 * pad}" height="${h - 2 * pad}" fill="none" stroke="#ccc"/>` +
    `<text x="${x0 + w / 2}" y="20" text-anchor="middle" font-size="13">${title}</text>` +
    `<text x="${x0 + pad - 4}" y="${pad + 4}" text-anchor="end" font-size="10">${hi.toPrecision(3)}</text>` +
    `<text x="${x0 + pad - 4}" y="${h - pad}" text-anchor="end" font-size="10">${lo.toPrecision(3)}</text>` +
    `<text x="${x0 + w / 2}" y="${h - 8}" text-anchor="middle" font-size="10">epoch (1-${epochs})</text>` +
    mark +
    lines
  );
}

export function learningCurvesSvg(c: LearningCurves): string {
  const n = c.history.length;
  const get = (k: keyof EpochRecord) => c.history.map((r) => r[k] as number | undefined);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="240" font-family="sans-serif">` +
    panel(0, 'loss', [{ values: get('loss'), dashed: false, color: '#1f77b4' }, { values: get('valLoss'), dashed: true, color: '#d62728' }], n, c.bestEpoch) +
    panel(360, 'accuracy', [{ values: get('accuracy'), dashed: false, color: '#1f77b4' }, { values: get('valAccuracy'), dashed: true, color: '#d62728' }], n, c.bestEpoch) +
    `<text x="10" y="236" font-size="10">training solid, validation dashed${c.bestEpoch ? `, best epoch ${c.bestEpoch}` : ''}${c.backend ? `, backend ${c.backend}` : ''}</text>` +
    `</svg>\n`
  );
}

/** Both files' bytes, for a model folder. */
export function learningCurvesFiles(c: LearningCurves): Record<string, Uint8Array> {
  return {
    [CURVES_JSON]: new TextEncoder().encode(JSON.stringify(c, null, 1) + '\n'),
    [CURVES_SVG]: new TextEncoder().encode(learningCurvesSvg(c)),
  };
}

/** Write both files into `dir` (each via a temp file and rename). */
export async function writeLearningCurves(dir: string, c: LearningCurves): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(learningCurvesFiles(c))) {
    const tmp = join(dir, `.${name}.tmp-${process.pid}`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(dir, name));
  }
}
