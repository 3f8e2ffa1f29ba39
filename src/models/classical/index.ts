/**
 * The classical model family: every kind here takes feature vectors, standardises them with
 * statistics saved inside the model, and runs in plain JavaScript (no TensorFlow.js).
 */
import type { ModelKind } from '../registry.js';
import { kernelSvmDefaults, svmPoly, svmRbf, svmSigmoid } from './kernel-svm.js';
import { knn, knnDefaults } from './knn.js';
import { linearSvmDefaults, linearSvmL1Kind, linearSvmL2Kind } from './linear-svm.js';
import { logisticRegressionDefaults, logisticRegressionMultinomial, logisticRegressionOvr } from './logistic-regression.js';
import { mlpClassical, mlpDefaults } from './mlp.js';
import { randomForest, randomForestDefaults } from './random-forest.js';

/** Every classical kind, by registry name. */
export const kinds: ModelKind[] = [
  linearSvmL2Kind,
  linearSvmL1Kind,
  svmRbf,
  svmPoly,
  svmSigmoid,
  logisticRegressionOvr,
  logisticRegressionMultinomial,
  knn,
  randomForest,
  mlpClassical,
];

export { kernelSvmDefaults, knnDefaults, linearSvmDefaults, logisticRegressionDefaults, mlpDefaults, randomForestDefaults };
export { StandardizedClassifier, Standardizer } from './vector-model.js';
