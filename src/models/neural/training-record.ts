/** What a trained neural model reports about its training, for `genrekit.json` and reports. */
import type { Classifier } from '../model.js';
import { currentBackend } from '../runtime/backend.js';
import { HierarchicalClassifier } from './hierarchical.js';
import { NeuralClassifier } from './neural-kind.js';

/**
 * `{ backend, epochs, bestEpoch, stoppedEarly, seconds, parameters }` for a freshly trained neural
 * classifier (per tree node for `hierarchical`), `{ backend }` for a loaded one, undefined for
 * non-neural classifiers.
 */
export function neuralTrainingRecord(classifier: Classifier): Record<string, unknown> | undefined {
  const summary = (t: NeuralClassifier['training']) => t && { epochs: t.epochs, bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly, seconds: t.seconds, parameters: t.parameters, jobs: t.jobs, initialization: t.initialization };
  if (classifier instanceof NeuralClassifier) return { backend: classifier.training?.backend ?? currentBackend(), ...summary(classifier.training) };
  if (classifier instanceof HierarchicalClassifier) {
    const nodes = Object.fromEntries(Object.entries(classifier.training ?? {}).map(([k, t]) => [k, summary(t)]));
    return { backend: Object.values(classifier.training ?? {})[0]?.backend ?? currentBackend(), nodes };
  }
  return undefined;
}
