/**
 * An experiment's report: `report.md` (tables: published beside ours with the gap, per protocol;
 * per-class precision / recall / F1 and certainty; training figures) and `report.json` (the
 * config, the outcome, every number), with a confusion matrix per model and protocol as SVG.
 * Written atomically into the experiment folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.js';
import { confusionMatrixSvg } from '../eval/plots.js';
import type { ExperimentOutcome, ModelOutcome, ProtocolOutcome } from './outcome.js';
import { slug } from './outcome.js';

/** Names of the report files in the experiment folder. */
export const EXPERIMENT_REPORT_FILES = { markdown: 'report.md', json: 'report.json' } as const;

const METRIC_WORDS = { accuracy: 'test accuracy', microF1: 'test micro F1', macroF1: 'test macro F1' } as const;

/** A fraction in percent with one decimal, or `--` for none. */
export const pct = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '--' : (100 * v).toFixed(digits));
const signed = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}`;

/** The mean and spread of a model's folds, in percent: "74.2 ± 3.1 (10 folds)" or "74.2". */
export function oursText(m: ModelOutcome): string {
  return m.folds.length > 1 ? `${pct(m.mean)} ± ${pct(m.std)} (${m.folds.length} folds)` : pct(m.mean);
}

/** The report in Markdown. */
export function experimentMarkdown(o: ExperimentOutcome): string {
  const c = o.config;
  const metric = METRIC_WORDS[c.metric];
  const lines: string[] = [];
  lines.push(`# ${c.system}: ${c.title}${o.smoke ? ' (SMOKE RUN)' : ''}`, '');
  if (o.smoke) {
    lines.push(`**Smoke run**: ${o.data.examples} examples of ${o.data.source} with the configs' smoke arguments (few epochs, small networks) and at most ${c.smokeFolds ?? 1} fold per protocol. It shows that each system runs end to end and learns; its numbers are not the published protocol's and must not be compared with them.`, '');
  }
  lines.push(`- experiment \`${c.id}\` (${o.configPath}), genrekit ${o.packageVersion}`);
  lines.push(`- data: ${o.data.described}, ${o.data.examples} examples of ${o.data.source}; genres ${o.data.labels.join(', ')}`);
  lines.push(`- published numbers: ${c.source} (${metric}); the paper's protocol is **${c.published}**`);
  lines.push(`- fitting took ${o.fitSeconds.toFixed(1)} s over all folds and models (this invocation ran ${o.seconds.toFixed(1)} s; folds finished before are read back)`);
  for (const n of c.notes ?? []) lines.push(`- ${n}`);
  lines.push('');
  const published = o.protocols.find((p) => p.name === c.published);
  for (const p of o.protocols) {
    lines.push(`## Protocol \`${p.name}\`: ${p.skipped ? 'not run' : p.split}`, '');
    if (p.note) lines.push(p.note, '');
    if (p.skipped) {
      lines.push(`Not run: ${p.skipped}.`, '');
      continue;
    }
    lines.push(`Split \`${p.spec}\` (\`split-${p.name}.json\`), ${p.foldsRun} of its ${p.foldsInSplit} fold(s) run. ${metric[0].toUpperCase() + metric.slice(1)} in percent.`, '');
    const isPublished = p.name === c.published;
    lines.push(`| model | kind | published | ours | ${isPublished ? 'ours - published' : `moved from \`${c.published}\``} | macro F1 | loss first -> last | epochs | s / epoch | fit s |`);
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const m of p.models) {
      const base = published?.models.find((x) => x.name === m.name);
      const gap = isPublished ? (m.published === null ? '--' : signed(m.mean - m.published)) : base ? signed(m.mean - base.mean) : '--';
      const loss = m.firstLoss !== undefined ? `${m.firstLoss.toFixed(3)} -> ${m.lastLoss!.toFixed(3)}` : '--';
      lines.push(`| ${m.name} | \`${m.kind}\` ${JSON.stringify(m.args)} | ${pct(m.published)}${m.publishedNote ? ` (${m.publishedNote})` : ''} | ${oursText(m)} | ${gap} | ${pct(m.metrics.macroF1)} | ${loss} | ${m.epochs ?? '--'} | ${m.secondsPerEpoch?.toFixed(2) ?? '--'} | ${m.fitSeconds.toFixed(1)} |`);
    }
    lines.push('');
    if (p.models.some((m) => m.newSongs)) {
      lines.push(`New songs (${o.newSongs}), classified by each row's first-fold model: share of pieces, and of songs (the mean of their pieces), given the right genre.`, '');
      lines.push('| model | pieces | songs |', '|---|---|---|');
      for (const m of p.models) {
        const s = m.newSongs;
        if (!s) continue;
        lines.push('error' in s ? `| ${m.name} | not classified: ${s.error} | |` : `| ${m.name} | ${pct(s.pieces)} % of ${s.pieceCount} | ${pct(s.songs)} % of ${s.songCount} |`);
      }
      lines.push('');
    }
    for (const m of p.models) {
      lines.push(`### ${m.name} (\`${p.name}\`)`, '');
      if (m.nodes && m.firstLoss !== undefined) lines.push('The loss and epochs above are the root node\'s.', '');
      lines.push(`Pooled over the test sets of the folds run (${m.metrics.n} examples): accuracy ${pct(m.metrics.accuracy)} %, micro F1 ${pct(m.metrics.microF1)} %, macro F1 ${pct(m.metrics.macroF1)} %, mean certainty ${m.metrics.meanCertainty.toFixed(2)}. Model folder (first fold): \`${m.modelDir}\`${m.epochs ? ` (learning curves: \`${m.modelDir}/learning-curves.svg\`)` : ''}.`, '');
      lines.push('| genre | precision | recall | F1 | support | mean certainty |', '|---|---|---|---|---|---|');
      for (const k of m.metrics.perClass) lines.push(`| ${k.label} | ${pct(k.precision)} | ${pct(k.recall)} | ${pct(k.f1)} | ${k.support} | ${k.meanCertainty.toFixed(2)} |`);
      if (m.nodes) {
        lines.push('', `Tree nodes, each on the test examples of its own genres (as S3 measured them). The paper's figure, the mean over genres of the product of the node accuracies on each genre's path, is **${pct(m.productOfNodes)} %**; measured end to end the tree scores **${pct(m.metrics.accuracy)} %**.`, '');
        lines.push('| node | genres | accuracy | examples |', '|---|---|---|---|');
        for (const n of m.nodes) lines.push(`| ${n.node} | ${n.genres.join(', ')} | ${pct(n.accuracy)} | ${n.n} |`);
      }
      lines.push('', `![confusion matrix](${confusionFile(p, m)})`, '');
    }
  }
  return lines.join('\n') + '\n';
}

function confusionFile(p: ProtocolOutcome, m: ModelOutcome): string {
  return `confusion-${p.name}-${slug(m.name)}.svg`;
}

/** Writes report.md, report.json and the confusion matrices into `dir`; returns the paths. */
export function writeExperimentReport(dir: string, o: ExperimentOutcome): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const p of o.protocols) {
    for (const m of p.models) {
      const path = join(dir, confusionFile(p, m));
      writeFileAtomic(path, confusionMatrixSvg(m.metrics, { title: `${o.config.system} ${m.name} (${p.name})` }));
      paths.push(path);
    }
  }
  const json = join(dir, EXPERIMENT_REPORT_FILES.json);
  writeFileAtomic(json, JSON.stringify({ format: 'genrekit-experiment-report', version: 1, createdAt: new Date().toISOString(), ...o }, null, 1) + '\n');
  const md = join(dir, EXPERIMENT_REPORT_FILES.markdown);
  writeFileAtomic(md, experimentMarkdown(o));
  return [md, json, ...paths];
}
