/**
 * The fuzz run: writes the mutants of every base file (mutants.ts) and a few special files (a
 * FIFO, a folder named like audio, a symbolic-link loop, a dangling link) to a temp folder, then
 * - loads every one with `loadAudio` in child processes (fuzz-child.ts), two at a time, the
 *   parent sampling each child's RSS every 20 ms and killing it past HANG_MS on one file (a hang)
 *   or past KILL_MB (restarting after that file);
 * - runs the CLI on all of them: `genrekit info --json` and `genrekit classify --jsonl --jobs 1` (on
 *   `classifyShare` of them), with the same watch, checking one row per file, a code on every
 *   error row and no stack trace.
 * A failure is an untyped error, a hang, a process over MAX_MB, a mutant that must fail but
 * decoded, or one that must fail or be flagged but decoded unflagged. `npm run fuzz` runs it
 * with 300 random mutants per format; the test suite with fewer (fuzz.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot, sharedDataDir } from '../helpers/shared-data.js';
import { auBase, flacBase, mp3Base, mutantsOf, oggBase, wavBases, type Base, type Expectation } from './mutants.js';
import { existsSync } from 'node:fs';

/** Longest one file may take in a child before it counts as a hang, ms. */
export const HANG_MS = 20_000;
/** Peak RSS a process may reach, MB. */
export const MAX_MB = 500;
/** RSS at which a child is killed to protect the machine, MB. */
const KILL_MB = 1500;

export interface FuzzOptions {
  /** Random cuts and random flips per format (each). */
  random: number;
  seed: number;
  /** Fraction of the mutants also classified through the CLI (0 to 1). */
  classifyShare: number;
  /** Folder of the formats clips (`../shared/data/formats`); formats whose clip is missing are left out. */
  formatsDir?: string;
}

export interface FuzzReport {
  mutants: number;
  /** Outcome counts: `decoded`, `decoded-truncated`, and each error code. */
  outcomes: Record<string, number>;
  failures: string[];
  formats: string[];
  /** Peak RSS over every loadAudio child and CLI process, MB. */
  peakMb: number;
  cliRows: number;
}

interface Entry {
  path: string;
  expect: Expectation;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Base files: WAV made here, the Opus fixture, and the formats clips that exist. */
export function bases(formatsDir: string): Base[] {
  const out = wavBases();
  out.push(oggBase(new Uint8Array(readFileSync(join(projectRoot, 'test/fixtures/audio/chord.opus'))), 'opus'));
  const clip = (ext: string) => join(formatsDir, `reggae.00000.${ext}`);
  if (existsSync(clip('au'))) out.push(auBase(new Uint8Array(readFileSync(clip('au')))));
  if (existsSync(clip('flac'))) out.push(flacBase(new Uint8Array(readFileSync(clip('flac')))));
  if (existsSync(clip('mp3'))) out.push(mp3Base(new Uint8Array(readFileSync(clip('mp3')))));
  if (existsSync(clip('ogg'))) out.push(oggBase(new Uint8Array(readFileSync(clip('ogg'))), 'vorbis'));
  return out;
}

/** Runs `loadAudio` over `entries[from..]` in one child; resolves with the index it stopped after and why. */
function loadInChild(listFile: string, entries: Entry[], from: number, onLine: (line: Record<string, unknown>) => void, watch: { peak: number; failures: string[] }): Promise<number> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fuzz-child.js', import.meta.url)), listFile, String(from)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let current = from;
  let since = performance.now();
  let buffered = '';
  let stderr = '';
  let killedFor: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      if (line.start) {
        current = line.i as number;
        since = performance.now();
      } else onLine(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const timer = setInterval(() => {
    const mb = rssMb(child.pid as number);
    watch.peak = Math.max(watch.peak, mb);
    if (mb > MAX_MB && !watch.failures.some((f) => f.startsWith(`${entries[current].path}: RSS`))) watch.failures.push(`${entries[current].path}: RSS ${mb.toFixed(0)} MB (over ${MAX_MB} MB)`);
    if (mb > KILL_MB) killedFor = `RSS ${mb.toFixed(0)} MB`;
    else if (performance.now() - since > HANG_MS) killedFor = `no answer in ${HANG_MS / 1000} s (a hang)`;
    if (killedFor) child.kill('SIGKILL');
  }, 20);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      if (killedFor) {
        watch.failures.push(`${entries[current].path}: killed, ${killedFor}`);
        resolve(current + 1);
      } else {
        if (code !== 0) watch.failures.push(`fuzz child exited with ${code} at ${entries[current].path}: ${stderr.slice(0, 500)}`);
        resolve(code === 0 ? entries.length : current + 1);
      }
    });
  });
}

/** The CLI over `files`: one row each, typed errors, no stack trace, bounded memory and time. */
function runCli(args: string[], watch: { peak: number; failures: string[] }, timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [join(projectRoot, 'dist/src/cli/main.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const started = performance.now();
  let over = false;
  const timer = setInterval(() => {
    const mb = rssMb(child.pid as number);
    watch.peak = Math.max(watch.peak, mb);
    if (mb > MAX_MB && !over) {
      over = true;
      watch.failures.push(`genrekit ${args[0]}: RSS ${mb.toFixed(0)} MB (over ${MAX_MB} MB)`);
    }
    if (performance.now() - started > timeoutMs || mb > KILL_MB) {
      watch.failures.push(`genrekit ${args[0]}: killed after ${((performance.now() - started) / 1000).toFixed(0)} s at ${mb.toFixed(0)} MB`);
      child.kill('SIGKILL');
    }
  }, 20);
  return new Promise((resolve) => child.on('exit', (code) => (clearInterval(timer), resolve({ stdout, stderr, code }))));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-fuzz-'));
  try {
    const all = bases(options.formatsDir ?? join(sharedDataDir, 'formats'));
    const entries: Entry[] = [];
    all.forEach((base, k) => {
      for (const m of mutantsOf(base, options.random, options.seed + k)) {
        const path = join(dir, m.name);
        writeFileSync(path, m.bytes);
        entries.push({ path, expect: m.expect });
      }
    });
    // Special files: refused at once, never opened for a blocking read.
    const special = (name: string) => join(dir, name);
    if (spawnSync('mkfifo', [special('fifo.wav')]).status === 0) entries.push({ path: special('fifo.wav'), expect: 'error' });
    mkdirSync(special('folder.wav'));
    symlinkSync(special('loop-b.mp3'), special('loop-a.mp3'));
    symlinkSync(special('loop-a.mp3'), special('loop-b.mp3'));
    symlinkSync(special('gone.ogg'), special('dangling.ogg'));
    for (const name of ['folder.wav', 'loop-a.mp3', 'dangling.ogg']) entries.push({ path: special(name), expect: 'error' });

    const report: FuzzReport = { mutants: entries.length, outcomes: {}, failures: [], formats: all.map((b) => b.format), peakMb: 0, cliRows: 0 };
    const watch = { peak: 0, failures: report.failures };
    const seen = new Set<number>();
    const onLine = (line: Record<string, unknown>) => {
      const i = line.i as number;
      seen.add(i);
      const { path, expect } = entries[i];
      if (line.decoded) {
        const key = line.truncated ? 'decoded-truncated' : 'decoded';
        report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
        if (expect === 'error') report.failures.push(`${path}: decoded (${line.frames} samples${line.truncated ? ', truncated' : ''}); it must be an error`);
        if (expect === 'flagOrError' && !line.truncated) report.failures.push(`${path}: decoded without the truncated flag`);
      } else {
        const code = String(line.code);
        report.outcomes[code] = (report.outcomes[code] ?? 0) + 1;
        if (!line.typed) report.failures.push(`${path}: untyped error: ${line.message}`);
        else if (!String(line.message).startsWith(path)) report.failures.push(`${path}: the error does not name the file: ${line.message}`);
      }
    };
    // Two children, each on half of the entries (restarted past a killed file).
    const halves = [entries.filter((_, i) => i % 2 === 0), entries.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      halves.map(async (part, h) => {
        const listFile = join(dir, `list${h}.json`);
        writeFileSync(listFile, JSON.stringify(part.map((e) => e.path)));
        const local = (line: Record<string, unknown>) => onLine({ ...line, i: 2 * (line.i as number) + h });
        for (let from = 0; from < part.length; ) from = await loadInChild(listFile, part, from, local, watch);
      }),
    );
    for (let i = 0; i < entries.length; i++) if (!seen.has(i) && !report.failures.some((f) => f.startsWith(entries[i].path))) report.failures.push(`${entries[i].path}: no outcome`);

    // The CLI.
    const paths = entries.map((e) => e.path);
    const info = await runCli(['info', '--json', ...paths], watch, 300_000);
    const rows = JSON.parse(info.stdout || '[]') as { file: string; error?: string; code?: string }[];
    report.cliRows += rows.length;
    if (rows.length !== paths.length) report.failures.push(`genrekit info: ${rows.length} rows for ${paths.length} files`);
    for (const r of rows) if (r.error !== undefined && !r.code) report.failures.push(`genrekit info: ${r.file}: error without a code: ${r.error}`);
    const rng = { s: options.seed };
    const sample = paths.filter(() => ((rng.s = (Math.imul(rng.s, 1664525) + 1013904223) >>> 0) / 2 ** 32) < options.classifyShare);
    const out = join(dir, 'verdicts.jsonl');
    const classify = await runCli(['classify', '--jsonl', out, '--jobs', '1', '--quiet', ...sample], watch, 600_000);
    const lines = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; error?: { code?: string; message: string } }) : [];
    report.cliRows += lines.length;
    if (lines.length !== sample.length) report.failures.push(`genrekit classify: ${lines.length} lines for ${sample.length} files (exit ${classify.code}): ${classify.stderr.slice(0, 300)}`);
    for (const l of lines) if (l.error && !l.error.code) report.failures.push(`genrekit classify: ${l.file}: error without a code: ${l.error.message}`);
    for (const [name, r] of [['info', info], ['classify', classify]] as const) {
      if (/\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr)) report.failures.push(`genrekit ${name}: a stack trace on stderr: ${r.stderr.slice(0, 500)}`);
      if (r.code !== 0 && r.code !== 1) report.failures.push(`genrekit ${name}: exit code ${r.code}`);
    }
    report.peakMb = watch.peak;
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/test/fuzz/run-fuzz.js [--random N] [--seed S] [--classify F]`: the larger run (`npm run fuzz`).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const t = performance.now();
  const report = await runFuzz({ random: arg('random', 150), seed: arg('seed', 1), classifyShare: arg('classify', 0.25) });
  console.log(`${report.mutants} files (${report.formats.join(', ')}) in ${((performance.now() - t) / 1000).toFixed(0)} s; peak RSS ${report.peakMb.toFixed(0)} MB; ${report.cliRows} CLI rows`);
  console.log(`outcomes: ${JSON.stringify(report.outcomes)}`);
  console.log(report.failures.length ? `${report.failures.length} failures:\n${report.failures.join('\n')}` : 'no failures');
  process.exit(report.failures.length ? 1 : 0);
}
