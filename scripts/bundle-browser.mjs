// `npm run build:browser`: the browser build. esbuild bundles src/browser.ts (genrekit),
// src/features/index.ts and src/dsp/index.ts into dist/browser/ (ES modules, shared chunks, the
// decoders' chunks loaded on their first file), taking `X.browser.ts` wherever one sits beside an
// imported `X.ts`, and inlining the compiled kernels (dist/src/dsp/*.wasm, built before this).
// Nothing of Node may be reached: esbuild fails on any `node:` import (there are no externals).
// Run after `tsc -p tsconfig.browser.json`, which type-checks the swaps and emits the entry's
// declarations into dist/browser-types: browser.d.ts is kept (beside the rest in dist/src).
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Resolves `./x.js` imported from src/ to `./x.browser.ts` when that file exists, and `*.wasm` to the compiled kernels. */
const browserSwap = {
  name: 'genrekit-browser-swap',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(src)) return undefined;
      if (args.path.endsWith('.wasm')) return { path: join(root, 'dist/src/dsp', basename(args.path)) };
      const swapped = resolve(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'));
      return existsSync(swapped) ? { path: swapped } : undefined;
    });
  },
};

rmSync(join(root, 'dist/browser'), { recursive: true, force: true });
await build({
  entryPoints: { genrekit: 'src/browser.ts', features: 'src/features/index.ts', dsp: 'src/dsp/index.ts' },
  outdir: 'dist/browser',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  keepNames: true, // error classes keep their names (err.name is AudioDecodeError, not a minified letter)
  loader: { '.wasm': 'binary' },
  define: { GENREKIT_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [browserSwap],
});

copyFileSync(join(root, 'dist/browser-types/src/browser.d.ts'), join(root, 'dist/src/browser.d.ts'));
rmSync(join(root, 'dist/browser-types'), { recursive: true, force: true });
