/**
 * Hand-written SVG pictures of a classification result: a confusion-matrix heatmap (cells shaded
 * by the share of the true class, counts written in) and per-class precision / recall bars.
 * Plain SVG 1.1 with system sans-serif fonts, so browsers and resvg render them alike.
 */
import type { ClassificationMetrics } from './metrics.js';

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Matplotlib's "Blues" endpoints and midpoints, for t in [0, 1]. */
const BLUES: Array<[number, number, number]> = [
  [247, 251, 255],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

function blue(t: number): string {
  const x = Math.min(Math.max(t, 0), 1) * (BLUES.length - 1);
  const i = Math.min(Math.floor(x), BLUES.length - 2);
  const f = x - i;
  const c = BLUES[i].map((v, k) => Math.round(v + (BLUES[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;
}

export interface PlotOptions {
  /** Title above the picture. Default ''. */
  title: string;
}

export const plotDefaults: Readonly<PlotOptions> = Object.freeze({ title: '' });

/** Confusion matrix heatmap: rows = true class, columns = predicted; shade = share of the row. */
export function confusionMatrixSvg(m: ClassificationMetrics, options: Partial<PlotOptions> = {}): string {
  const { title } = { ...plotDefaults, ...options };
  const k = m.labels.length;
  const cell = 46;
  const labelW = 12 + 7.5 * Math.max(...m.labels.map((l) => l.length), 4);
  const left = labelW + 34;
  const top = title ? 64 : 34;
  const gridW = cell * k;
  const bottom = 0.85 * labelW + 34;
  const width = left + gridW + 90;
  const height = top + gridW + bottom;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" font-family="${FONT}">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  if (title) out.push(text(width / 2, 30, title, 'font-size="17" font-weight="bold" text-anchor="middle" fill="#222"'));
  out.push(text(left + gridW / 2, top - 12, `accuracy ${(100 * m.accuracy).toFixed(1)} %, macro F1 ${(100 * m.macroF1).toFixed(1)} %, n = ${m.n}`, 'font-size="13" text-anchor="middle" fill="#444"'));
  for (let r = 0; r < k; r++) {
    const rowSum = m.confusion[r].reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      const v = m.confusion[r][c];
      const share = rowSum ? v / rowSum : 0;
      const x = left + c * cell;
      const y = top + r * cell;
      out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blue(share)}" stroke="white" stroke-width="1"/>`);
      if (v > 0) out.push(text(x + cell / 2, y + cell / 2 + 5, String(v), `font-size="14" text-anchor="middle" fill="${share > 0.45 ? 'white' : '#222'}"${r === c ? ' font-weight="bold"' : ''}`));
    }
    out.push(text(left - 8, top + r * cell + cell / 2 + 5, m.labels[r], 'font-size="13" text-anchor="end" fill="#222"'));
  }
  for (let c = 0; c < k; c++) {
    const x = left + c * cell + cell / 2 + 4;
    const y = top + gridW + 10;
    out.push(`<text x="${x.toFixed(1)}" y="${y}" font-size="13" text-anchor="end" fill="#222" transform="rotate(-55 ${x.toFixed(1)} ${y})">${esc(m.labels[c])}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${gridW}" height="${gridW}" fill="none" stroke="#888" stroke-width="1"/>`);
  out.push(text(left + gridW / 2, height - 12, 'predicted genre', 'font-size="14" text-anchor="middle" fill="#222"'));
  const ty = top + gridW / 2;
  out.push(`<text x="18" y="${ty}" font-size="14" text-anchor="middle" fill="#222" transform="rotate(-90 18 ${ty})">true genre</text>`);
  // Colour key: share of the true class.
  const kx = left + gridW + 24;
  const steps = 20;
  for (let i = 0; i < steps; i++) {
    const h = gridW / steps;
    out.push(`<rect x="${kx}" y="${(top + gridW - (i + 1) * h).toFixed(1)}" width="14" height="${(h + 0.5).toFixed(1)}" fill="${blue((i + 0.5) / steps)}"/>`);
  }
  out.push(`<rect x="${kx}" y="${top}" width="14" height="${gridW}" fill="none" stroke="#888"/>`);
  for (const t of [0, 0.5, 1]) out.push(text(kx + 20, top + gridW - t * gridW + 4, `${t * 100}%`, 'font-size="11" fill="#444"'));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Horizontal bars of precision and recall per class, in percent, with their values. */
export function classBarsSvg(m: ClassificationMetrics, options: Partial<PlotOptions> = {}): string {
  const { title } = { ...plotDefaults, ...options };
  const k = m.labels.length;
  const labelW = 14 + 7.5 * Math.max(...m.labels.map((l) => l.length), 4);
  const left = labelW + 10;
  const plotW = 420;
  const bar = 13;
  const group = 2 * bar + 12;
  const top = title ? 76 : 46;
  const plotH = group * k;
  const width = left + plotW + 60;
  const height = top + plotH + 50;
  const colours = { precision: '#2171b5', recall: '#f16913' };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" viewBox="0 0 ${width.toFixed(0)} ${height}" font-family="${FONT}">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  if (title) out.push(text(width / 2, 30, title, 'font-size="17" font-weight="bold" text-anchor="middle" fill="#222"'));
  // Legend.
  let lx = left;
  for (const [name, colour] of Object.entries(colours)) {
    out.push(`<rect x="${lx}" y="${top - 28}" width="12" height="12" fill="${colour}"/>`);
    out.push(text(lx + 17, top - 18, name, 'font-size="13" fill="#222"'));
    lx += 100;
  }
  out.push(text(left + plotW, top - 18, `macro F1 ${(100 * m.macroF1).toFixed(1)} %`, 'font-size="13" text-anchor="end" fill="#444"'));
  for (let t = 0; t <= 100; t += 20) {
    const x = left + (t / 100) * plotW;
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotH}" stroke="${t === 0 ? '#888' : '#e3e3e3'}" stroke-width="1"/>`);
    out.push(text(x, top + plotH + 16, `${t}`, 'font-size="11" text-anchor="middle" fill="#444"'));
  }
  out.push(text(left + plotW / 2, top + plotH + 38, 'percent', 'font-size="13" text-anchor="middle" fill="#222"'));
  m.perClass.forEach((c, i) => {
    const y0 = top + i * group + 6;
    out.push(text(left - 8, y0 + bar + 4, c.label, 'font-size="13" text-anchor="end" fill="#222"'));
    [c.precision, c.recall].forEach((v, j) => {
      const y = y0 + j * bar;
      const w = Math.max(v * plotW, 0);
      out.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar - 1}" fill="${j ? colours.recall : colours.precision}"/>`);
      out.push(text(left + w + 4, y + bar - 3, (100 * v).toFixed(0), 'font-size="10" fill="#333"'));
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
