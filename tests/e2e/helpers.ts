import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebHostType {
  url: string;
  origin: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real browser host (the built `npm run web` entry), by default on a random port with a
 * new data folder; `stop()` removes the folder unless `keepData`.
 */
export async function startWebHost(options: { dataDir?: string; port?: number; keepData?: boolean; netns?: string } = {}): Promise<WebHostType> {
  const entry = join(ROOT, 'out/electron/web/index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sft-e2e-')));
  // In a network namespace the host sees the network a laptop behind the test NAT would see.
  const [command, args] = options.netns ? ['ip', ['netns', 'exec', options.netns, process.execPath, entry]] : [process.execPath, [entry]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, STARFACE_TRIAGE_DATA_DIR: dataDir, STARFACE_TRIAGE_PORT: String(options.port ?? 0), LANG: 'de_DE.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not print its URL: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited (${code}): ${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port that was free a moment ago (for a host that must come back on the same origin). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function launchChromium(options: { netns?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  let executablePath = CHROMIUM;
  if (options.netns) {
    // Playwright talks to Chromium over pipes, so it can run in the host's namespace (same loopback).
    const dir = await mkdtemp(join(tmpdir(), 'sft-chromium-'));
    executablePath = join(dir, 'chromium');
    await writeFile(executablePath, `#!/bin/sh\nexec ip netns exec ${options.netns} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Fills the report's required fields (German UI), saves the PDF and returns its text, whitespace folded. */
export async function exportReportText(page: Page, f: { company: string; first: string; last: string; email: string; phone: string; cloud: string; description: string }): Promise<string> {
  await page.locator('nav.tabs').getByRole('link', { name: 'Störungsmeldung' }).click();
  await page.getByLabel('Firma').fill(f.company);
  await page.getByLabel('Vorname').fill(f.first);
  await page.getByLabel('Nachname').fill(f.last);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(f.email);
  await page.getByLabel('Telefon').fill(f.phone);
  await page.getByLabel('Name der Cloud').fill(f.cloud);
  await page.getByLabel('Beschreibung der Störung').fill(f.description);
  await page.getByText('Alle Pflichtangaben sind ausgefüllt.').waitFor();
  await page.getByRole('button', { name: 'PDF speichern' }).click();
  const saved = page.locator('.saved code');
  await saved.waitFor();
  const pdf = (await saved.textContent())?.trim() ?? '';
  const { execFileSync } = await import('node:child_process');
  return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** Answers the triage step whose heading matches `question` (German UI). */
export async function answer(page: Page, question: RegExp, value: 'Ja' | 'Nein'): Promise<void> {
  await page.getByRole('heading', { level: 2, name: question }).waitFor();
  await page.locator('.answers').getByRole('button', { name: value, exact: true }).click();
}

/** A new case from the case list: partner, Cloud, "phones no longer registered", titled `title`. */
export async function newPhonesCase(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Neuer Fall' }).first().click();
  await page.getByLabel('Bezeichnung (Kunde, Standort)').fill(title);
  await page.getByRole('radio', { name: 'STARFACE-Partner' }).check();
  await page.getByRole('radio', { name: /STARFACE Cloud/ }).check();
  await page.getByRole('radio', { name: 'Telefone sind nicht mehr angemeldet und nicht erreichbar' }).click();
}

/**
 * Presses Tab until the focused element matches `selector` (at most `limit` times) and fails with
 * what had focus instead. Focus never resting on <body> in between is part of the check.
 */
export async function tabTo(page: Page, selector: string, options: { backward?: boolean; limit?: number } = {}): Promise<void> {
  const limit = options.limit ?? 80;
  await page.evaluate((sel) => ((window as unknown as { step: string }).step = `after reaching ${sel}`), selector);
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(options.backward ? 'Shift+Tab' : 'Tab');
    const state = await page.evaluate((sel) => {
      const el = document.activeElement;
      return { matches: Boolean(el?.matches(sel)), body: el === document.body || el === null, what: el ? `${el.tagName.toLowerCase()}#${el.id}.${el.className}` : 'none' };
    }, selector);
    if (state.body) throw new Error(`Tab put focus on <body> while looking for ${selector}`);
    if (state.matches) return;
  }
  throw new Error(`no focusable ${selector} within ${limit} Tab presses`);
}

/** Counts, from now on, every moment focus rests on <body> (polled every 10 ms in the page). */
export async function watchBodyFocus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { bodyFocus: string[]; step?: string };
    w.bodyFocus = [];
    setInterval(() => {
      const where = `${location.hash} ${w.step ?? ''}`;
      // One entry per place and step, not one per poll.
      if ((document.activeElement === document.body || document.activeElement === null) && w.bodyFocus.at(-1) !== where) w.bodyFocus.push(where);
    }, 10);
  });
  return () => page.evaluate(() => (window as unknown as { bodyFocus: string[] }).bodyFocus);
}

/** 200 % zoom on a 1280×800 screen is a 640×400 CSS viewport: nothing may scroll sideways there (UX.md). */
export async function expectNoHorizontalScrollAtZoom(page: Page): Promise<void> {
  await page.setViewportSize({ width: 640, height: 400 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * A web host, Chromium and one 1280×800 page for a describe block, with a scratch folder; set up
 * in beforeAll and taken down in afterAll. The fields are filled once beforeAll ran.
 */
export function useBrowserPage(prefix: string): { web: WebHostType; browser: Browser; page: Page; dir: string } {
  const s = {} as { web: WebHostType; browser: Browser; page: Page; dir: string };
  beforeAll(async () => {
    s.dir = await mkdtemp(join(tmpdir(), prefix));
    s.web = await startWebHost();
    s.browser = await launchChromium();
    s.page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.web?.stop();
    if (s.dir) await rm(s.dir, { recursive: true, force: true });
  });
  return s;
}
