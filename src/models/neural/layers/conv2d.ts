/**
 * A 2-D convolution with bias over NHWC images: y = conv(x, W) + b, W [kh, kw, in, out]
 * initialised Glorot-uniform over fan-in kh*kw*in and fan-out kh*kw*out (Keras's default).
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';

export interface Conv2dWeights {
  kernel: tf.Variable;
  bias?: tf.Variable;
  stride: number;
  pad: 'same' | 'valid' | number;
}

export function conv2dParams(store: ParamStore, name: string, size: [number, number], inputs: number, filters: number, rng: Rng, opts: { stride?: number; pad?: 'same' | 'valid' | number; bias?: boolean } = {}): Conv2dWeights {
  const [kh, kw] = size;
  const limit = Math.sqrt(6 / (kh * kw * (inputs + filters)));
  const values = initializers.uniform(rng, kh * kw * inputs * filters, -limit, limit);
  return {
    kernel: store.add(`${name}/kernel`, [kh, kw, inputs, filters], values),
    bias: opts.bias === false ? undefined : store.add(`${name}/bias`, [filters], initializers.zeros(filters)),
    stride: opts.stride ?? 1,
    pad: opts.pad ?? 'same',
  };
}

/** batch x H x W x in -> batch x H' x W' x out. */
export function conv2d(x: tf.Tensor4D, w: Conv2dWeights): tf.Tensor4D {
  const y = tf.conv2d(x, w.kernel as tf.Tensor4D, w.stride, w.pad);
  return w.bias ? tf.add(y, w.bias) : y;
}
