/**
 * Text forms of classification verdicts: a readable table for people and CSV for machines (JSON is
 * the verdicts themselves). Times are m:ss, scores are probabilities (or vote shares) with 2 or 4
 * decimals.
 */
import { csvRow } from '../csv.js';
import type { FileVerdict } from './batch.js';

/** Options of the text forms. */
export interface ReportOptions {
  /** Add one line (table) or row (CSV) per piece under each file. */
  timeline?: boolean;
}

/** Seconds as `m:ss` (`1:05:07` from one hour). */
export function formatTime(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A table: one line per file with its top genres, certainty and duration; errors as `error: ...`. */
export function verdictsToTable(verdicts: readonly FileVerdict[], options: ReportOptions = {}): string {
  const names = verdicts.map((v) => v.file);
  const width = Math.min(48, Math.max(4, ...names.map((n) => n.length)));
  const cut = (s: string) => (s.length > width ? `...${s.slice(s.length - width + 3)}` : s.padEnd(width));
  const topK = Math.max(1, ...verdicts.map((v) => v.result?.genres.length ?? 0));
  const genreCols = Array.from({ length: topK }, (_, i) => `genre ${i + 1}`.padEnd(18)).join('');
  const lines = [`${'file'.padEnd(width)}  ${genreCols}certainty  duration`];
  for (const v of verdicts) {
    if (!v.result) {
      lines.push(`${cut(v.file)}  error: ${v.error?.message ?? 'unknown'}`);
      continue;
    }
    const r = v.result;
    const genres = r.genres.map((g) => `${g.label} ${g.score.toFixed(2)}`.padEnd(18)).join('');
    lines.push(`${cut(v.file)}  ${genres.padEnd(18 * topK)}${r.certainty.toFixed(2).padEnd(11)}${formatTime(r.durationSeconds)}`);
    for (const w of r.warnings) lines.push(`${''.padEnd(width)}  note: ${w}`);
    if (options.timeline) {
      for (const p of r.pieces) {
        const flags = [p.silent ? 'silent' : '', p.short ? 'short' : ''].filter(Boolean).join(', ');
        const g = p.genres.map((x) => `${x.label} ${x.score.toFixed(2)}`.padEnd(18)).join('');
        lines.push(`  ${`${formatTime(p.startSeconds)}-${formatTime(p.endSeconds)}`.padEnd(width)}${g}${flags ? `(${flags})` : ''}`.trimEnd());
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * CSV (RFC 4180, header first): `file,piece,start_seconds,end_seconds,genre1,score1,...,certainty,flags,error`.
 * `piece` is `song` for the verdict and the piece number (from 1) for timeline rows.
 */
export function verdictsToCsv(verdicts: readonly FileVerdict[], options: ReportOptions = {}): string {
  const topK = Math.max(1, ...verdicts.map((v) => v.result?.genres.length ?? 0));
  const head = ['file', 'piece', 'start_seconds', 'end_seconds'];
  for (let i = 1; i <= topK; i++) head.push(`genre${i}`, `score${i}`);
  head.push('certainty', 'flags', 'error');
  const rows = [head];
  const genreCells = (g: { label: string; score: number }[]) => Array.from({ length: topK }, (_, i) => (g[i] ? [g[i].label, g[i].score.toFixed(4)] : ['', ''])).flat();
  for (const v of verdicts) {
    const r = v.result;
    if (!r) {
      rows.push([v.file, 'song', '', '', ...genreCells([]), '', '', v.error?.message ?? 'unknown']);
      continue;
    }
    const flags = [r.short ? 'short' : '', r.silent ? 'silent' : ''].filter(Boolean).join(' ');
    rows.push([v.file, 'song', '0.000', r.durationSeconds.toFixed(3), ...genreCells(r.genres), r.certainty.toFixed(4), flags, '']);
    if (options.timeline) {
      r.pieces.forEach((p, i) => {
        const f = [p.short ? 'short' : '', p.silent ? 'silent' : ''].filter(Boolean).join(' ');
        rows.push([v.file, String(i + 1), p.startSeconds.toFixed(3), p.endSeconds.toFixed(3), ...genreCells(p.genres), '', f, '']);
      });
    }
  }
  return rows.map(csvRow).join('\n') + '\n';
}
