/**
 * The signals behind `reference/signals.json.gz` (see generate.py beside it).
 *
 * The stored samples are rounded to 7 significant digits, which adds a noise floor about
 * 1e-7 below the signal that librosa never saw. Most statistics do not notice, but the spectral
 * bandwidth of a pure tone does (relative error up to 6e-4 on the chirp). So the two
 * deterministic signals are regenerated exactly as generate.py makes them (float64, then cast to
 * float32) and checked against the stored samples; white noise (numpy's PCG64 generator) keeps
 * the stored samples. The real clips are the first 5 s of dev-audio files.
 */
import type { Reference, RefArray } from './reference.js';

export interface NamedSignal {
  name: string;
  sr: number;
  samples: Float32Array;
  arrays: Record<string, RefArray>;
}

/** librosa.chirp(fmin, fmax, sr, duration) with its defaults: a logarithmic sweep, phase -90 degrees. */
function chirp(fmin: number, fmax: number, sr: number, duration: number): Float64Array {
  const length = Math.floor(duration * sr);
  const beta = duration / Math.log(fmax / fmin);
  return Float64Array.from({ length }, (_, i) => {
    const t = i * (1 / sr);
    return Math.cos(2 * Math.PI * beta * fmin * (Math.pow(fmax / fmin, t / duration) - 1) - Math.PI / 2);
  });
}

/** librosa.clicks(times, sr, length) with its defaults: a 0.1 s 1 kHz tone decaying by 2^-10. */
function clicks(times: number[], sr: number, length: number): Float32Array {
  const n = Math.round(sr * 0.1);
  const click = Float64Array.from({ length: n }, (_, i) => {
    const exponent = n > 1 ? i * (-10 / (n - 1)) : 0;
    return 2 ** exponent * Math.sin(((2 * Math.PI * 1000) / sr) * i);
  });
  // librosa accumulates the clicks in float32.
  const out = new Float32Array(length);
  for (const time of times) {
    const start = Math.floor(time * sr);
    for (let i = 0; i < n && start + i < length; i++) out[start + i] += click[i];
  }
  return out;
}

/** The deterministic synthetic signals of generate.py, by name. */
function regenerate(name: string, sr: number): Float32Array | undefined {
  const n = sr * 3;
  if (name === 'chirp_110_4400_3s') return Float32Array.from(chirp(110, 4400, sr, 3));
  if (name === 'c_major_chord_with_clicks_3s') {
    const c = clicks([0, 0.5, 1, 1.5, 2, 2.5], sr, n);
    return Float32Array.from({ length: n }, (_, i) => {
      const t = i / sr;
      let chord = 0;
      for (const f of [261.63, 329.63, 392.0]) chord += Math.sin(2 * Math.PI * f * t);
      // 0.4 * clicks is float32 arithmetic in numpy (a Python float times a float32 array).
      return 0.6 * (chord / 3) + Math.fround(c[i] * Math.fround(0.4));
    });
  }
  return undefined;
}

/** Loads a real clip the way generate.py does: librosa.load(path, sr=22050, duration=5.0). */
export type ClipLoader = (name: string, sr: number, seconds: number) => Promise<Float32Array | undefined>;

/**
 * Every reference signal with its samples. Regenerated signals must round to the stored
 * samples exactly; real clips come from `loadClip` and are left out when it gives nothing.
 */
export async function referenceSignals(ref: Reference, loadClip?: ClipLoader): Promise<NamedSignal[]> {
  const out: NamedSignal[] = [];
  for (const [name, s] of Object.entries(ref.signals)) {
    let samples: Float32Array | undefined;
    if (s.samples) {
      samples = regenerate(name, s.sr) ?? Float32Array.from(s.samples);
      // Regenerated samples must round to exactly the stored 7 significant digits.
      for (let i = 0; i < samples.length; i++) {
        if (Number(samples[i].toPrecision(7)) !== s.samples[i]) throw new Error(`${name}: regenerated sample ${i} is ${samples[i]}, stored ${s.samples[i]}`);
      }
    } else if (loadClip) {
      samples = await loadClip(name.replace(/\[first 5 s\]$/, ''), s.sr, 5);
    }
    if (samples) out.push({ name, sr: s.sr, samples, arrays: s.arrays });
  }
  return out;
}
