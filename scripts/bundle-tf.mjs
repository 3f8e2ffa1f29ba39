// `npm run build:tf`: TensorFlow.js for genrekit/neural as one ES module. esbuild bundles
// src/models/runtime/tf.ts (tfjs-core with every gradient, the cpu and wasm backends) over the
// file tsc wrote, and the wasm backend's three binaries are copied beside it. The packages are
// dev dependencies: an installed genrekit carries this bundle (about 1.6 MB) instead of 64 MB of
// TF.js packages. Run after tsc (it replaces dist/src/models/runtime/tf.js).
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const out = 'dist/src/models/runtime';
await build({
  entryPoints: ['src/models/runtime/tf.ts'],
  outfile: join(out, 'tf.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // tfjs's ES module builds (their CommonJS builds do not carry the gradients).
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  // The wasm backend's Emscripten glue is CommonJS and reads require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __gkCreateRequire } from 'node:module';",
      "import { fileURLToPath as __gkFileURLToPath } from 'node:url';",
      'const require = __gkCreateRequire(import.meta.url);',
      'const __filename = __gkFileURLToPath(import.meta.url);',
      "const __dirname = __gkFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
const wasmDist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(join(wasmDist, name), join(out, name));
