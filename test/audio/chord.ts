/**
 * The stereo test chord of the Opus fixture (test/fixtures/audio/chord.opus, made by
 * make-chord-opus.mjs from exactly these samples): A3, C#4 and E4 at -12 dB each with a 3 Hz
 * tremolo on the left, the same chord a fifth up on the right; frames x 2, interleaved.
 */
export function chord(sampleRate: number, seconds: number): Float32Array {
  const frames = Math.round(sampleRate * seconds);
  const out = new Float32Array(frames * 2);
  const notes = [220, 277.18, 329.63];
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    const fade = Math.min(1, t / 0.05, (seconds - t) / 0.05);
    let l = 0;
    let r = 0;
    for (const f of notes) {
      l += 0.25 * Math.sin(2 * Math.PI * f * t);
      r += 0.25 * Math.sin(2 * Math.PI * 1.5 * f * t);
    }
    out[2 * i] = fade * l * (0.75 + 0.25 * Math.sin(2 * Math.PI * 3 * t));
    out[2 * i + 1] = fade * r;
  }
  return out;
}
