/** `genrekit classify`: tell the genre of audio files with the bundled model or a given one. */
import { EXIT_RULE, exitCodeOf } from './exit.js';
import { parseArgs } from 'node:util';
import { ParameterError } from '../errors.js';
import { createProgress, isQuiet } from '../parallel/progress.js';
import { toTaskError } from '../parallel/worker.js';
import { poolDefaults } from '../parallel/pool.js';
import type { Aggregation } from '../predict/aggregate.js';
import { AGGREGATIONS } from '../predict/aggregate.js';
import type { FileVerdict } from '../predict/batch.js';
import { BatchClassifier, classifyFiles } from '../predict/batch.js';
import { classify, classifyDefaults, resolveOptions, type ClassifyOptions } from '../predict/classify.js';
import { defaultModelDir } from '../predict/default-model.js';
import { expandInputs, iterateInputs } from '../predict/inputs.js';
import { classifyToJsonl, type JsonlSummary } from '../predict/jsonl.js';
import { verdictsToCsv, verdictsToTable } from '../predict/report.js';

export const summary = 'classify audio files (any length and format) by genre';

const help = () => `Usage: genrekit classify <files | folders | globs>... [options]

Cuts each song into the model's pieces, classifies every piece and aggregates them into the
song's genres. Folders are searched recursively; quote globs to let genrekit expand them ('music/**/*.mp3').

Options:
  --model <dir>        model folder (default: the bundled model, ${defaultModelDir})
  --top <k>            genres to show per song (default ${classifyDefaults.topK})
  --timeline           also show the verdict of every piece
  --piece <seconds>    piece length (default: the model's, e.g. 30 for the bundled model)
  --aggregate <how>    ${AGGREGATIONS.join(' | ')}: mean of piece probabilities or majority vote (default ${classifyDefaults.aggregate})
  --json               JSON: an array of { file, genres, certainty, durationSeconds, pieces, ... } or { file, error }
  --csv                CSV: one row per song (and per piece with --timeline)
  --jsonl <file|->     JSON Lines, one line per file as soon as it is done (the --json object
                       plus size, mtime and sha256), appended to <file> (or written to stdout)
  --resume             with --jsonl <file>: skip files whose path and content hash already have
                       a line (a killed run goes on where it stopped; a torn last line is dropped)
  --jobs <n>           worker threads (default: one per core, ${poolDefaults.workers} here)
  -h, --help           this help

${EXIT_RULE}
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        top: { type: 'string' },
        timeline: { type: 'boolean', default: false },
        piece: { type: 'string' },
        aggregate: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        jsonl: { type: 'string' },
        resume: { type: 'boolean', default: false },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`genrekit classify: ${(err as Error).message}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(help());
    return 0;
  }
  const usage = (msg: string) => {
    console.error(`genrekit classify: ${msg}. Run 'genrekit classify --help'.`);
    return 2;
  };
  if (positionals.length === 0) return usage('name at least one audio file, folder or glob');
  if ([v.json, v.csv, v.jsonl !== undefined].filter(Boolean).length > 1) return usage('--json, --csv and --jsonl exclude each other');
  if (v.resume && (v.jsonl === undefined || v.jsonl === '-')) return usage('--resume needs --jsonl <file>');
  const topK = v.top === undefined ? undefined : Number(v.top);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) return usage(`--top must be an integer >= 1, got '${v.top}'`);
  const pieceSeconds = v.piece === undefined ? undefined : Number(v.piece);
  if (pieceSeconds !== undefined && !(pieceSeconds > 0 && Number.isFinite(pieceSeconds))) return usage(`--piece must be a number of seconds > 0, got '${v.piece}'`);
  const jobs = v.jobs === undefined ? undefined : Number(v.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) return usage(`--jobs must be an integer >= 1, got '${v.jobs}'`);
  if (v.aggregate !== undefined && !AGGREGATIONS.includes(v.aggregate as Aggregation)) return usage(`--aggregate must be one of ${AGGREGATIONS.join(', ')}`);
  const options = { model: v.model, topK, pieceSeconds, aggregate: v.aggregate as Aggregation | undefined };

  try {
    await resolveOptions(options); // bad options and a bad model fail once here, not once per file
  } catch (err) {
    if (err instanceof ParameterError) return usage(err.message);
    console.error(`genrekit classify: ${(err as Error).message}`);
    return 1;
  }
  if (v.jsonl !== undefined) return toJsonl(positionals, v.jsonl, v.resume, options, jobs);
  const files = await expandInputs(positionals);
  if (files.length === 0) return usage('no audio files found');
  let verdicts: FileVerdict[];
  if (files.length === 1 && jobs === undefined) {
    // One file: no worker start-up; the model loads in this thread.
    verdicts = [
      await classify(files[0], options).then(
        (result) => ({ file: files[0], result }),
        (err: unknown) => ({ file: files[0], error: toTaskError(err) }),
      ),
    ];
  } else {
    const progress = files.length > 1 ? createProgress('classify', files.length, { unit: 'files' }) : undefined;
    verdicts = await classifyFiles(files, {
      ...options,
      jobs,
      onFile: (verdict) => progress?.tick(1, verdict.error ? `error: ${verdict.error.message.startsWith(verdict.file) ? '' : `${verdict.file}: `}${verdict.error.message}` : undefined),
    });
    progress?.done();
  }
  if (v.json) process.stdout.write(JSON.stringify(verdicts.map((x) => (x.result ? { file: x.file, ...x.result } : x)), null, 2) + '\n');
  else if (v.csv) process.stdout.write(verdictsToCsv(verdicts, { timeline: v.timeline }));
  else process.stdout.write(verdictsToTable(verdicts, { timeline: v.timeline }));
  return exitCodeOf(verdicts.map((x) => ({ failed: x.error !== undefined })));
}

/** `--jsonl`: files streamed from the walk, one line each as it is done; a summary on stderr. */
async function toJsonl(inputs: string[], out: string, resume: boolean, options: { model?: string } & Omit<ClassifyOptions, 'model'>, jobs: number | undefined): Promise<number> {
  const classifier = new BatchClassifier({ ...options, jobs });
  let s: JsonlSummary;
  try {
    s = await classifyToJsonl(iterateInputs(inputs), out, classifier, {
      resume,
      onLine: (line) => {
        if ('error' in line) process.stderr.write(`classify: error: ${line.error.message.startsWith(line.file) ? '' : `${line.file}: `}${line.error.message}\n`);
      },
    });
  } finally {
    await classifier.close();
  }
  const total = s.classified + s.failed + s.skipped;
  if (total === 0) {
    console.error("genrekit classify: no audio files found. Run 'genrekit classify --help'.");
    return 2;
  }
  if (!isQuiet()) console.error(`classify: ${total} files: ${s.classified} classified, ${s.failed} failed${resume ? `, ${s.skipped} already in ${out}` : ''}`);
  return s.classified + s.skipped > 0 ? 0 : 1;
}
