#!/usr/bin/env node
/**
 * The `genrekit` command: a thin dispatcher. Each command lives in its own module exporting
 * `run(argv: string[]): Promise<number>` (the exit code) and `summary` (one line for help).
 */
import { packageVersion } from '../version.js';

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
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(packageVersion);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(`genrekit ${packageVersion}: tell the genre of music from its audio\n\nUsage: genrekit <command> [options]\n\nCommands:`);
    for (const [cmd, load] of Object.entries(commands)) console.log(`  ${cmd.padEnd(10)} ${(await load()).summary}`);
    console.log('\nRun `genrekit <command> --help` for the options of a command.');
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`genrekit: unknown command '${name}'. Run 'genrekit --help'.`);
    return 2;
  }
  return (await load()).run(rest);
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
