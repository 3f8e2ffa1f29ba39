/**
 * `resnet-crnn`, S1's transfer CRNN done properly: a ResNet18 trunk (torchvision's layout: conv
 * 7x7/2, batch norm, ReLU, max-pool 3x3/2, four stages of two basic blocks with 64/128/256/512
 * filters, stages 2-4 starting with stride 2 and a 1x1 projection) on the one-channel spectrogram
 * (bands x frames); the frequency axis averaged away and the time axis kept as a sequence into 3
 * GRU layers of 32; the last layer's final state into ONE dense softmax. With `pretrained` (a
 * .safetensors file of torchvision's resnet18 state dict, docs/pretrained.md) the trunk starts
 * from those weights (conv1's three input channels summed into one) and its first six children
 * (conv1, bn1, relu, maxpool, layer1, layer2) are frozen; without, it starts random.
 */
import { ModelFormatError, ParameterError } from '../../errors.js';
import { requireFraction, requireInteger } from '../../params.js';
import type { Rng } from '../../random.js';
import { tf } from '../runtime/backend.js';
import { batchNorm, batchNormParams, type BatchNormWeights } from './layers/batch-norm.js';
import type { ForwardContext } from './layers/context.js';
import { conv2d, conv2dParams, type Conv2dWeights } from './layers/conv2d.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { COMMON_DEFAULTS, neuralKind, type CommonArgs, type NetworkDefinition } from './neural-kind.js';
import { PASS_BUDGET_VALUES, type Network } from './network.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import { spectrogramImages } from './crnn.js';
import { readSafetensors } from './safetensors.js';

export interface ResnetCrnnArgs extends CommonArgs {
  /** Path of torchvision resnet18 weights as .safetensors; '' starts the trunk random. */
  pretrained: string;
  /** Filters of the four stages (ResNet18: 64, 128, 256, 512; pretrained weights need those). */
  widths: number[];
  gruUnits: number[];
  gruDropout: number;
}

export const RESNET_CRNN_DEFAULTS: Readonly<ResnetCrnnArgs> = {
  pretrained: '',
  widths: [64, 128, 256, 512],
  gruUnits: [32, 32, 32],
  gruDropout: 0.3,
  ...COMMON_DEFAULTS,
  standardize: true,
  optimizer: 'adam',
  learningRate: 1e-4,
  batchSize: 16,
  patience: 10,
  monitor: 'valLoss',
  epochs: 100,
};

/** torchvision's first six children of resnet18 with weights: frozen when pretrained. */
export const FROZEN_CHILDREN = ['conv1', 'bn1', 'layer1.', 'layer2.'];
const TORCH_EPSILON = 1e-5;

interface Block {
  conv1: Conv2dWeights;
  bn1: BatchNormWeights;
  conv2: Conv2dWeights;
  bn2: BatchNormWeights;
  down?: { conv: Conv2dWeights; bn: BatchNormWeights };
}

/** Our weight name -> torchvision's state-dict key ('layer1.0.conv1/kernel' -> 'layer1.0.conv1.weight'). */
export function torchKey(name: string): string {
  return name.replace('/kernel', '.weight').replace('/gamma', '.weight').replace('/beta', '.bias').replace('/moving_mean', '.running_mean').replace('/moving_variance', '.running_var');
}

function buildResnetCrnn(a: ResnetCrnnArgs, shape: { inputShape: number[]; classes: number }, rng: Rng): Network {
  if (shape.inputShape.length !== 2) throw new ParameterError('examples', 'resnet-crnn takes spectrograms (frames x bands); use recipe melspec');
  const [frames, bands] = shape.inputShape;
  const params = new ParamStore();
  const conv = (name: string, k: number, cin: number, cout: number, stride: number) => conv2dParams(params, name, [k, k], cin, cout, rng, { stride, pad: 'same', bias: false });
  const bn = (name: string, c: number) => batchNormParams(params, name, c, TORCH_EPSILON);
  const stem = { conv: conv('conv1', 7, 1, a.widths[0], 2), bn: bn('bn1', a.widths[0]) };
  let cin = a.widths[0];
  const stages: Block[][] = a.widths.map((w, s) =>
    [0, 1].map((b) => {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const name = `layer${s + 1}.${b}`;
      const block: Block = { conv1: conv(`${name}.conv1`, 3, cin, w, stride), bn1: bn(`${name}.bn1`, w), conv2: conv(`${name}.conv2`, 3, w, w, 1), bn2: bn(`${name}.bn2`, w) };
      if (stride !== 1 || cin !== w) block.down = { conv: conv(`${name}.downsample.0`, 1, cin, w, stride), bn: bn(`${name}.downsample.1`, w) };
      cin = w;
      return block;
    }),
  );
  // 'same' padding: each stride-2 step leaves ceil(n / 2).
  let f = bands;
  let t = frames;
  for (let k = 0; k < 5; k++) [f, t] = [Math.ceil(f / 2), Math.ceil(t / 2)];
  const steps = t;
  const stack = recurrentStack(params, 'gru', cin, a.gruUnits, rng);
  const out = denseParams(params, 'output', a.gruUnits[a.gruUnits.length - 1], shape.classes, rng);
  if (a.pretrained) params.freeze(FROZEN_CHILDREN);
  const blockForward = (x: tf.Tensor4D, b: Block, ctx: ForwardContext) => {
    let h = tf.relu(batchNorm(conv2d(x, b.conv1), b.bn1, ctx));
    h = batchNorm(conv2d(h, b.conv2), b.bn2, ctx);
    const skip = b.down ? batchNorm(conv2d(x, b.down.conv), b.down.bn, ctx) : x;
    return tf.relu(tf.add(h, skip)) as tf.Tensor4D;
  };
  return {
    params,
    convolutional: true,
    // conv1's output (half the input's height and width, widths[0] channels) and what follows it.
    examplesPerPass: Math.max(1, Math.floor(PASS_BUDGET_VALUES / (2 * frames * bands * a.widths[0]))),
    logits(x, ctx) {
      let h = tf.relu(batchNorm(conv2d(spectrogramImages(x), stem.conv), stem.bn, ctx)) as tf.Tensor4D;
      h = tf.maxPool(h, 3, 2, 'same');
      for (const stage of stages) for (const b of stage) h = blockForward(h, b, ctx);
      // batch x freq x time x channels -> mean over freq -> batch x time x channels
      const seq = tf.mean(h, 1) as tf.Tensor3D;
      if (seq.shape[1] !== steps) throw new Error(`resnet-crnn: ${seq.shape[1]} time steps, expected ${steps}`);
      return dense(stack(dropout(seq, a.gruDropout, ctx), a.gruDropout, ctx).lastHidden, out);
    },
  };
}

/**
 * Load torchvision resnet18 weights from `path` into the trunk of `network`; the first weight
 * whose name is missing or whose shape does not fit is a ModelFormatError naming it.
 */
export async function loadPretrainedTrunk(network: Network, path: string): Promise<string> {
  const tensors = await readSafetensors(path);
  const specs = network.params.specs();
  const vars = network.params.list();
  const trunk = specs.map((s, i) => ({ ...s, i })).filter((s) => /^(conv1|bn1|layer\d)/.test(s.name));
  const values: Array<[number, Float32Array]> = [];
  for (const s of trunk) {
    const key = torchKey(s.name);
    const t = tensors.get(key);
    if (!t) throw new ModelFormatError(path, `has no '${key}' (for '${s.name}' [${s.shape}]): not a torchvision resnet18 state dict`);
    if (s.shape.length === 4) {
      // torch OIHW -> our HWIO; conv1's RGB input channels summed into our one channel.
      const [kh, kw, cin, cout] = s.shape;
      const [o, i, h, w] = t.shape;
      if (t.shape.length !== 4 || o !== cout || h !== kh || w !== kw || !(i === cin || (s.name === 'conv1/kernel' && cin === 1))) {
        throw new ModelFormatError(path, `'${key}' has shape [${t.shape}], the trunk needs [${cout}, ${s.name === 'conv1/kernel' ? '1 or 3' : cin}, ${kh}, ${kw}]: another architecture`);
      }
      const out = new Float32Array(kh * kw * cin * cout);
      for (let oc = 0; oc < o; oc++)
        for (let ic = 0; ic < i; ic++)
          for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((y * kw + x) * cin + (cin === 1 ? 0 : ic)) * cout + oc] += t.values[((oc * i + ic) * h + y) * w + x];
      values.push([s.i, out]);
    } else {
      if (t.shape.join('x') !== s.shape.join('x')) throw new ModelFormatError(path, `'${key}' has shape [${t.shape}], the trunk needs [${s.shape}]: another architecture`);
      values.push([s.i, t.values]);
    }
  }
  for (const [i, v] of values) tf.tidy(() => vars[i].assign(tf.tensor(v, vars[i].shape, 'float32')));
  return `trunk from ${path} (${values.length} tensors; ${FROZEN_CHILDREN.join(', ').replace(/\./g, '')} frozen)`;
}

export const resnetCrnnNetwork: NetworkDefinition<ResnetCrnnArgs> = {
  name: 'resnet-crnn',
  description: "S1's transfer CRNN: ResNet18 trunk keeping the time axis + 3 GRU of 32 + softmax (set pretrained=<resnet18.safetensors>; recipe melspec)",
  input: 'sequence',
  defaults: RESNET_CRNN_DEFAULTS,
  validate(a) {
    if (a.widths.length !== 4) throw new ParameterError('widths', `ResNet18 has 4 stages, got ${a.widths.length}`);
    a.widths.forEach((w) => requireInteger('widths', w, 1));
    a.gruUnits.forEach((u) => requireInteger('gruUnits', u, 1));
    requireFraction('gruDropout', a.gruDropout);
  },
  build: buildResnetCrnn,
  async initialize(network, a) {
    return a.pretrained ? loadPretrainedTrunk(network, a.pretrained) : 'trunk initialised at random (no pretrained weights given: set pretrained=<file>, docs/pretrained.md)';
  },
};

export const resnetCrnnKind = neuralKind(resnetCrnnNetwork);
