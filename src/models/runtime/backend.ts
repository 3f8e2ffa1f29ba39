/**
 * Chooses the TensorFlow.js backend at run time: `tensorflow` (native, from the optional package
 * `@tensorflow/tfjs-node`) when it is installed and loads, else `wasm` (XNNPACK with SIMD, files
 * read from node_modules, no network), else `cpu` (plain JavaScript). The choice can be forced
 * with `setBackendPreference`, the `--backend` option of the CLI, or `GENREKIT_BACKEND`.
 */
import { fileURLToPath } from 'node:url';
import * as tf from './tf.js';
import { ParameterError } from '../../errors.js';
import { registerFusedKernels } from './fused.js';
import { registerWasmFallbackKernels } from './wasm-kernels.js';
import { registerConvKernels } from './conv-kernels.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export const RUNTIME_DEFAULTS = {
  /** `auto` tries tensorflow, then wasm, then cpu. Overridden by `GENREKIT_BACKEND`. */
  backend: 'auto' as BackendChoice,
};

let preference: BackendChoice | undefined;
let active: Promise<BackendName> | undefined;
let activeChoice: BackendChoice | undefined;

/** Parse a backend name given by a user; throws ParameterError naming `parameter`. */
export function parseBackendChoice(value: string, parameter = 'backend'): BackendChoice {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new ParameterError(parameter, `unknown backend '${value}'; use one of auto, ${BACKEND_NAMES.join(', ')}`);
}

/** Force the backend used by the next `initTf()` (and switch if one is already active). */
export function setBackendPreference(choice: BackendChoice): void {
  preference = parseBackendChoice(choice);
  if (activeChoice !== undefined && activeChoice !== preference) active = undefined;
}

function requestedChoice(explicit?: BackendChoice): BackendChoice {
  if (explicit) return parseBackendChoice(explicit);
  if (preference) return preference;
  const env = process.env.GENREKIT_BACKEND;
  return env ? parseBackendChoice(env, 'GENREKIT_BACKEND') : RUNTIME_DEFAULTS.backend;
}

async function tryTensorflow(): Promise<boolean> {
  try {
    // A variable specifier: the package is optional and has no types here.
    const spec = '@tensorflow/tfjs-node';
    await import(spec);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    // The wasm backend's binaries, copied beside the bundled TF.js by the build (no network).
    const at = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
    tf.setWasmPaths({
      'tfjs-backend-wasm.wasm': at('tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': at('tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': at('tfjs-backend-wasm-threaded-simd.wasm'),
    });
    registerWasmFallbackKernels();
    registerConvKernels();
    registerFusedKernels();
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function select(choice: BackendChoice): Promise<BackendName> {
  // The cpu backend greets Node users once with advice to install tfjs-node; the README says it.
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
  tf.enableProdMode();
  registerFusedKernels();
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const ok = name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      return name;
    }
  }
  throw new ParameterError(
    'backend',
    choice === 'tensorflow'
      ? "backend 'tensorflow' needs the optional package @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node)"
      : `backend '${choice}' could not be initialised`,
  );
}

/** Initialise TensorFlow.js once (idempotent) and return the backend in use. */
export async function initTf(choice?: BackendChoice): Promise<BackendName> {
  const want = requestedChoice(choice);
  if (!active || (want !== 'auto' && want !== activeChoice)) {
    activeChoice = want;
    active = select(want).catch((err: unknown) => {
      active = undefined;
      activeChoice = undefined;
      throw err;
    });
  }
  return active;
}

/** The backend TensorFlow.js runs on now, or undefined before `initTf`. */
export function currentBackend(): BackendName | undefined {
  const name = tf.getBackend();
  return (BACKEND_NAMES as readonly string[]).includes(name) ? (name as BackendName) : undefined;
}

export { tf };
