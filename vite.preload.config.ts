/**
 * The preload build. A sandboxed preload cannot `require` our own files, only `electron`, so it
 * must be one self-contained CommonJS file: out/preload/index.cjs (loaded by electron/main/index.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'out/preload',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140.
    target: 'chrome140',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('./electron/preload/index.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rolldownOptions: {
      // Provided by Electron inside the sandbox; everything else is bundled.
      external: ['electron'],
    },
  },
});
