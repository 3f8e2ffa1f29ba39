/**
 * Evaluation reports: one JSON document (machine-readable, every number), the same as Markdown,
 * and the pictures (confusion heatmap, precision / recall bars) as SVG and, when asked, PNG.
 * Every report names its protocol beside its numbers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.js';
import { packageVersion } from '../version.js';
import type { FoldResult } from './cross-validation.js';
import type { ScoredPrediction } from './evaluate.js';
import type { ClassificationMetrics } from './metrics.js';
import { classBarsSvg, confusionMatrixSvg } from './plots.js';
import { svgToPng } from './png.js';

export interface EvaluationReport {
  format: 'genrekit-report';
  version: 1;
  title: string;
  createdAt: string;
  packageVersion: string;
  model: { name: string; args: Record<string, unknown>; dir?: string };
  /** File the examples came from. */
  data: string;
  /** Split protocol in words, e.g. "10 folds by clip number mod 10, song-grouped". */
  protocol: string;
  metrics: ClassificationMetrics;
  /** Per-fold accuracies when the numbers come from cross-validation. */
  crossValidation?: { folds: FoldResult[]; mean: number; std: number };
  predictions?: ScoredPrediction[];
  /** Tensor backend the neural model ran on (tensorflow, wasm, cpu). */
  backend?: string;
}

/** A report with its bookkeeping fields filled in. */
export function makeReport(fields: Omit<EvaluationReport, 'format' | 'version' | 'createdAt' | 'packageVersion'>): EvaluationReport {
  return { format: 'genrekit-report', version: 1, createdAt: new Date().toISOString(), packageVersion, ...fields };
}

const pct = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(1) : 'n/a');
const num = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

/** The report as Markdown (pictures linked by their file names in the same folder). */
export function reportMarkdown(r: EvaluationReport, pictures: { confusion?: string; bars?: string } = {}): string {
  const m = r.metrics;
  const lines: string[] = [];
  lines.push(`# ${r.title}`, '');
  lines.push(`- model: \`${r.model.name}\` ${JSON.stringify(r.model.args)}${r.model.dir ? ` (${r.model.dir})` : ''}`);
  lines.push(`- data: ${r.data}`);
  lines.push(`- protocol: ${r.protocol}`);
  if (r.backend) lines.push(`- backend: ${r.backend}`);
  lines.push(`- genrekit ${r.packageVersion}, ${r.createdAt}`, '');
  lines.push('| metric | value |', '|---|---|');
  if (r.crossValidation) lines.push(`| mean fold accuracy (± std over ${r.crossValidation.folds.length} folds) | ${pct(r.crossValidation.mean)} % ± ${pct(r.crossValidation.std)} |`);
  lines.push(`| accuracy${r.crossValidation ? ' (pooled)' : ''} | ${pct(m.accuracy)} % |`);
  lines.push(`| micro F1 | ${pct(m.microF1)} % |`);
  lines.push(`| macro F1 | ${pct(m.macroF1)} % |`);
  for (const [k, v] of Object.entries(m.topK)) if (k !== '1') lines.push(`| top-${k} accuracy | ${pct(v)} % |`);
  lines.push(`| mean certainty log10(p1/p2) | ${num(m.meanCertainty)} |`);
  lines.push(`| examples | ${m.n} |`, '');
  if (r.crossValidation) {
    lines.push('## Folds', '', '| fold | train | test | accuracy % | fit s |', '|---|---|---|---|---|');
    for (const f of r.crossValidation.folds) lines.push(`| ${f.name} | ${f.nTrain} | ${f.nTest} | ${pct(f.accuracy)} | ${num(f.fitSeconds)} |`);
    lines.push('');
  }
  lines.push('## Per genre', '', '| genre | precision % | recall % | F1 % | support | mean certainty |', '|---|---|---|---|---|---|');
  for (const c of m.perClass) lines.push(`| ${c.label} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} | ${num(c.meanCertainty)} |`);
  lines.push('');
  lines.push('## Confusion matrix (rows: true, columns: predicted)', '');
  lines.push(`| | ${m.labels.join(' | ')} |`, `|---|${m.labels.map(() => '---').join('|')}|`);
  m.confusion.forEach((row, i) => lines.push(`| **${m.labels[i]}** | ${row.join(' | ')} |`));
  lines.push('');
  if (pictures.confusion) lines.push(`![confusion matrix](${pictures.confusion})`, '');
  if (pictures.bars) lines.push(`![precision and recall per genre](${pictures.bars})`, '');
  return lines.join('\n');
}

export interface WriteReportOptions {
  /** Also write PNG copies of the pictures (needs @resvg/resvg-js). Default false. */
  png: boolean;
  /** File name stem. Default 'report'. */
  name: string;
}

export const writeReportDefaults: Readonly<WriteReportOptions> = Object.freeze({ png: false, name: 'report' });

/**
 * Writes `<name>.json`, `<name>.md`, `confusion.svg` and `precision-recall.svg` (and `.png` copies
 * when asked) into `dir`, each atomically. Returns the paths written.
 */
export async function writeReport(dir: string, r: EvaluationReport, options: Partial<WriteReportOptions> = {}): Promise<string[]> {
  const { png, name } = { ...writeReportDefaults, ...options };
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (file: string, data: string | Uint8Array) => {
    writeFileAtomic(join(dir, file), data);
    written.push(join(dir, file));
  };
  const pictures = {
    'confusion.svg': confusionMatrixSvg(r.metrics, { title: `${r.model.name}: confusion matrix` }),
    'precision-recall.svg': classBarsSvg(r.metrics, { title: `${r.model.name}: precision and recall per genre` }),
  };
  for (const [file, svg] of Object.entries(pictures)) {
    put(file, svg);
    if (png) put(file.replace(/\.svg$/, '.png'), await svgToPng(svg));
  }
  const ext = png ? 'png' : 'svg';
  put(`${name}.json`, JSON.stringify(r, null, 1) + '\n');
  put(`${name}.md`, reportMarkdown(r, { confusion: `confusion.${ext}`, bars: `precision-recall.${ext}` }));
  return written;
}
