import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports (static, dynamic, re-export). */
function imports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    found.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return found;
}

function resolvedLayer(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(ROOT, join(ROOT, file, '..', spec));
}

// DESIGN.md: renderer → shared; main → engine, shared; engine → shared; cli, web → engine, shared.
describe('layer boundaries (DESIGN.md)', () => {
  it('finds the imports it checks (the scanner itself works)', () => {
    expect(imports('electron/engine/engine.ts')).toContain('./store/case-store.js');
    expect(imports('renderer/src/main.ts')).toContain('svelte');
  });

  it('shared/ imports nothing environment-specific, only itself, zod and libphonenumber-js (pure data and functions)', () => {
    for (const file of files('shared')) {
      for (const spec of imports(file)) {
        const target = resolvedLayer(file, spec);
        expect(spec.startsWith('.') ? target.startsWith('shared/') : spec === 'zod' || spec.startsWith('libphonenumber-js'), `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('the engine never imports Electron, the renderer or the front ends', () => {
    for (const file of files('electron/engine')) {
      for (const spec of imports(file)) {
        const target = resolvedLayer(file, spec);
        expect(spec === 'electron' || spec.startsWith('electron/'), `${file} imports ${spec}`).toBe(false);
        expect(/^(renderer|electron\/(main|preload|web|cli))\//.test(target), `${file} imports ${spec}`).toBe(false);
      }
    }
  });

  it('the renderer only knows shared/ and its own files: no Node, no Electron', () => {
    for (const file of files('renderer/src')) {
      for (const spec of imports(file)) {
        const target = resolvedLayer(file, spec);
        if (spec.startsWith('.')) expect(target.startsWith('renderer/') || target.startsWith('shared/'), `${file} imports ${spec}`).toBe(true);
        else expect(['svelte', 'zod'].includes(spec.split('/')[0] as string), `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('nothing outside the renderer imports it, and nothing imports Electron main', () => {
    for (const dir of ['shared', 'electron']) {
      for (const file of files(dir)) {
        for (const spec of imports(file)) {
          const target = resolvedLayer(file, spec);
          expect(target.startsWith('renderer/'), `${file} imports ${spec}`).toBe(false);
          if (!file.startsWith('electron/main/')) expect(target.startsWith('electron/main/'), `${file} imports ${spec}`).toBe(false);
        }
      }
    }
  });

  it('only Electron main and preload import electron at runtime', () => {
    for (const file of files('electron')) {
      if (/^electron\/(main|preload)\//.test(file)) continue;
      const source = readFileSync(join(ROOT, file), 'utf8');
      expect(/from\s+['"]electron['"]/.test(source) && !/import\s+type[^;]+from\s+['"]electron['"]/.test(source), file).toBe(false);
    }
  });
});
