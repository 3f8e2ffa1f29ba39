/**
 * The latest stretch of a signal that arrives in chunks: samples `start` .. `end - 1` of it, grown
 * as chunks are appended and cut from the front when no longer needed, so a stream of any length
 * holds only what its reader still looks at. Used by `StreamResampler` and `StreamSegmenter`.
 */
export class SampleWindow {
  private data = new Float32Array(0);
  /** Signal index of the first sample held. */
  start = 0;
  /** Samples held. */
  length = 0;

  /** Signal index one past the last sample held (= samples appended so far). */
  get end(): number {
    return this.start + this.length;
  }

  /** The samples held, `view()[i]` being signal sample `start + i` (valid until the next append or drop). */
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }

  append(samples: Float32Array): void {
    if (this.length + samples.length > this.data.length) {
      const grown = new Float32Array(Math.max(2 * this.data.length, this.length + samples.length));
      grown.set(this.view());
      this.data = grown;
    }
    this.data.set(samples, this.length);
    this.length += samples.length;
  }

  /** Forgets the samples before signal index `index` (all held samples at most). */
  dropBefore(index: number): void {
    const drop = Math.min(this.length, index - this.start);
    if (drop <= 0) return;
    this.data.copyWithin(0, drop, this.length);
    this.length -= drop;
    this.start += drop;
  }
}
