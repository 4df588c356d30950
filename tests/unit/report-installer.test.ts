import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

describe('installer contents (electron-builder.yml)', () => {
  it('leaves out pdfmake’s browser build, which the engine does not load', () => {
    const files = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(files).toMatch(/^\s*- "!node_modules\/pdfmake\/build\/\*\*"$/m);
    // What the engine does load stays: pdfmake's Node entry and the Roboto files (pdf.ts).
    const entry = require.resolve('pdfmake');
    expect(entry).toMatch(/pdfmake[/\\]js[/\\]index\.js$/);
    expect(existsSync(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'))).toBe(true);
    expect(files).not.toMatch(/!node_modules\/pdfmake\/(js|fonts)/);
  });
});
