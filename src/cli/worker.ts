/** `genrekit worker`: takes jobs from the queue and classifies them, until SIGTERM or Ctrl-C. */
import { parseArgs } from 'node:util';
import { poolDefaults } from '../parallel/pool.js';
import { isQuiet } from '../parallel/progress.js';
import { QUEUE_DEFAULTS, runWorker } from '../queue/library-queue.js';
import { numberOption } from './flags.js';

export const summary = 'classify the jobs of a `genrekit queue`, one process per machine';

const help = () => `Usage: genrekit worker [options]

Takes jobs from the queue (genrekit queue add) and classifies their files with worker threads,
storing one result per file in Redis. Runs until SIGTERM or Ctrl-C, which let the current job
finish (a second signal hands it back at once). A worker that dies (SIGKILL, power off) loses
nothing: its job goes to another worker after --stall-s.

Options:
  --redis <url>     Redis (default ${QUEUE_DEFAULTS.redis})
  --queue <name>    queue name (default ${QUEUE_DEFAULTS.queue})
  --jobs <n>        worker threads (default ${poolDefaults.workers}, one per core)
  --model <dir>     model folder (default the bundled model)
  --stall-s <n>     seconds before a silent worker's job is given to another (default ${QUEUE_DEFAULTS.stallSeconds})
  -h, --help        this help

Exit code: 0 after a clean stop, 2 for a usage error.
`;

export async function run(argv: string[]): Promise<number> {
  let options;
  try {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        redis: { type: 'string' },
        queue: { type: 'string' },
        jobs: { type: 'string' },
        model: { type: 'string' },
        'stall-s': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.help) {
      process.stdout.write(help());
      return 0;
    }
    options = { redis: v.redis, queue: v.queue, model: v.model, jobs: numberOption('--jobs', v.jobs), stallSeconds: numberOption('--stall-s', v['stall-s']) };
  } catch (err) {
    console.error(`genrekit worker: ${(err as Error).message}`);
    return 2;
  }
  let files = 0;
  const worker = await runWorker({
    ...options,
    onFile: (line) => {
      files++;
      if ('error' in line && !isQuiet()) console.error(`worker: error: ${line.error.message}`);
    },
  });
  if (!isQuiet()) console.error(`genrekit worker: taking jobs from ${options.queue ?? QUEUE_DEFAULTS.queue} at ${options.redis ?? QUEUE_DEFAULTS.redis}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const forced = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.race([worker.close(false), forced.then(() => worker.close(true))]);
  if (!isQuiet()) console.error(`genrekit worker: stopped after ${files} files`);
  return 0;
}
