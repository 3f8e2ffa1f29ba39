/** The one mix-down of genrekit: channels to mono by their mean. */

/**
 * mono[at + i] = mean over channels of channels[c][i], summed in float64 in channel order
 * (`loadAudio` uses it for whole files and mono-stream.ts chunk by chunk, so both agree exactly).
 */
export function mixInto(channels: Float32Array[], mono: Float32Array, at: number): void {
  if (channels.length === 1) {
    mono.set(channels[0], at);
    return;
  }
  const n = channels[0].length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const c of channels) sum += c[i];
    mono[at + i] = sum / channels.length;
  }
}

/** Fresh channel arrays of one length (the caller gives them up) as one mono array: the channel itself when there is one, else their mean (`mixInto`). */
export function toMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const mono = new Float32Array(channels[0].length);
  mixInto(channels, mono, 0);
  return mono;
}
