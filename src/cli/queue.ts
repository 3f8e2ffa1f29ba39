/** `genrekit queue add|status|export`: a library classified by many machines through BullMQ on Redis (src/queue/). */
import { parseArgs } from 'node:util';
import { iterateInputs } from '../predict/inputs.js';
import { verdictsToCsv } from '../predict/report.js';
import { QUEUE_DEFAULTS, addToQueue, exportResults, queueStatus } from '../queue/library-queue.js';
import { numberOption } from './flags.js';

export const summary = 'enqueue a library for `genrekit worker`s on other machines; status; export the results';

const help = () => `Usage: genrekit queue add <files | folders | globs>... [options]
       genrekit queue status [options]
       genrekit queue export (--jsonl | --csv) [options]

add     walks the inputs and enqueues their files (path, size and content SHA-256, never the
        audio) in jobs of --chunk files; a file already enqueued (same path and content) is not
        enqueued again, so adding a library twice creates no new work
status  jobs waiting, active, failed; files enqueued and done; rate over the last minute; ETA
export  every result, sorted by file: JSON Lines (the lines of classify --jsonl) or CSV

Options:
  --redis <url>   Redis (default ${QUEUE_DEFAULTS.redis})
  --queue <name>  queue name (default ${QUEUE_DEFAULTS.queue})
  --chunk <n>     files per job, for add (default ${QUEUE_DEFAULTS.chunk})
  --json          status as JSON
  -h, --help      this help

Start a \`genrekit worker\` on each machine (docs/queue.md). Exit code: 0 on success, 1 when Redis
cannot be reached or nothing could be enqueued, 2 for a usage error.
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        redis: { type: 'string' },
        queue: { type: 'string' },
        chunk: { type: 'string' },
        jsonl: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`genrekit queue: ${(err as Error).message}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [action, ...inputs] = positionals;
  if (v.help || !action) {
    process.stdout.write(help());
    return v.help ? 0 : 2;
  }
  const usage = (msg: string) => {
    console.error(`genrekit queue: ${msg}. Run 'genrekit queue --help'.`);
    return 2;
  };
  const cfg = { redis: v.redis, queue: v.queue };
  try {
    if (action === 'add') {
      if (inputs.length === 0) return usage('name at least one audio file, folder or glob');
      const chunk = numberOption('--chunk', v.chunk) ?? QUEUE_DEFAULTS.chunk;
      if (!(Number.isInteger(chunk) && chunk >= 1)) return usage(`--chunk must be an integer >= 1, got '${v.chunk}'`);
      const s = await addToQueue(iterateInputs(inputs), cfg, chunk);
      console.error(`queue: ${s.added} files enqueued in ${s.jobs} jobs, ${s.known} already enqueued, ${s.unreadable} unreadable (stored as errors)`);
      return s.added + s.known > 0 || s.unreadable === 0 ? 0 : 1;
    }
    if (action === 'status') {
      const s = await queueStatus(cfg);
      if (v.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      else {
        const eta = s.etaSeconds === null ? 'unknown (nothing moving)' : `${Math.round(s.etaSeconds)} s`;
        console.log(`jobs: ${s.waiting} waiting, ${s.active} active, ${s.delayed} delayed, ${s.failed} failed`);
        console.log(`files: ${s.results} of ${s.files} done, ${s.rate.toFixed(2)} files/s over the last minute, ETA ${eta}`);
      }
      return 0;
    }
    if (action === 'export') {
      if (v.jsonl === v.csv) return usage('choose one of --jsonl and --csv');
      const lines = await exportResults(cfg);
      if (v.jsonl) {
        for (const l of lines) process.stdout.write(JSON.stringify(l) + '\n');
      } else {
        process.stdout.write(verdictsToCsv(lines.map((l) => ('error' in l ? { file: l.file, error: l.error } : { file: l.file, result: l }))));
      }
      return 0;
    }
    return usage(`unknown action '${action}' (add, status or export)`);
  } catch (err) {
    console.error(`genrekit queue: ${(err as Error).message}`);
    return 1;
  }
}
