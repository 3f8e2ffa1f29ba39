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
