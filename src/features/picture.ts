/**
 * Pictures of frame-wise feature matrices ([frames, bins]): time runs left to right, bin 0 (low
 * frequencies) is at the bottom, values map to a perceptual colour map. PNG bytes or an SVG
 * with axes around the same raster.
 */
import { amplitudeToDb } from '../dsp/db.js';
import { ParameterError } from '../errors.js';
import type { FeatureMatrix } from './recipe.js';
import { encodePng, toBase64, type RgbaImage } from './png.js';

export { encodePng, type RgbaImage };

export type ColorMapName = 'viridis' | 'magma';

export interface PictureOptions {
  /** Colour map. Default 'viridis'. */
  colorMap: ColorMapName;
  /**
   * Value scale: 'db' shows 20 log10(v / max) clipped at -80 dB (for magnitudes), 'linear' maps
   * min..max; 'auto' picks 'db' when no value is negative, else 'linear'. Default 'auto'.
   */
  scale: 'auto' | 'linear' | 'db';
  /** Each frame and bin is repeated to reach at least this many pixels across. Default 600. */
  minWidth: number;
  /** ... and at least this many pixels high. Default 300. */
  minHeight: number;
}

export const PICTURE_DEFAULTS: PictureOptions = { colorMap: 'viridis', scale: 'auto', minWidth: 600, minHeight: 300 };


// Degree-6 polynomial fits of matplotlib's maps (Matt Zucker, CC0): rgb = sum_i c_i t^i.
const COLOR_MAPS: Record<ColorMapName, number[][]> = {
  viridis: [
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
  ],
  magma: [
    [-0.002136485053939582, -0.000749655052795221, -0.005386127855323933],
    [0.2516605407371642, 0.6775232436837668, 2.494026599312351],
    [8.353717279216625, -3.577719514958484, 0.3144679030132573],
    [-27.66873308576866, 14.26473078096533, -13.64921318813922],
    [52.17613981234068, -27.94360607168351, 12.94416944238394],
    [-50.76852536473588, 29.04658282127291, 4.23415299384598],
    [18.65570506591883, -11.48977351997711, -5.601961508734096],
  ],
};

/** 256-entry RGB lookup table of a colour map. */
function colorTable(name: ColorMapName): Uint8Array {
  const c = COLOR_MAPS[name];
  if (!c) throw new ParameterError('colorMap', `unknown colour map '${name}'; known: ${Object.keys(COLOR_MAPS).join(', ')}`);
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    for (let ch = 0; ch < 3; ch++) {
      let v = 0;
      for (let k = c.length - 1; k >= 0; k--) v = v * t + c[k][ch];
      lut[i * 3 + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  return lut;
}

function checkMatrix(m: FeatureMatrix): [number, number] {
  if (m.shape.length !== 2 || m.shape[0] < 1 || m.shape[1] < 1) {
    throw new ParameterError('features', `a picture needs a [frames, bins] matrix, got shape [${m.shape.join(', ')}]`);
  }
  return [m.shape[0], m.shape[1]];
}

/** Values mapped to 0..255 colour indices, per the chosen scale. */
function levels(m: FeatureMatrix, scale: PictureOptions['scale']): Uint8Array {
  let min = Infinity;
  for (const v of m.data) min = Math.min(min, v);
  const useDb = scale === 'db' || (scale === 'auto' && min >= 0);
  const values = useDb ? amplitudeToDb(m.data, { ref: 'max', topDb: 80 }) : m.data;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi > lo ? hi - lo : 1;
  return Uint8Array.from(values, (v) => Math.round((255 * (v - lo)) / span));
}

/** The matrix as an RGBA raster: one frame per column block, bin 0 at the bottom. */
export function featureImage(m: FeatureMatrix, options: Partial<PictureOptions> = {}): RgbaImage {
  const o = { ...PICTURE_DEFAULTS, ...options };
  const [frames, bins] = checkMatrix(m);
  const lut = colorTable(o.colorMap);
  const idx = levels(m, o.scale);
  const sx = Math.max(1, Math.ceil(o.minWidth / frames));
  const sy = Math.max(1, Math.ceil(o.minHeight / bins));
  const width = frames * sx;
  const height = bins * sy;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const bin = bins - 1 - Math.floor(y / sy);
    for (let x = 0; x < width; x++) {
      const l = idx[Math.floor(x / sx) * bins + bin];
      const p = (y * width + x) * 4;
      data[p] = lut[l * 3];
      data[p + 1] = lut[l * 3 + 1];
      data[p + 2] = lut[l * 3 + 2];
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}

/** PNG file bytes of a feature picture. */
export function featurePng(m: FeatureMatrix, options: Partial<PictureOptions> = {}): Uint8Array {
  return encodePng(featureImage(m, options));
}

export interface SvgLabels {
  /** Title above the picture. Default none. */
  title?: string;
  /** Seconds per frame, to label the time axis in seconds; frames otherwise. */
  secondsPerFrame?: number;
  /** Name of the vertical axis. Default 'bin'. */
  binLabel?: string;
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/** An SVG document: the PNG raster embedded, with a title and labelled axes. */
export function featureSvg(m: FeatureMatrix, options: Partial<PictureOptions> = {}, labels: SvgLabels = {}): string {
  const [frames, bins] = checkMatrix(m);
  const img = featureImage(m, options);
  const png = toBase64(encodePng(img));
  const left = 60;
  const top = labels.title ? 30 : 10;
  const bottom = 45;
  const width = img.width + left + 20;
  const height = img.height + top + bottom;
  const ticks: string[] = [];
  const total = labels.secondsPerFrame ? frames * labels.secondsPerFrame : frames;
  for (let i = 0; i <= 5; i++) {
    const x = Math.round(left + (img.width * i) / 5);
    const value = (total * i) / 5;
    const text = labels.secondsPerFrame ? `${value.toFixed(1)}` : `${Math.round(value)}`;
    ticks.push(`<line x1="${x}" y1="${top + img.height}" x2="${x}" y2="${top + img.height + 5}" stroke="black"/>`);
    ticks.push(`<text x="${x}" y="${top + img.height + 18}" text-anchor="middle">${text}</text>`);
    const y = Math.round(top + img.height - (img.height * i) / 5);
    ticks.push(`<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="black"/>`);
    ticks.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${Math.round((bins * i) / 5)}</text>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    labels.title ? `<text x="${left}" y="18" font-size="13">${escapeXml(labels.title)}</text>` : '',
    `<image x="${left}" y="${top}" width="${img.width}" height="${img.height}" preserveAspectRatio="none" href="data:image/png;base64,${png}"/>`,
    `<rect x="${left}" y="${top}" width="${img.width}" height="${img.height}" fill="none" stroke="black"/>`,
    ...ticks,
    `<text x="${left + img.width / 2}" y="${height - 8}" text-anchor="middle">${labels.secondsPerFrame ? 'time (s)' : 'frame'}</text>`,
    `<text transform="translate(14 ${top + img.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(labels.binLabel ?? 'bin')}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
