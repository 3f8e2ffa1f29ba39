/**
 * GTZAN naming: clips are `<genre>.NNNNN` (files `blues.00012.wav` / `.au`), pieces of a clip in the
 * 3 s feature table are `<genre>.NNNNN.S` (`blues.00012.3.wav`, S = piece index from 0).
 */
import { ParameterError } from '../errors.js';
import type { SplitItem } from './splits.js';

/** The parts of a GTZAN clip or piece name. */
export interface GtzanName {
  /** Genre (the label), e.g. `blues`. */
  genre: string;
  /** Clip number within the genre, 0-99 in GTZAN. */
  clip: number;
  /** Piece index when the name is a piece (`blues.00012.3` -> 3), else undefined. */
  piece?: number;
  /** Song id (the clip), e.g. `blues.00012`: the group that must never straddle split sets. */
  songId: string;
  /** The name without a file extension, e.g. `blues.00012.3`. */
  id: string;
}

const gtzanPattern = /^([A-Za-z0-9_-]+)\.(\d{5})(?:\.(\d+))?(?:\.(?:wav|au))?$/;

/** Parses a GTZAN clip/piece name or file name (path prefixes are ignored); undefined when it is not one. */
export function parseGtzanName(name: string): GtzanName | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = gtzanPattern.exec(base);
  if (!m) return undefined;
  const songId = `${m[1]}.${m[2]}`;
  const piece = m[3] === undefined ? undefined : Number(m[3]);
  return { genre: m[1], clip: Number(m[2]), piece, songId, id: piece === undefined ? songId : `${songId}.${piece}` };
}

/** The GTZAN piece name `genre.NNNNN.S` of piece `index` of clip `songId` (`blues.00012`, 3 -> `blues.00012.3`). */
export function gtzanPieceId(songId: string, index: number): string {
  return `${songId}.${index}`;
}

/**
 * The split item of a GTZAN clip or piece name (`blues.00012.3.wav` -> id `blues.00012.3`, label
 * `blues`, group `blues.00012`). Throws ParameterError when the name is not GTZAN-style.
 */
export function gtzanItem(name: string): SplitItem {
  const n = parseGtzanName(name);
  if (!n) throw new ParameterError('name', `'${name}' is not a GTZAN name (genre.NNNNN[.S][.wav])`);
  return { id: n.id, label: n.genre, group: n.songId };
}
