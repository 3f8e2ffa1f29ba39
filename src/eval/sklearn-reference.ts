/**
 * Our model kinds and arguments beside the scikit-learn configurations of the reference files
 * `reference/sklearn-gtzan30-10fold.json` and `sklearn-gtzan30-fault-filtered.json`, so that the
 * parity tests, the benchmark and the S1 reproduction compare like with like.
 */
import { readFile } from 'node:fs/promises';
import { DataFormatError } from '../errors.js';

/** One scikit-learn configuration and the genrekit model that matches it. */
export interface ReferenceModel {
  /** Key in the 10-fold reference file. */
  key: string;
  /** Key in the fault-filtered reference file, when it lists the model. */
  faultFilteredKey?: string;
  kind: string;
  args: Record<string, unknown>;
  /** The scikit-learn estimator, in words. */
  sklearn: string;
}

export const referenceModels: readonly ReferenceModel[] = Object.freeze([
  { key: 'linear_svm_l2_sqhinge_ovr', faultFilteredKey: 'linear_svm_l2', kind: 'linear-svm-l2', args: {}, sklearn: "LinearSVC(penalty='l2', loss='squared_hinge')" },
  { key: 'linear_svm_l1_sqhinge_ovr', kind: 'linear-svm-l1', args: {}, sklearn: "LinearSVC(penalty='l1', dual=False)" },
  { key: 'svm_rbf_C1', faultFilteredKey: 'svm_rbf_C1', kind: 'svm-rbf', args: {}, sklearn: "SVC(kernel='rbf', C=1)" },
  { key: 'svm_rbf_C10', faultFilteredKey: 'svm_rbf_C10', kind: 'svm-rbf', args: { C: 10 }, sklearn: "SVC(kernel='rbf', C=10)" },
  { key: 'svm_poly_C1', kind: 'svm-poly', args: {}, sklearn: "SVC(kernel='poly', degree=3)" },
  { key: 'svm_sigmoid_C1', kind: 'svm-sigmoid', args: {}, sklearn: "SVC(kernel='sigmoid')" },
  { key: 'logreg_ovr', kind: 'logreg-ovr', args: {}, sklearn: "LogisticRegression(multi_class='ovr')" },
  { key: 'logreg_multinomial', faultFilteredKey: 'logreg_multinomial', kind: 'logreg-multinomial', args: {}, sklearn: "LogisticRegression(multi_class='multinomial')" },
  { key: 'knn_k1', kind: 'knn', args: { k: 1 }, sklearn: 'KNeighborsClassifier(n_neighbors=1)' },
  { key: 'knn_k5', faultFilteredKey: 'knn_k5', kind: 'knn', args: { k: 5 }, sklearn: 'KNeighborsClassifier(n_neighbors=5)' },
  { key: 'random_forest_100', faultFilteredKey: 'random_forest_100', kind: 'random-forest', args: {}, sklearn: 'RandomForestClassifier(n_estimators=100)' },
  { key: 'mlp_125_relu', faultFilteredKey: 'mlp_125_relu', kind: 'mlp-classical', args: {}, sklearn: 'MLPClassifier(hidden_layer_sizes=(125,))' },
]);

/** The 10-fold reference: per key, mean accuracy, its std and scikit-learn's seconds for the 10 fits. */
export interface TenFoldReference {
  protocol: string;
  results: Record<string, { mean_acc: number; std: number; seconds_10_folds: number }>;
}

/** The fault-filtered reference: per key, test accuracy. */
export interface FaultFilteredReference {
  protocol: string;
  results_accuracy: Record<string, number>;
}

async function readJson<T>(path: string, field: string): Promise<T> {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new DataFormatError(path, `cannot read reference JSON: ${(err as Error).message}`);
  }
  if (typeof value?.[field] !== 'object') throw new DataFormatError(path, `no '${field}' object`);
  return value as T;
}

export function readTenFoldReference(path: string): Promise<TenFoldReference> {
  return readJson<TenFoldReference>(path, 'results');
}

export function readFaultFilteredReference(path: string): Promise<FaultFilteredReference> {
  return readJson<FaultFilteredReference>(path, 'results_accuracy');
}
