/**
 * `genrekit models --describe <kind>`: a neural kind's network built for an input shape, listed
 * weight by weight (name, shape, count), the activations' shapes where the definition gives them,
 * and the parameter count (trainable, and the batch-norm state kept beside it).
 */
import { ParameterError } from '../../errors.js';
import { resolveParams } from '../../params.js';
import { Rng } from '../../random.js';
import { initTf } from '../runtime/backend.js';
import { networkDefinition } from './definitions.js';

export interface NetworkDescription {
  weights: Array<{ name: string; shape: number[]; count: number; state: boolean }>;
  /** Activation shapes after each stage (batch axis left out), where the definition gives them. */
  stages: Array<{ name: string; shape: number[] }>;
  trainable: number;
  state: number;
}

/** Build `kind` (a network definition's name) for `inputShape` and `classes` and describe it. */
export async function describeNetwork(kind: string, args: Record<string, unknown>, inputShape: number[], classes: number): Promise<NetworkDescription> {
  let def;
  try {
    def = networkDefinition(kind);
  } catch {
    throw new ParameterError('describe', `'${kind}' is not a neural model kind`);
  }
  const a = resolveParams(`model '${kind}'`, def.defaults, args);
  def.validate?.(a as never);
  await initTf();
  const net = def.build(a as never, { inputShape, classes }, new Rng(0));
  try {
    const stateIdx = new Set(net.params.stateIndices());
    const weights = net.params.specs().map((s, i) => ({ ...s, count: s.shape.reduce((x, y) => x * y, 1), state: stateIdx.has(i) }));
    const count = (state: boolean) => weights.filter((w) => w.state === state).reduce((n, w) => n + w.count, 0);
    return { weights, stages: def.stages?.(a as never, inputShape, classes) ?? [], trainable: count(false), state: count(true) };
  } finally {
    net.params.dispose();
  }
}

/** The description as text lines. */
export function formatDescription(kind: string, inputShape: number[], d: NetworkDescription): string {
  const lines = [`${kind} for input [${inputShape.join(', ')}]`];
  if (d.stages.length) {
    lines.push('', 'activations (batch axis left out):');
    for (const s of d.stages) lines.push(`  ${s.name.padEnd(24)} [${s.shape.join(', ')}]`);
  }
  lines.push('', 'weights:');
  for (const w of d.weights) lines.push(`  ${w.name.padEnd(24)} [${w.shape.join(', ')}]`.padEnd(48) + `${String(w.count).padStart(10)}${w.state ? '  (state)' : ''}`);
  lines.push('', `parameters: ${d.trainable.toLocaleString('en')} trainable + ${d.state.toLocaleString('en')} batch-norm state = ${(d.trainable + d.state).toLocaleString('en')}`);
  return lines.join('\n') + '\n';
}
