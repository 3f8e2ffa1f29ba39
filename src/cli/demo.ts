/**
 * `genrekit demo`: try the whole pipeline with no music of one's own. Synthesises a
 * drum-and-bass-like clip, writes it as a WAV file, and classifies that file like any other.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeWav } from '../audio/index.js';
import { classify } from '../predict/classify.js';
import { defaultModelDir } from '../predict/default-model.js';
import { demoClipDefaults, synthesizeDemoClip } from '../predict/demo-clip.js';
import { verdictsToTable } from '../predict/report.js';

export const summary = 'synthesise a drum-and-bass-like clip and classify it (no music needed)';

const help = () => `Usage: genrekit demo [options]

Synthesises a ${demoClipDefaults.seconds} s drum-and-bass-like pattern (${demoClipDefaults.bpm} BPM: kick, snare, hi-hats,
sub-bass, pad) at ${demoClipDefaults.sampleRate} Hz, writes it to a temporary WAV file and classifies it with the
same pipeline as 'genrekit classify' (decode, pieces, features, model, verdict).
Drum and bass is not one of the 10 GTZAN genres: the answer shows what it is closest to.

Options:
  --seconds <s>    clip length (default ${demoClipDefaults.seconds})
  --keep <file>    also save the clip as this WAV file (to play it, or pass it to 'genrekit classify')
  --model <dir>    model folder (default: the bundled model, ${defaultModelDir})
  --json           the verdict as JSON
  -h, --help       this help
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        seconds: { type: 'string' },
        keep: { type: 'string' },
        model: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`genrekit demo: ${(err as Error).message}`);
    return 2;
  }
  const { values: v } = parsed;
  if (v.help) {
    process.stdout.write(help());
    return 0;
  }
  const seconds = v.seconds === undefined ? demoClipDefaults.seconds : Number(v.seconds);
  const { sampleRate } = demoClipDefaults;
  const wav = encodeWav([synthesizeDemoClip({ seconds, sampleRate })], sampleRate);
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-demo-'));
  const file = join(dir, 'drum-and-bass-demo.wav');
  try {
    await writeFile(file, wav);
    if (v.keep) await writeFile(v.keep, wav);
    if (!v.json) {
      const where = v.keep ? `saved as ${v.keep}` : 'a temporary WAV file (--keep <file> to keep it)';
      console.error(`Synthesised ${seconds} s of drum-and-bass-like audio (${demoClipDefaults.bpm} BPM) into ${where}; classifying it...`);
    }
    const result = await classify(file, { model: v.model });
    if (v.json) process.stdout.write(JSON.stringify({ file: v.keep ?? file, ...result }, null, 2) + '\n');
    else process.stdout.write(verdictsToTable([{ file: v.keep ?? 'drum-and-bass-demo.wav', result }], { timeline: true }));
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
