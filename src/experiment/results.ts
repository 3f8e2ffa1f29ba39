/**
 * docs/RESULTS.md from experiment reports: for every system and every row of its published
 * tables, the published number, ours under the published protocol and the honest ones (full runs),
 * the smoke run's figures on the dev clips (loss first -> last, accuracy; clearly marked), the
 * exact commands, and what the rest needs. Written from the `report.json` files, never by hand.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.js';
import { foldCountOf } from '../eval/labelled-data.js';
import type { ExperimentOutcome, ModelOutcome } from './outcome.js';
import { oursText, pct } from './report.js';

/** The clips of full GTZAN and of the dev set, for the time estimate. */
const FULL_CLIPS = 1000;

type Report = ExperimentOutcome & { createdAt: string };

/** Every report.json directly in `dir` or one folder below it. */
function reportsIn(dir: string): Report[] {
  const found: Report[] = [];
  const at = (p: string) => existsSync(p) && found.push(JSON.parse(readFileSync(p, 'utf8')) as Report);
  at(join(dir, 'report.json'));
  if (existsSync(dir)) for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) at(join(dir, d.name, 'report.json'));
  return found;
}

/** The RESULTS.md text for these reports (full and smoke runs of each config). */
export function resultsMarkdown(reports: Report[]): string {
  const byId = new Map<string, { full?: Report; smoke?: Report }>();
  for (const r of reports) {
    const entry = byId.get(r.config.id) ?? {};
    const slot = r.smoke ? 'smoke' : 'full';
    if (!entry[slot] || entry[slot]!.createdAt < r.createdAt) entry[slot] = r;
    byId.set(r.config.id, entry);
  }
  const ids = [...byId.keys()].sort((a, b) => {
    const sa = (byId.get(a)!.full ?? byId.get(a)!.smoke)!.config.system, sb = (byId.get(b)!.full ?? byId.get(b)!.smoke)!.config.system;
    return sa.localeCompare(sb) || a.localeCompare(b);
  });
  const lines = [
    '# Results: the published tables beside ours',
    '',
    'Written by `genrekit experiment results runs` from the experiments\' `report.json` files (do not edit by hand).',
    'Percentages; each experiment\'s metric is the one its paper reports. **ours** is a full run of the',
    'config on this machine where its data is here (the GTZAN 30 s feature table); **smoke** is a run on',
    'the 50 dev clips with few epochs (`--smoke`): it shows that the system runs end to end and learns',
    '(training loss first -> last, test accuracy; chance is 1 / genres), and is not comparable with the',
    'published number. The honest protocols (`song`: song-grouped; `fault-filtered`: the artist-filtered',
    'GTZAN split) are shown beside the published, leaky one (`random`: pieces dealt at random).',
    '',
  ];
  for (const id of ids) {
    const { full, smoke } = byId.get(id)!;
    const r = (full ?? smoke)!;
    const c = r.config;
    lines.push(`## ${c.system}: ${c.title} (\`${id}\`)`, '');
    lines.push(`Published: ${c.source}; metric ${c.metric}; published protocol \`${c.published}\` (\`${c.protocols[c.published]!.split}\`). Data: ${r.data.described}.`, '');
    const protocols = full?.protocols.filter((p) => !p.skipped) ?? [];
    // The smoke figures of the published protocol where the dev clips could run it, else of the first that ran.
    const ran = smoke?.protocols.filter((p) => !p.skipped) ?? [];
    const smokeRun = ran.find((p) => p.name === c.published) ?? ran[0];
    const tag = smokeRun ? ` \`${smokeRun.name}\`` : '';
    const head = ['row', 'kind', 'published', ...protocols.map((p) => `ours \`${p.name}\``), `smoke${tag}: loss first -> last`, `smoke${tag}: test acc`];
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    const smokeModel = (name: string): ModelOutcome | undefined => smokeRun?.models.find((m) => m.name === name);
    for (const m of c.models) {
      const cells = protocols.map((p) => {
        const o = p.models.find((x) => x.name === m.name);
        return o ? oursText(o) : '--';
      });
      const s = smokeModel(m.name);
      const loss = s?.firstLoss !== undefined ? `${s.firstLoss.toFixed(3)} -> ${s.lastLoss!.toFixed(3)}` : s ? '(not iterative)' : 'not run';
      const kind = (full ?? smoke)!.protocols.flatMap((p) => p.models).find((x) => x.name === m.name)?.kind ?? m.kind;
      lines.push(`| ${m.name} | \`${kind}\` | ${pct(m.published)}${m.publishedNote ? ` (${m.publishedNote})` : ''} | ${cells.join(' | ')}${cells.length ? ' | ' : ''}${loss} | ${s ? pct(s.metrics.accuracy) : '--'} |`);
    }
    for (const rep of [full, smoke]) {
      for (const p of rep?.protocols ?? []) {
        for (const m of p.models.filter((x) => x.productOfNodes !== undefined)) {
          lines.push('', `${m.name}, \`${p.name}\`${rep!.smoke ? ' (smoke)' : ''}: the product of node accuracies (the paper's way) gives ${pct(m.productOfNodes)}, end to end the tree scores ${pct(m.metrics.accuracy)}.`);
        }
      }
    }
    lines.push('');
    const config = `experiments/${basename(r.configPath)}`;
    if (full) lines.push(`Full run: \`genrekit experiment ${config}\`${'table' in c.data ? '' : ' --data <GTZAN folder>'} (${full.fitSeconds.toFixed(0)} s of fitting here, genrekit ${full.packageVersion}).`);
    else lines.push(`Full run: \`genrekit experiment ${config} --data <GTZAN folder>\` needs the 1000 GTZAN clips, which are not on this machine.`);
    if (smoke) {
      const factor = FULL_CLIPS / smokeClips(smoke);
      // Per fold of the smoke run, scaled to the full data, times the folds of every protocol in full.
      const smokeFolds = smoke.protocols.reduce((a, p) => a + (p.skipped ? 0 : p.foldsRun), 0);
      const fullFolds = Object.values(c.protocols).reduce((a, p) => a + Math.min(p!.folds ?? Infinity, foldCountOf(p!.split) ?? 1), 0);
      const fullSeconds = smokeFolds ? (smoke.fitSeconds / smokeFolds) * factor * fullFolds : smoke.fitSeconds * factor;
      const tested = smokeRun?.models[0] ? ` The smoke column's accuracy pools ${smokeRun.foldsRun} fold${smokeRun.foldsRun === 1 ? '' : 's'}: ${smokeRun.models[0].metrics.n} test examples.` : '';
      lines.push(`Smoke run: \`genrekit experiment ${config} --smoke\` (${smoke.fitSeconds.toFixed(0)} s of fitting here on ${smoke.data.examples} examples).${tested}` + (full ? '' : ` The full protocols have about ${factor.toFixed(0)}x the clips, ${fullFolds} folds in all and the configs' full epochs: at least ${estimate(fullSeconds)} of fitting on this machine, from the smoke run's time per fold.`));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Clips in a smoke run's data (50 dev clips; pieces count as one clip). */
function smokeClips(r: Report): number {
  return r.data.source.includes('dev-audio') ? 50 : r.data.examples;
}

function estimate(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Writes RESULTS.md from the reports under `runDirs` to `out`; returns `out`. */
export function writeResults(runDirs: readonly string[], out: string): string {
  const reports = runDirs.flatMap(reportsIn);
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic(out, resultsMarkdown(reports));
  return out;
}
