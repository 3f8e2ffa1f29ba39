/**
 * The training tensor file (`.gkt`): every example's features as one float32 tensor plus its ids,
 * labels and groups, so training reads one file instead of the store.
 *
 * Layout: 8-byte magic `GKTENSOR`, uint32 LE header length, UTF-8 JSON {@link TensorHeader}, zero
 * padding to a multiple of 4 bytes, float32 LE data of `shape` (examples first, row-major).
 * In numpy: `h = json.loads(b[12:12+n]); x = np.frombuffer(b, '<f4', offset=(12+n+3)//4*4).reshape(h['shape'])`.
 */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../errors.js';
import { writeFileAtomicWith } from './atomic-write.js';
import type { PieceSetting } from './feature-store.js';

/** Header of a tensor file. `shape[0]` is the number of examples; the per-example arrays have that length. */
export interface TensorHeader {
  format: 'genrekit-tensor';
  version: 1;
  dtype: 'float32';
  /** `[examples, ...featureShape]`, e.g. `[1000, 57]` or `[6000, 22, 513]`. */
  shape: number[];
  ids: string[];
  labels: string[];
  /** Song id of each example (for grouped splits). */
  groups: string[];
  /** Start and end of each example in seconds within its song. */
  ranges: Array<[number, number]>;
  /** Names of the last axis when known (e.g. GTZAN statistics). */
  names?: string[];
  /** Recipe id and parameters, piece settings and package version the features came from. */
  recipe: { id: string; params: Record<string, unknown> };
  pieces: PieceSetting;
  packageVersion: string;
}

/** A tensor file's content. */
export interface TensorFile {
  header: TensorHeader;
  data: Float32Array;
}

const magic = Buffer.from('GKTENSOR', 'ascii');

function checkHeader(path: string, header: TensorHeader): number {
  for (const k of ['ids', 'labels', 'groups', 'ranges'] as const) {
    if (header[k].length !== header.shape[0]) throw new DataFormatError(path, `${k} has ${header[k].length} entries for ${header.shape[0]} examples`);
  }
  return header.shape.reduce((a, b) => a * b, 1);
}

/** Magic, header length, header JSON and padding: the bytes before the data. */
function headerBytes(header: TensorHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headEnd = magic.length + 4 + json.length;
  const out = Buffer.alloc(headEnd + ((4 - (headEnd % 4)) % 4));
  magic.copy(out, 0);
  out.writeUInt32LE(json.length, magic.length);
  json.copy(out, magic.length + 4);
  return out;
}

/** Writes a tensor file atomically. Throws DataFormatError when data or header lengths disagree. */
export function writeTensorFile(path: string, header: TensorHeader, data: Float32Array): void {
  const n = checkHeader(path, header);
  if (data.length !== n) throw new DataFormatError(path, `data has ${data.length} values, shape ${JSON.stringify(header.shape)} needs ${n}`);
  writeTensorFileFrom(path, header, (write) => write(data));
}

/**
 * Writes a tensor file atomically whose data comes in chunks (examples need not fit in memory at
 * once): `fill` passes consecutive pieces of the row-major data to `write`. Throws
 * DataFormatError (and leaves `path` untouched) when the chunks do not add up to `shape`.
 */
export function writeTensorFileFrom(path: string, header: TensorHeader, fill: (write: (values: Float32Array) => void) => void): void {
  const n = checkHeader(path, header);
  writeFileAtomicWith(path, (write) => {
    write(headerBytes(header));
    let count = 0;
    fill((values) => {
      count += values.length;
      if (count > n) throw new DataFormatError(path, `more than the ${n} values of shape ${JSON.stringify(header.shape)}`);
      write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    });
    if (count !== n) throw new DataFormatError(path, `data has ${count} values, shape ${JSON.stringify(header.shape)} needs ${n}`);
  });
}

/** Reads a tensor file; throws DataFormatError naming the file when it is not one or is truncated. */
export function readTensorFile(path: string): TensorFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DataFormatError(path, `cannot read tensor file: ${(err as Error).message}`);
  }
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(magic)) throw new DataFormatError(path, 'not a genrekit tensor file (bad magic)');
  const len = bytes.readUInt32LE(8);
  let header: TensorHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + len)) as TensorHeader;
  } catch {
    throw new DataFormatError(path, 'unreadable header JSON');
  }
  if (header.format !== 'genrekit-tensor' || header.version !== 1 || header.dtype !== 'float32') throw new DataFormatError(path, 'unsupported tensor format');
  const start = Math.ceil((12 + len) / 4) * 4;
  const n = header.shape.reduce((a, b) => a * b, 1);
  if (bytes.length - start !== n * 4) throw new DataFormatError(path, `holds ${(bytes.length - start) / 4} values, shape needs ${n}`);
  const data = new Float32Array(n);
  new Uint8Array(data.buffer).set(bytes.subarray(start));
  return { header, data };
}
