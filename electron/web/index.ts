/**
 * `npm run web`: the engine plus the browser host, for machines where Electron is not available.
 * Prints one line with the address (token included) and stops cleanly on Ctrl+C / SIGTERM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createEngine } from '../engine/engine.js';
import type { EngineType } from '../engine/engine-type.js';
import { defaultDataDir } from '../engine/store/data-dir.js';
import { DownloadTickets } from './download-tickets.js';
import { openWithSystem } from './open-file.js';
import { downloadPath, startWebHost, type WebHostType } from './server.js';

const PORT_ENV = 'STARFACE_TRIAGE_PORT';
/**
 * A fixed default port keeps the page's origin stable across restarts, so what the browser keeps
 * per origin (the unsaved-input copy, the language) survives a restart of the host. Taken → random.
 */
const DEFAULT_PORT = 47615;

function fail(de: string, en: string): never {
  process.stderr.write(`${de} / ${en}\n`);
  process.exit(2);
}

function readAppVersion(): string {
  // out/electron/web/index.js → package.json at the repository (or app) root.
  const raw: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  return z.object({ version: z.string() }).parse(raw).version;
}

function portFromEnv(): number | null {
  const raw = process.env[PORT_ENV];
  if (raw === undefined || raw === '') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`${PORT_ENV}="${raw}" ist kein gültiger Port (0–65535)`, `${PORT_ENV}="${raw}" is not a valid port (0–65535)`);
  }
  return port;
}

async function main(): Promise<void> {
  const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));
  if (!existsSync(`${rendererDir}index.html`)) {
    fail('Die Oberfläche ist nicht gebaut – bitte zuerst: npm run build', 'The UI is not built – run: npm run build');
  }
  const port = portFromEnv();
  // The engine mints download links; the host checks their tickets.
  const tickets = new DownloadTickets();
  let engine: EngineType | null = null;
  let host: WebHostType | null = null;
  try {
    const created: EngineType = await createEngine({
      dataDir: defaultDataDir(),
      host: 'web',
      appVersion: readAppVersion(),
      openFile: (path: string) => openWithSystem(path),
      downloadUrl: (caseId, fileName) => tickets.mint(downloadPath(caseId, fileName)),
    });
    engine = created;
    if (port !== null) {
      host = await startWebHost({ engine: created, rendererDir, port, tickets });
    } else {
      host = await startWebHost({ engine: created, rendererDir, port: DEFAULT_PORT, tickets }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        return startWebHost({ engine: created, rendererDir, port: 0, tickets });
      });
    }
  } catch (error) {
    await engine?.close().catch(() => {});
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    fail(`Browser-Version konnte nicht starten: ${detail}`, `The browser host could not start: ${detail}`);
  }

  process.stdout.write(
    `STARFACE Triage: im Browser öffnen / open in your browser: ${host.url}  (Strg+C beendet / Ctrl+C stops)\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130); // a second Ctrl+C does not wait any longer
    stopping = true;
    void Promise.allSettled([host?.close(), engine?.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  fail(`Unerwarteter Fehler: ${detail}`, `Unexpected error: ${detail}`);
});
