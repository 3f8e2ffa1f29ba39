#!/usr/bin/env node
/**
 * The `genrekit` command: a thin dispatcher. Each command lives in its own module exporting
 * `run(argv: string[]): Promise<number>` (the exit code) and `summary` (one line for help).
 */
import { packageVersion } from '../version.js';
import { EXIT_RULE } from './exit.js';
import { setQuiet } from '../parallel/progress.js';

type CommandModule = { run(argv: string[]): Promise<number>; summary: string };

/** Command name -> lazy module import (keeps start-up fast: only the used command is loaded). */
const commands: Record<string, () => Promise<CommandModule>> = {
  train: () => import('./train.js'),
  evaluate: () => import('./evaluate.js'),
  cv: () => import('./cv.js'),
  grid: () => import('./grid.js'),
  features: () => import('./features.js'),
  classify: () => import('./classify.js'),
  models: () => import('./models.js'),
  demo: () => import('./demo.js'),
  extract: () => import('./extract.js'),
  info: () => import('./info.js'),
  serve: () => import('./serve.js'),
  queue: () => import('./queue.js'),
  worker: () => import('./worker.js'),
  experiment: () => import('./experiment.js'),
};

async function main(all: string[]): Promise<number> {
  // `--quiet` / `-q` for every command: no progress display, errors only.
  const argv = all.filter((a) => a !== '--quiet' && a !== '-q');
  if (argv.length !== all.length) setQuiet(true);
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(packageVersion);
    return 0;
  }
  if (name === 'help' && rest.length > 0) {
    const wanted = commands[rest[0]];
    if (!wanted) {
      console.error(`genrekit: unknown command '${rest[0]}'. Run 'genrekit --help'.`);
      return 2;
    }
    return (await wanted()).run(['--help']);
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(`genrekit ${packageVersion}: tell the genre of music from its audio\n\nUsage: genrekit <command> [options]\n\nCommands:`);
    for (const [cmd, load] of Object.entries(commands)) console.log(`  ${cmd.padEnd(10)} ${(await load()).summary}`);
    console.log('\nRun `genrekit help <command>` (or `genrekit <command> --help`) for the options of a command.');
    console.log('Every command also takes --quiet (-q): no progress display, errors only.');
    console.log(EXIT_RULE);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`genrekit: unknown command '${name}'. Run 'genrekit --help'.`);
    return 2;
  }
  return (await load()).run(rest);
}

// Output piped into a reader that stops early (`genrekit help | head`): end quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`genrekit: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
