import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase } from '../../shared/model/case.js';
import { freePort, launchChromium, startWebHost, type WebHostType } from './helpers.js';

describe('nothing the technician typed is lost', () => {
  let browser: Browser;
  let dataDir: string;
  const hosts: WebHostType[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    dataDir = await mkdtemp(join(tmpdir(), 'sft-recovery-'));
  });

  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sets a corrupt case aside, says so, and still opens the others', async () => {
    const good = newCase('good-case-0001', new Date('2026-11-27T09:00:00Z'));
    good.title = 'Bäckerei Groß, Filiale Süd';
    await mkdir(join(dataDir, 'cases', good.id), { recursive: true });
    await writeFile(join(dataDir, 'cases', good.id, 'case.json'), JSON.stringify(good));
    await mkdir(join(dataDir, 'cases', 'broken-case-0001'), { recursive: true });
    await writeFile(join(dataDir, 'cases', 'broken-case-0001', 'case.json'), '{"schemaVersion":1,"id":"broken-ca');

    const host = await startWebHost({ dataDir, keepData: true });
    hosts.push(host);
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.getByRole('alert').filter({ hasText: 'beschädigt' }).waitFor();
    await page.getByText('broken-case-0001').first().waitFor();
    await page.getByRole('link', { name: /Bäckerei Groß, Filiale Süd/ }).waitFor();
    expect(await readdir(join(dataDir, 'corrupt'))).toHaveLength(1);
    await page.close();
    await host.stop();
  });

  it('keeps input typed while the engine is gone and saves it once the host is back', async () => {
    const port = await freePort();
    const first = await startWebHost({ dataDir, port, keepData: true });
    hosts.push(first);
    const page = await browser.newPage();
    await page.goto(first.url);
    await page.getByRole('button', { name: 'Neuer Fall' }).first().click();
    const title = page.getByLabel('Bezeichnung (Kunde, Standort)');
    await title.fill('Autohaus Kühn');
    await page.getByText('Gespeichert', { exact: true }).waitFor();
    const caseUrl = page.url();

    await first.stop(); // the engine dies; the page stays open
    await title.fill('Autohaus Kühn, Werkstatt – während des Ausfalls getippt');
    await page.getByText('Nicht gespeichert – wird erneut versucht').waitFor();

    const second = await startWebHost({ dataDir, port, keepData: true });
    hosts.push(second);
    // A restarted host has a new token: open it anew, as the technician would, on the same case.
    await page.goto(`${second.url}${new URL(caseUrl).hash}`);
    await page.getByText('Gespeichert', { exact: true }).waitFor();
    expect(await page.getByLabel('Bezeichnung (Kunde, Standort)').inputValue()).toBe('Autohaus Kühn, Werkstatt – während des Ausfalls getippt');

    // …and it reached the disk: a fresh browser profile (no local copy) sees it too.
    const fresh = await browser.newPage();
    await fresh.goto(second.url);
    await fresh.getByRole('link', { name: /während des Ausfalls getippt/ }).waitFor();
    await fresh.close();
    await page.close();
  });
});
