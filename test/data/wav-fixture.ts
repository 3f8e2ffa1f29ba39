/** Test helper: writes 16-bit PCM mono WAV files of tones (no dependency on the audio room). */
import { writeFileSync } from 'node:fs';

/** A sine of `hz` Hz (plus a quieter octave so spectra differ per file), `seconds` long at `sampleRate`, as int16-exact floats. */
export function tone(hz: number, seconds: number, sampleRate = 22050): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = 0.5 * Math.sin((2 * Math.PI * hz * i) / sampleRate) + 0.2 * Math.sin((4 * Math.PI * hz * i) / sampleRate);
    out[i] = Math.round(v * 32767) / 32768;
  }
  return out;
}

/** WAV bytes (16-bit PCM, mono) of samples in [-1, 1). */
export function wavBytes(samples: Float32Array, sampleRate = 22050): Buffer {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((v, i) => b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32768))), 44 + i * 2));
  return b;
}

export function writeWav(path: string, samples: Float32Array, sampleRate = 22050): void {
  writeFileSync(path, wavBytes(samples, sampleRate));
}
