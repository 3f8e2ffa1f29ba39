/**
 * A TypeScript user of `genrekit/neural`, compiled with `skipLibCheck: false`. TF.js's own
 * declaration files need the DOM library and `long`'s types (tsconfig.neural.json), as in any
 * TF.js project. Not run: it only has to type-check.
 */
import { classify } from 'genrekit';
import { initTf, kinds, setBackendPreference, tf, type BackendName, type NeuralTrainingInfo } from 'genrekit/neural';

export async function use(): Promise<void> {
  setBackendPreference('wasm');
  const backend: BackendName = await initTf();
  const t: tf.Tensor = tf.zeros([2, 2]);
  const r = await classify('song.wav', { model: 'models/s0' });
  const info: NeuralTrainingInfo | undefined = undefined;
  void [backend, t, r.genres, kinds.length, info];
}
