/** A song's mel spectrogram as a picture small enough to send with a verdict. */
import { getRecipe } from '../features/registry.js';
import { featurePng } from '../features/picture.js';

/** Widest picture, in frames (columns): longer songs are averaged down to it. */
export const SONG_PICTURE_MAX_FRAMES = 900;

/**
 * PNG bytes of the `melspec` recipe (128 log-power mel bands, S1's) of `samples` at `sampleRate`
 * Hz, the frames averaged in groups so that at most `maxFrames` remain (a 30 s song: 2584 frames
 * in 862 columns; an hour: 900 columns of 4 s each).
 */
export function songPicture(samples: Float32Array, sampleRate: number, maxFrames = SONG_PICTURE_MAX_FRAMES): Uint8Array {
  const m = getRecipe('melspec', { sampleRate }).compute(samples);
  const [frames, bins] = m.shape;
  const group = Math.max(1, Math.ceil(frames / maxFrames));
  const out = new Float32Array(Math.ceil(frames / group) * bins);
  for (let f = 0; f < frames; f++) {
    const row = Math.floor(f / group);
    const n = Math.min(group, frames - row * group);
    for (let b = 0; b < bins; b++) out[row * bins + b] += m.data[f * bins + b] / n;
  }
  return featurePng({ ...m, data: out, shape: [out.length / bins, bins] });
}
