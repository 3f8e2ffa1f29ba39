/** S0's training setup: plain SGD with learning rate 1, batch 128, dropout 0.2, global-norm clipping at 5, early stopping on validation. */
export const S0_TRAINING = {
  optimizer: 'sgd' as const,
  learningRate: 1,
  batchSize: 128,
  dropout: 0.2,
  clipNorm: 5,
  epochs: 50,
  patience: 10,
};
