/**
 * Reads float32 tensors from a `.safetensors` file (the format of Hugging Face's safetensors: an
 * 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
 * range, then the raw little-endian data). Used for pretrained weights a user supplies
 * (docs/pretrained.md). Every inconsistency is a ModelFormatError naming the file.
 */
import { readFile } from 'node:fs/promises';
import { ModelFormatError } from '../../errors.js';

export interface NamedTensor {
  shape: number[];
  values: Float32Array;
}

/** Parse safetensors `bytes` read from `file`: name -> float32 tensor (other dtypes are skipped). */
export function parseSafetensors(bytes: Uint8Array, file: string): Map<string, NamedTensor> {
  const bad = (why: string) => new ModelFormatError(file, `is not a safetensors file: ${why}`);
  if (bytes.byteLength < 8) throw bad(`${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8 || headerLength > 100_000_000) throw bad(`its header claims ${headerLength} bytes`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw bad('its header is not JSON');
  }
  const data = bytes.subarray(8 + headerLength);
  const out = new Map<string, NamedTensor>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__' || t.dtype !== 'F32') continue;
    const [begin, end] = t.data_offsets ?? [];
    const count = (t.shape ?? []).reduce((a, b) => a * b, 1);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end > data.byteLength || end - begin !== count * 4) {
      throw new ModelFormatError(file, `tensor '${name}' of shape [${t.shape}] has byte range [${begin}, ${end}) of ${data.byteLength} bytes of data`);
    }
    const values = new Float32Array(count);
    new Uint8Array(values.buffer).set(data.subarray(begin, end));
    out.set(name, { shape: t.shape, values });
  }
  return out;
}

/** Read and parse a safetensors file. */
export async function readSafetensors(path: string): Promise<Map<string, NamedTensor>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelFormatError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseSafetensors(bytes, path);
}
