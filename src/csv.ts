/**
 * The one CSV dialect of genrekit (RFC 4180): fields separated by commas, a field holding a
 * comma, a quote or a line break is quoted with `"` and its quotes doubled. Used by the feature
 * table, dataset manifests and `classify --csv`. Lines end with `\n` when written; `\r\n` is read
 * too. Fields are not trimmed (a manifest path may start with a space).
 */

/** One field as written: quoted when it must be. */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row as written (no line end). */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** The fields of one line (a quoted field may hold commas and doubled quotes, not line breaks). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
