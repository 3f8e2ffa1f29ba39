/** `genrekit models`: list the bundled model and any given model folders with their reports. */
import { EXIT_RULE, exitCodeOf } from './exit.js';
import { parseArgs } from 'node:util';
import { defaultModelDir } from '../predict/default-model.js';
import type { ModelInfo } from '../predict/model-info.js';
import { describeModel, REPORT_FILE } from '../predict/model-info.js';
import { parseSetArgs, reportError } from './model-options.js';

export const summary = 'list the bundled model and given model folders with their training reports';

const help = () => `Usage: genrekit models [model folders...] [options]

Shows the bundled model (${defaultModelDir}) and every folder named: model kind, features,
piece length, labels, the training command and its evaluation, after verifying checksums.

Options:
  --report     print each model's full training report (${REPORT_FILE})
  --describe <kind>  instead: build a neural kind and print its activation and weight shapes
               and parameter count, for --input <frames>x<features> (default 130x128, S1's
               3 s input) and --classes <n> (default 10), with --set NAME=VALUE arguments
  --json       JSON: an array of { dir, bundled, manifest, pieceSeconds, checksummed, report } or { dir, error }
  -h, --help   this help

${EXIT_RULE} (The bundled model is always listed; the inputs are the folders named.)
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        report: { type: 'boolean', default: false },
        describe: { type: 'string' },
        input: { type: 'string', default: '130x128' },
        classes: { type: 'string', default: '10' },
        set: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`genrekit models: ${(err as Error).message}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(help());
    return 0;
  }
  if (v.describe !== undefined) return describeKind(v.describe, v.input, v.classes, v.set);
  const dirs = [defaultModelDir, ...positionals];
  const out: Array<ModelInfo | { dir: string; error: string }> = [];
  for (const dir of dirs) {
    try {
      out.push(await describeModel(dir));
    } catch (err) {
      out.push({ dir, error: (err as Error).message });
    }
  }
  if (v.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  else for (const m of out) process.stdout.write(describe(m, v.report) + '\n');
  return positionals.length ? exitCodeOf(out.slice(1).map((m) => ({ failed: 'error' in m }))) : exitCodeOf(out.map((m) => ({ failed: 'error' in m })));
}

function describe(m: ModelInfo | { dir: string; error: string }, fullReport: boolean): string {
  if ('error' in m) return `${m.dir}\n  error       ${m.error}\n`;
  const { manifest: mf } = m;
  const args = Object.entries(mf.model.args)
    .map(([k, x]) => `${k}=${JSON.stringify(x)}`)
    .join(', ');
  const lines = [
    `${m.bundled ? 'bundled (default)' : 'model'}  ${m.dir}`,
    `  kind        ${mf.model.name}${args ? ` (${args})` : ''}`,
    `  features    ${mf.input.recipe.id} on ${m.pieceSeconds} s pieces, examples of shape [${mf.input.shape}]`,
    `  labels      ${mf.labels.join(', ')}`,
    `  genrekit    ${mf.packageVersion}, created ${mf.createdAt}`,
  ];
  const command = mf.training?.command;
  if (typeof command === 'string') lines.push(`  trained by  ${command}`);
  for (const a of m.accuracy) lines.push(`  accuracy    ${(100 * a.accuracy).toFixed(1)} % (${a.protocol})`);
  for (const [key, value] of flatten(mf.metrics ?? {})) lines.push(`  ${key.padEnd(10)}  ${value}`);
  lines.push(`  checksums   ${m.checksummed.length ? `${m.checksummed.length} files verified (SHA256SUMS)` : 'weight files verified (genrekit.json)'}`);
  if (m.report) lines.push(fullReport ? `\n${m.report}` : `  report      ${REPORT_FILE} (--report to print it)`);
  return lines.join('\n') + '\n';
}

/** Metric entries as `path: value` pairs, numbers in [0, 1] with an accuracy-like name as percentages. */
function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, x] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) out.push(...flatten(x as Record<string, unknown>, key));
    else if (typeof x === 'number') out.push([key, /acc|f1/i.test(k) && x >= 0 && x <= 1 ? `${(100 * x).toFixed(1)} %` : String(+x.toFixed(4))]);
    else if (typeof x === 'string' || typeof x === 'boolean') out.push([key, String(x)]);
  }
  return out.slice(0, 16);
}

async function describeKind(kind: string, input: string, classes: string, set: string[] | undefined): Promise<number> {
  const shape = input.split('x').map(Number);
  const n = Number(classes);
  if (!shape.every((d) => Number.isInteger(d) && d >= 1) || !Number.isInteger(n) || n < 2) {
    console.error(`genrekit models: --input takes <frames>x<features> (or <features>) and --classes an integer >= 2; got '${input}', '${classes}'`);
    return 2;
  }
  try {
    const { describeNetwork, formatDescription } = await import('../models/neural/describe.js');
    process.stdout.write(formatDescription(kind, shape, await describeNetwork(kind, parseSetArgs(set), shape, n)));
    return 0;
  } catch (err) {
    return reportError('models', err);
  }
}
