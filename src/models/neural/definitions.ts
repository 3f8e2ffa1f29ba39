/**
 * Every network definition by name, so that a worker thread can rebuild the network it is given
 * by name, arguments and shape (data-parallel training, train/data-parallel.ts).
 */
import { crnnExtendedNetwork, crnnNetwork } from './crnn.js';
import { resnetCrnnNetwork } from './resnet-crnn.js';
import { hierarchicalNodeNetwork } from './hierarchical.js';
import { indRnnNetwork } from './ind-rnn.js';
import { lstmAttentionNetwork } from './lstm-attention.js';
import { lstmSequenceNetwork } from './lstm-sequence.js';
import { lstmNetwork } from './lstm.js';
import { mlpNetwork } from './mlp.js';
import type { CommonArgs, NetworkDefinition } from './neural-kind.js';
import { simpleRnnNetwork } from './simple-rnn.js';

const all: Array<NetworkDefinition<never>> = [mlpNetwork, simpleRnnNetwork, lstmNetwork, lstmAttentionNetwork, lstmSequenceNetwork, hierarchicalNodeNetwork, indRnnNetwork, crnnNetwork, crnnExtendedNetwork, resnetCrnnNetwork] as Array<NetworkDefinition<never>>;

/** The definition named `name`; throws when there is none. */
export function networkDefinition(name: string): NetworkDefinition<CommonArgs> {
  const def = all.find((d) => d.name === name);
  if (!def) throw new Error(`no network definition '${name}'`);
  return def as unknown as NetworkDefinition<CommonArgs>;
}
