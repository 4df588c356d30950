import { createRequire } from 'node:module';
import type { PdfDocDefinitionType } from './pdf-layout.js';

/**
 * Characters the embedded font cannot draw (CJK, emoji, …) would print as empty boxes, which a
 * reader takes for nothing at all. They are replaced visibly by their code point, `[U+4F60]`, and
 * the report says so; the original text travels unchanged in the attached case JSON.
 */

interface FontType {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const require = createRequire(import.meta.url);
let font: FontType | null = null;

function roboto(): FontType {
  font ??= (require('fontkit') as { openSync(path: string): FontType }).openSync(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
  return font;
}

/** Invisible joiners and variation selectors of emoji sequences: dropped, they draw nothing anyway. */
const INVISIBLE = new Set([0x200d, 0xfe0e, 0xfe0f]);

/** The text with every character outside the font replaced; `replaced` counts them. */
export function inFont(text: string): { text: string; replaced: number } {
  const f = roboto();
  let replaced = 0;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80 || ch === '\n' || f.hasGlyphForCodePoint(cp)) out += ch;
    else if (INVISIBLE.has(cp)) continue;
    else {
      out += `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
      replaced += 1;
    }
  }
  return { text: out, replaced };
}

/** Keys whose string values are layout, not text. */
const NOT_TEXT = new Set(['style', 'alignment', 'fillColor', 'color', 'font', 'width', 'widths', 'layout', 'pageSize', 'language']);

/**
 * Applies `inFont` to every text of a doc definition (content, header and footer); returns how many
 * characters were replaced in all. The metadata (`info`) keeps the original: it is not drawn.
 */
export function coverDocument(doc: PdfDocDefinitionType): number {
  let replaced = 0;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const r = inFont(node);
      replaced += r.replaced;
      return r.text;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node === 'function') {
      const fn = node as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => visit(fn(...args));
    }
    if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(obj)) if (!NOT_TEXT.has(key)) obj[key] = visit(value);
      return obj;
    }
    return node;
  };
  const d = doc as unknown as Record<string, unknown>;
  for (const key of ['content', 'header', 'footer'] as const) if (key in d) d[key] = visit(d[key]);
  return replaced;
}
