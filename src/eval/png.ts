/**
 * SVG to PNG through the optional dependency `@resvg/resvg-js` (a registry package with prebuilt
 * binaries per platform). When it is missing, `svgToPng` throws a GenreKitError saying how to
 * install it; SVG output never needs it.
 */
import { GenreKitError } from '../errors.js';

interface ResvgModule {
  Resvg: new (svg: string, options: Record<string, unknown>) => { render(): { asPng(): Uint8Array } };
}

export interface PngOptions {
  /** Output pixels per SVG unit. Default 2 (sharp on high-density screens). */
  scale: number;
}

export const pngDefaults: Readonly<PngOptions> = Object.freeze({ scale: 2 });

/** The renderer module's name; a variable so that builds without it still type-check. */
const RESVG = '@resvg/resvg-js';

/** Renders SVG text to PNG bytes. Throws GenreKitError (code PNG_UNAVAILABLE) when the renderer is not installed. */
export async function svgToPng(svg: string, options: Partial<PngOptions> = {}): Promise<Uint8Array> {
  const { scale } = { ...pngDefaults, ...options };
  let mod: ResvgModule;
  try {
    mod = (await import(RESVG)) as ResvgModule;
  } catch (err) {
    throw new GenreKitError(
      `PNG output needs the optional package ${RESVG}, which is not installed or has no binary for this platform (${(err as Error).message}); install it with 'npm install ${RESVG}', or use the SVG files`,
      'PNG_UNAVAILABLE',
      { cause: err },
    );
  }
  const resvg = new mod.Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' });
  return resvg.render().asPng();
}
