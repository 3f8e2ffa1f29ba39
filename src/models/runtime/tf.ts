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
// Every op's gradient: tfjs-core ships them only as ES modules for bundlers.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths as setPaths } from '@tensorflow/tfjs-backend-wasm';

/** Where the wasm backend reads its three binaries (file name -> path); typed here so that no declaration file of genrekit reaches the backend's Emscripten types. */
export const setWasmPaths: (paths: Record<string, string>) => void = setPaths;
