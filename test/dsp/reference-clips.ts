/** Loads the real reference clips (dev-audio) as generate.py does: librosa.load(path, sr=22050, duration=5.0). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/index.js';
import { sharedDataDir } from '../helpers/shared-data.js';

export async function loadReferenceClip(name: string, sr: number, seconds: number): Promise<Float32Array | undefined> {
  const path = join(sharedDataDir, 'gtzan', 'dev-audio', name);
  if (!existsSync(path)) return undefined;
  return (await loadAudio(path, { sampleRate: sr, duration: seconds })).samples;
}
