/**
 * TensorFlow.js as genrekit uses it: the tfjs-core API with every op's gradient registered, the
 * plain-JavaScript `cpu` backend registered, and the `wasm` backend's `setWasmPaths`. Every module
 * of genrekit imports TF.js from here. `npm run build` replaces this file's JavaScript with one
 * esbuild bundle of the three packages (dist/src/models/runtime/tf.js, about 1.6 MB, with the
 * wasm backend's three .wasm files beside it), so an installed genrekit carries no TF.js package
 * (64 MB of them); TypeScript users of `genrekit/neural` get the types from the optional peer
 * dependency `@tensorflow/tfjs-core`. The engine, backend and kernel registries of TF.js live on
 * the global object, so an installed `@tensorflow/tfjs-node` still registers its backend here.
 */
export * from '@tensorflow/tfjs-core';
// Every op's gradient, and the chained ops (`t.flatten()`...) that tfjs-core's CommonJS build
// registers and its ES module build leaves to the bundler: without them TF.js code of others
// (tfjs-layers, a user's) breaks on tensors made here.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths as setPaths } from '@tensorflow/tfjs-backend-wasm';

/** Where the wasm backend reads its three binaries (file name -> path); typed here so that no declaration file of genrekit reaches the backend's Emscripten types. */
export const setWasmPaths: (paths: Record<string, string>) => void = setPaths;
