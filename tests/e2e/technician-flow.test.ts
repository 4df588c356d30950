import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, expectNoHorizontalScrollAtZoom, launchChromium, startWebHost, type WebHostType } from './helpers.js';

const SHOTS = join(ROOT, 'docs', 'screenshots');

function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function answer(page: Page, question: RegExp, value: 'Ja' | 'Nein', note?: string) {
  const heading = page.getByRole('heading', { level: 2, name: question });
  await heading.waitFor();
  if (note) await page.getByLabel('Notiz (optional)').fill(note);
  await page.locator('.answers').getByRole('button', { name: value, exact: true }).click();
}

/** No horizontal scrolling: what UX.md asks at 1280×800 and at 200 % zoom. */
async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('a technician on site, in the browser host', () => {
  let host: WebHostType;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    host = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('serves the public page, but not to a foreign Origin, and checks the token only where it protects', async () => {
    expect(await status(`${host.origin}/`)).toBe(200);
    expect(await status(`${host.origin}/session`)).toBe(403);
    expect(await status(host.url.replace('/?', '/session?'))).toBe(204);
    expect(await status(host.url, { Origin: 'http://evil.example' })).toBe(403);
  });

  it('triages "Cloud – phones no longer registered" to a hotline verdict, reports it as PDF, and keeps the draft across language switch and reload', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Noch keine Fälle' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'cases-empty.png') });

    // The hotline is one click away, by keyboard too, and Escape closes it again.
    await page.getByText('Hotline & Status').click();
    expect(await page.getByRole('link', { name: '+49 721 50959 580' }).getAttribute('href')).toBe('tel:+4972150959580');
    expect(await page.getByRole('link', { name: /Statusseite/ }).getAttribute('href')).toBe('https://support.starface.de/status/');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: '+49 721 50959 580' }).waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Neuer Fall' }).first().click();
    await page.getByLabel('Bezeichnung (Kunde, Standort)').fill('Müller Straßenbau, Zentrale');
    await page.getByRole('radio', { name: 'STARFACE-Partner' }).check();
    await page.getByRole('radio', { name: /STARFACE Cloud/ }).check();
    // Choosing the symptom folds the intake into one line, so click (check() would look for the radio after).
    await page.getByRole('radio', { name: 'Telefone sind nicht mehr angemeldet und nicht erreichbar' }).click();
    await page.getByRole('button', { name: 'Dienst oder Fehlerbild ändern' }).waitFor();

    await answer(page, /Konfigurationsänderung/, 'Nein');
    await answer(page, /UNREACHABLE/, 'Nein', 'PBX-Log der letzten 24 h durchsucht: keine Einträge für 2456.WinClient');
    await page.getByRole('heading', { level: 2, name: /Netzwerk- und Firewalleinstellungen/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(1, 790);
    await page.screenshot({ path: join(SHOTS, 'triage.png'), fullPage: true });
    await expectNoHorizontalScrollAtZoom(page);
    await answer(page, /Netzwerk- und Firewalleinstellungen/, 'Ja', 'Ports freigegeben');

    await page.getByText('STARFACE-Störung: Cloud – bitte an die Störungshotline melden').first().waitFor();
    await page.getByRole('link', { name: 'Zum Ergebnis' }).click();
    const verdict = page.getByRole('heading', { level: 1, name: /STARFACE-Störung: Cloud/ });
    await verdict.waitFor();
    await page.getByText('Keine UNREACHABLE-/LAGGED-Einträge im PBX-Log.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'verdict.png'), fullPage: true });
    await expectNoHorizontalScroll(page);

    await page.getByRole('link', { name: 'Störungsmeldung an die Hotline' }).click();
    await page.getByLabel('Firma').fill('Müller Straßenbau GmbH');
    await page.getByLabel('Vorname').fill('Jürgen');
    await page.getByLabel('Nachname').fill('Weiß');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('juergen.weiss@mueller-strassenbau.de');
    await page.getByLabel('Telefon').fill('0721 50959-123');
    // Prefilled from the triage: partner, Cloud.
    expect(await page.getByLabel('Gestörter Dienst').inputValue()).toBe('cloud');
    await page.getByLabel('Name der Cloud').fill('https://maxmuster.starface-cloud.com/');
    await page.getByLabel('Beschreibung der Störung').fill('Seit heute 8 Uhr sind alle Telefone am Standort Karlsruhe abgemeldet; Neustart ohne Änderung.');
    await page.getByText('Alle Pflichtangaben sind ausgefüllt.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });

    await page.getByRole('button', { name: 'PDF speichern' }).click();
    const saved = page.locator('.saved code');
    await saved.waitFor();
    const pdfPath = (await saved.textContent())?.trim() ?? '';
    expect(pdfPath.startsWith(host.dataDir)).toBe(true);
    expect(existsSync(pdfPath)).toBe(true);
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const expected of ['Müller Straßenbau GmbH', 'Jürgen Weiß', 'juergen.weiss@mueller-strassenbau.de', 'maxmuster.starface-cloud.com', 'STARFACE-Störung: Cloud', 'Ports freigegeben']) {
      expect(text).toContain(expected);
    }

    // The download link serves the same file through the host.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Herunterladen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Stoerungsmeldung-.*\.pdf$/);

    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Fault report' }).waitFor();
    await page.getByRole('button', { name: 'Save PDF' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Fault report' }).waitFor();
    expect(await page.getByLabel('Company').inputValue()).toBe('Müller Straßenbau GmbH');
    expect(await page.getByLabel('Description of the fault').inputValue()).toContain('Standort Karlsruhe');
    expect(await page.getByLabel('Phone').inputValue()).toBe('0721 50959-123');

    await expectNoHorizontalScrollAtZoom(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'report-dark-en.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    await page.locator('nav.tabs').getByRole('link', { name: 'Cases' }).click();
    await page.getByText('Müller Straßenbau, Zentrale').waitFor();
    await page.screenshot({ path: join(SHOTS, 'cases.png') });
    await expectNoHorizontalScrollAtZoom(page);
  });
});
