/** `genrekit info`: container, codec, sample rate, channels and duration of audio files. */
import { EXIT_RULE, exitCodeOf } from './exit.js';
import { parseArgs } from 'node:util';
import { PROBE_AUDIO_DEFAULTS, probeAudio } from '../audio/probe.js';
import type { AudioInfo } from '../audio/types.js';
import { GenreKitError } from '../errors.js';

export const summary = 'show container, codec, sample rate, channels and duration of audio files';

const help = () => `Usage: genrekit info <files...> [options]

Describes each audio file (WAV, AU/SND, FLAC, MP3, Ogg Vorbis or Opus; recognised by content, not by
extension). Headers are read without decoding where the format allows (MP3 is decoded).

Options:
  --decode     decode every file completely, to catch corrupt frames (default: ${PROBE_AUDIO_DEFAULTS.decode})
  --json       JSON: an array of { file, container, codec, sampleRate, channels, frames,
               durationSeconds, bitDepth, truncated } or { file, error, code }
  -h, --help   this help

A file that cannot be read gives an error line for that file; the others are still described.
${EXIT_RULE}
`;

type Row = AudioInfo | { file: string; error: string; code: string };

function line(row: Row): string {
  if ('error' in row) return `${row.file}: error: ${row.error}`;
  const bits = row.bitDepth ? `, ${row.bitDepth}-bit` : '';
  const cut = row.truncated ? ' (truncated)' : '';
  const channels = row.channels === 1 ? 'mono' : row.channels === 2 ? 'stereo' : `${row.channels} channels`;
  return `${row.file}: ${row.container}, ${row.codec}${bits}, ${row.sampleRate} Hz, ${channels}, ${row.durationSeconds.toFixed(3)} s${cut}`;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        decode: { type: 'boolean', default: PROBE_AUDIO_DEFAULTS.decode },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`genrekit info: ${(err as Error).message}`);
    return 2;
  }
  const { values: v, positionals: files } = parsed;
  if (v.help) {
    process.stdout.write(help());
    return 0;
  }
  if (files.length === 0) {
    console.error('genrekit info: name at least one audio file. Run `genrekit info --help`.');
    return 2;
  }
  const rows: Row[] = [];
  for (const file of files) {
    let row: Row;
    try {
      row = await probeAudio(file, { decode: v.decode });
    } catch (err) {
      if (!(err instanceof GenreKitError)) throw err;
      const reason = 'reason' in err && typeof err.reason === 'string' ? err.reason : err.message;
      row = { file, error: reason, code: err.code };
    }
    rows.push(row);
    if (!v.json) {
      if ('error' in row) console.error(line(row));
      else console.log(line(row));
    }
  }
  if (v.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  return exitCodeOf(rows.map((r) => ({ failed: 'error' in r })));
}
