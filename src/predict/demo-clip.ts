/**
 * A short synthetic clip for trying genrekit with no music of one's own: a drum-and-bass-like
 * pattern (kick, snare, hi-hats, a sliding sub-bass and a pad chord) made from sines and seeded
 * noise, so it is the same on every machine.
 */
import { ParameterError } from '../errors.js';

/** Options of `synthesizeDemoClip`. */
export interface DemoClipOptions {
  /** Length in seconds, > 0. */
  seconds?: number;
  /** Sample rate in Hz, >= 8000. */
  sampleRate?: number;
  /** Tempo in beats per minute, > 0. */
  bpm?: number;
  /** Seed of the noise (snare, hi-hats). */
  seed?: number;
}

export const demoClipDefaults = { seconds: 30, sampleRate: 22050, bpm: 174, seed: 7 } as const;

/** Mono samples in [-1, 1] (length `seconds * sampleRate`) of the demo pattern. */
export function synthesizeDemoClip(options: DemoClipOptions = {}): Float32Array {
  const { seconds, sampleRate: sr, bpm, seed } = { ...demoClipDefaults, ...options };
  if (!(seconds > 0)) throw new ParameterError('seconds', `must be > 0, got ${seconds}`);
  if (!(sr >= 8000)) throw new ParameterError('sampleRate', `must be >= 8000 Hz, got ${sr}`);
  if (!(bpm > 0)) throw new ParameterError('bpm', `must be > 0, got ${bpm}`);
  const n = Math.round(seconds * sr);
  const out = new Float32Array(n);
  const beat = (60 / bpm) * sr;
  const sixteenth = beat / 4;
  let state = seed >>> 0 || 1;
  const noise = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 31 - 1;
  };
  // Two-bar break: kick on 1 and the "and" of 3, snare on 2 and 4 (the classic two-step).
  const kicks = [0, 10, 16, 26, 30];
  const snares = [4, 12, 20, 28];
  const bar2 = 32;
  for (let i = 0; i < n; i++) {
    const step = Math.floor(i / sixteenth) % bar2;
    const inStep = (i % sixteenth) / sr;
    let x = 0;
    if (kicks.includes(step)) x += 0.9 * Math.sin(2 * Math.PI * (50 + 100 * Math.exp(-inStep * 40)) * inStep) * Math.exp(-inStep * 12);
    if (snares.includes(step)) x += 0.5 * (noise() * 0.8 + 0.4 * Math.sin(2 * Math.PI * 190 * inStep)) * Math.exp(-inStep * 18);
    x += 0.12 * noise() * Math.exp(-inStep * 60);
    const t = i / sr;
    const bassHz = [55, 55, 65.4, 49][Math.floor(i / (beat * 4)) % 4];
    x += 0.35 * Math.sin(2 * Math.PI * bassHz * t + 0.8 * Math.sin(2 * Math.PI * 2 * t));
    x += 0.05 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277.2 * t) + Math.sin(2 * Math.PI * 329.6 * t));
    out[i] = Math.tanh(x);
  }
  return out;
}
