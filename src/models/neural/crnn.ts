/**
 * S1's convolutional recurrent networks on mel spectrograms, `crnn` (base) and `crnn-extended`:
 * batch norm on the input; blocks of [conv k x k 'same', ELU, batch norm, max-pool, dropout];
 * the frequency axis pooled away (what is left of it is flattened into the features), the time
 * axis kept as a sequence into GRU layers with dropout on their inputs; a dense softmax on the
 * last layer's final state. Input: a piece's [frames, melBands] spectrogram (recipe `melspec`),
 * seen as a one-channel image of melBands (height) x frames (width).
 */
import { ParameterError } from '../../errors.js';
import { requireFraction, requireInteger } from '../../params.js';
import { tf } from '../runtime/backend.js';
import { batchNorm, batchNormParams } from './layers/batch-norm.js';
import { conv2d, conv2dParams } from './layers/conv2d.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { maxPool } from './layers/max-pool.js';
import { COMMON_DEFAULTS, neuralKind, type CommonArgs, type NetworkDefinition } from './neural-kind.js';
import { PASS_BUDGET_VALUES, type Network, type NetworkShape } from './network.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import type { Rng } from '../../random.js';

export interface CrnnArgs extends CommonArgs {
  /** Filters of each convolutional block. */
  filters: number[];
  /** Max-pool size along frequency after each block. */
  poolFreq: number[];
  /** Max-pool size along time after each block. */
  poolTime: number[];
  /** Square kernel size of every convolution. */
  kernel: number;
  /** Dropout after each block, in [0, 1). */
  convDropout: number;
  /** Units of each GRU layer. */
  gruUnits: number[];
  /** Dropout on each GRU layer's input, in [0, 1). */
  gruDropout: number;
}

/** S1's training: Adam 1e-4, batch 16, early stopping with patience 10 on validation loss; the input batch norm replaces standardisation. */
const S1_TRAINING = { ...COMMON_DEFAULTS, standardize: false, optimizer: 'adam' as const, learningRate: 1e-4, batchSize: 16, patience: 10, monitor: 'valLoss' as const, epochs: 100 };

export const CRNN_DEFAULTS: Readonly<CrnnArgs> = {
  filters: [64, 128, 128, 128],
  poolFreq: [2, 4, 4, 4],
  poolTime: [2, 2, 2, 2],
  kernel: 3,
  convDropout: 0.1,
  gruUnits: [32, 32],
  gruDropout: 0.3,
  ...S1_TRAINING,
};

export const CRNN_EXTENDED_DEFAULTS: Readonly<CrnnArgs> = {
  ...CRNN_DEFAULTS,
  filters: [64, 128, 256, 512, 512],
  poolFreq: [2, 2, 2, 4, 4],
  poolTime: [2, 2, 2, 1, 1],
};

function validate(a: CrnnArgs): void {
  if (!a.filters.length) throw new ParameterError('filters', 'needs at least one block');
  if (a.poolFreq.length !== a.filters.length || a.poolTime.length !== a.filters.length) {
    throw new ParameterError('poolFreq', `filters, poolFreq and poolTime need one entry per block; got ${a.filters.length}, ${a.poolFreq.length} and ${a.poolTime.length}`);
  }
  a.filters.forEach((f) => requireInteger('filters', f, 1));
  a.poolFreq.forEach((p) => requireInteger('poolFreq', p, 1));
  a.poolTime.forEach((p) => requireInteger('poolTime', p, 1));
  requireInteger('kernel', a.kernel, 1);
  if (!a.gruUnits.length) throw new ParameterError('gruUnits', 'needs at least one GRU layer');
  a.gruUnits.forEach((u) => requireInteger('gruUnits', u, 1));
  requireFraction('convDropout', a.convDropout);
  requireFraction('gruDropout', a.gruDropout);
}

/** batch x frames x bands spectrograms -> batch x bands x frames x 1 images (frequency high, time wide). */
export function spectrogramImages(x: tf.Tensor): tf.Tensor4D {
  const [batch, frames, bands] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1]), [batch, bands, frames, 1]);
}

/** Height (frequency) and width (time) after each block's pool, for an input of `frames` x `bands`. */
export function crnnGeometry(a: CrnnArgs, frames: number, bands: number): Array<{ freq: number; time: number }> {
  const out: Array<{ freq: number; time: number }> = [];
  let freq = bands;
  let time = frames;
  a.filters.forEach((_, i) => {
    freq = Math.floor(freq / a.poolFreq[i]);
    time = Math.floor(time / a.poolTime[i]);
    out.push({ freq, time });
  });
  return out;
}

/** Build the convolutional trunk + GRU head for `shape` ([frames, bands]). */
export function buildCrnn(a: CrnnArgs, shape: NetworkShape, rng: Rng): Network {
  if (shape.inputShape.length !== 2) throw new ParameterError('examples', 'the CRNNs take spectrograms (frames x bands); use recipe melspec');
  const [frames, bands] = shape.inputShape;
  const geometry = crnnGeometry(a, frames, bands);
  const bad = geometry.findIndex((g) => g.freq < 1 || g.time < 1);
  if (bad >= 0) {
    throw new ParameterError('examples', `a ${frames} x ${bands} spectrogram (frames x bands) is pooled to nothing by block ${bad + 1}; use longer pieces or smaller pools`);
  }
  const params = new ParamStore();
  const inputNorm = batchNormParams(params, 'input_bn', 1);
  let channels = 1;
  const blocks = a.filters.map((filters, i) => {
    const block = {
      conv: conv2dParams(params, `conv${i + 1}`, [a.kernel, a.kernel], channels, filters, rng),
      norm: batchNormParams(params, `bn${i + 1}`, filters),
      pool: [a.poolFreq[i], a.poolTime[i]] as [number, number],
    };
    channels = filters;
    return block;
  });
  const last = geometry[geometry.length - 1];
  const stack = recurrentStack(params, 'gru', last.freq * channels, a.gruUnits, rng);
  const out = denseParams(params, 'output', a.gruUnits[a.gruUnits.length - 1], shape.classes, rng);
  return {
    params,
    convolutional: true,
    // The first block's output at full resolution dominates: about 6 tensors of its size live at once.
    examplesPerPass: Math.max(1, Math.floor(PASS_BUDGET_VALUES / (6 * frames * bands * a.filters[0]))),
    logits(x, ctx) {
      const [batch] = x.shape;
      let h = batchNorm(spectrogramImages(x), inputNorm, ctx);
      for (const b of blocks) {
        h = batchNorm(tf.elu(conv2d(h, b.conv)), b.norm, ctx);
        h = dropout(maxPool(h, b.pool, ctx), a.convDropout, ctx);
      }
      // batch x freq x time x channels -> batch x time x (freq * channels)
      const seq = tf.reshape(tf.transpose(h, [0, 2, 1, 3]), [batch, last.time, last.freq * channels]) as tf.Tensor3D;
      return dense(stack(dropout(seq, a.gruDropout, ctx), a.gruDropout, ctx).lastHidden, out);
    },
  };
}

const definition = (name: string, description: string, defaults: Readonly<CrnnArgs>): NetworkDefinition<CrnnArgs> => ({
  name,
  description,
  input: 'sequence',
  defaults,
  validate,
  build: buildCrnn,
  stages(a, inputShape, classes) {
    const [frames, bands] = inputShape;
    const g = crnnGeometry(a, frames, bands);
    const last = g[g.length - 1];
    return [
      { name: 'input (bands x frames)', shape: [bands, frames, 1] },
      ...g.map((s, i) => ({ name: `block ${i + 1} (conv, pool)`, shape: [s.freq, s.time, a.filters[i]] })),
      { name: 'sequence into the GRUs', shape: [last.time, last.freq * a.filters[a.filters.length - 1]] },
      ...a.gruUnits.map((u, i) => ({ name: `gru ${i + 1}`, shape: i === a.gruUnits.length - 1 ? [u] : [last.time, u] })),
      { name: 'softmax', shape: [classes] },
    ];
  },
});

export const crnnNetwork = definition('crnn', "S1's base CRNN on mel spectrograms: 4 conv blocks (64/128/128/128) + 2 GRU of 32 (recipe melspec)", CRNN_DEFAULTS);
export const crnnExtendedNetwork = definition('crnn-extended', "S1's extended CRNN: 5 conv blocks (64/128/256/512/512) + 2 GRU of 32 (recipe melspec)", CRNN_EXTENDED_DEFAULTS);
export const crnnKind = neuralKind(crnnNetwork);
export const crnnExtendedKind = neuralKind(crnnExtendedNetwork);
