/** `genrekit serve`: the HTTP API and the web page (src/server/server.ts). */
import { parseArgs } from 'node:util';
import { GenreKitError } from '../errors.js';
import { poolDefaults } from '../parallel/pool.js';
import { SERVE_DEFAULTS, startServer } from '../server/server.js';
import { numberOption } from './flags.js';

export const summary = 'serve the HTTP API and a web page for classifying songs';

const help = () => `Usage: genrekit serve [options]

An HTTP API (POST /api/classify, GET /api/models, /healthz, /readyz, /api/openapi.json) and a web
page at / where songs are dropped and classified. Logs one JSON line per request to stdout.

Options:
  --port <n>           TCP port (default ${SERVE_DEFAULTS.port}; 0 picks a free one)
  --host <addr>        address to bind (default ${SERVE_DEFAULTS.host}: this machine only;
                       0.0.0.0 to serve the network, best with --token)
  --model <dir>        model folder (default the bundled model)
  --jobs <n>           worker threads classifying (default ${poolDefaults.workers}, one per core)
  --max-upload-mb <n>  largest upload in MiB (default ${SERVE_DEFAULTS.maxUploadMb}; 413 beyond)
  --queue <n>          requests that may wait for a worker (default ${SERVE_DEFAULTS.queue}; 503 beyond)
  --timeout-s <n>      seconds a request may take, upload included (default ${SERVE_DEFAULTS.timeoutSeconds}; 504 beyond)
  --token <t>          require Authorization: Bearer <t> on every /api/ call (default
                       GENREKIT_TOKEN, or none)
  -h, --help           this help

Exit code: 0 after a clean stop (Ctrl-C), 1 when the server cannot start, 2 for a usage error.
`;

export async function run(argv: string[]): Promise<number> {
  let options;
  try {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        model: { type: 'string' },
        jobs: { type: 'string' },
        'max-upload-mb': { type: 'string' },
        queue: { type: 'string' },
        'timeout-s': { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.help) {
      process.stdout.write(help());
      return 0;
    }
    options = {
      port: numberOption('--port', v.port),
      host: v.host,
      model: v.model,
      jobs: numberOption('--jobs', v.jobs),
      maxUploadMb: numberOption('--max-upload-mb', v['max-upload-mb']),
      queue: numberOption('--queue', v.queue),
      timeoutSeconds: numberOption('--timeout-s', v['timeout-s']),
      token: v.token,
    };
    for (const k of Object.keys(options) as (keyof typeof options)[]) if (options[k] === undefined) delete options[k];
  } catch (err) {
    console.error(`genrekit serve: ${(err as Error).message}`);
    return 2;
  }
  let server;
  try {
    server = await startServer(options);
  } catch (err) {
    if (!(err instanceof GenreKitError) && !(err as NodeJS.ErrnoException).code) throw err;
    console.error(`genrekit serve: ${(err as Error).message}`);
    return (err as GenreKitError).code === 'PARAMETER' ? 2 : 1;
  }
  console.error(`genrekit serve: listening on ${server.url} (the page at ${server.url}/, the API under ${server.url}/api/)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
