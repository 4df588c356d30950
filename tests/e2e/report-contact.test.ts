import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, answer, expectNoHorizontalScrollAtZoom, launchChromium, newPhonesCase, startWebHost, type WebHostType } from './helpers.js';

/**
 * Issue 9 §2 and §4 through Chromium: the settings view (default recipients per contact, data
 * folder, reflector), a "not for the hotline" verdict whose main action names its contact, the
 * report addressed to that contact (screenshot for the README), and the hotline's form against the
 * verdict only after a confirmation that the case records and the PDF prints.
 */

const SHOTS = join(ROOT, 'docs', 'screenshots');

async function savedPath(page: Page, previous = ''): Promise<string> {
  const saved = page.locator('.saved code');
  await expect.poll(async () => ((await saved.count()) > 0 ? ((await saved.textContent())?.trim() ?? '') : ''), { timeout: 60_000 }).not.toBe(previous);
  return (await saved.textContent())?.trim() ?? '';
}

const pdfText = (path: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('reports for every verdict’s contact, and the settings', () => {
  let host: WebHostType;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    host = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('settings: the data folder shown, a bad reflector and a bad recipient refused in words, good ones kept across a reload', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Noch keine Fälle' }).waitFor();
    await page.getByRole('link', { name: 'Einstellungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
    await expect.poll(() => page.getByLabel('Datenordner').inputValue(), { timeout: 20_000 }).toBe(host.dataDir);

    await page.getByLabel('Reflektor des Partners (STUN/SIP-Echo)').fill('reflektor.partner.example');
    await page.getByLabel('IT bzw. Firewall-Betreuer des Standorts').fill('it@praxis.example; Firewall-Team');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('„Firewall-Team“ ist keine gültige Adresse').waitFor();
    await page.getByLabel('IT bzw. Firewall-Betreuer des Standorts').fill('it@praxis.example; fw@praxis.example');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Bitte als HOST:PORT angeben').waitFor();
    await page.getByLabel('Reflektor des Partners (STUN/SIP-Echo)').fill('reflektor.partner.example:3478');
    await page.getByLabel('Provider der Leitung').fill('stoerung@provider.example');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Einstellungen gespeichert.').waitFor();

    const stored = JSON.parse(await readFile(join(host.dataDir, 'settings.json'), 'utf8'));
    expect(stored).toMatchObject({ stunServer: 'reflektor.partner.example:3478', recipients: { 'local-it': 'it@praxis.example; fw@praxis.example', provider: 'stoerung@provider.example', hotline: '' } });
    await page.reload();
    await expect.poll(() => page.getByLabel('Reflektor des Partners (STUN/SIP-Echo)').inputValue(), { timeout: 20_000 }).toBe('reflektor.partner.example:3478');
    expect(await page.getByLabel('Provider der Leitung').inputValue()).toBe('stoerung@provider.example');
    await expectNoHorizontalScrollAtZoom(page);
  });

  it('a NAT verdict: "Hinweis an die IT des Standorts", the report worded for them, then the hotline form only when confirmed', async () => {
    await page.getByRole('link', { name: 'Zurück zu den Fällen' }).click();
    await newPhonesCase(page, 'Praxis Berg, Filiale Nord');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await answer(page, /UNREACHABLE/, 'Ja');
    await answer(page, /NAT-Timeout/, 'Nein');
    await page.getByRole('link', { name: 'Zum Ergebnis' }).click();
    await page.getByRole('heading', { level: 1, name: /NAT-Problem/ }).waitFor();
    // The main action names the contact; no "Störungsmeldung" for a case the hotline does not take.
    const action = page.getByTestId('verdict-report');
    expect((await action.textContent())?.trim()).toBe('Hinweis an die IT des Standorts');
    await action.click();

    await page.getByRole('heading', { level: 1, name: 'Hinweis an die IT des Standorts: Netzwerk und Firewall' }).waitFor();
    await page.getByLabel('Firma').fill('Berg IT GmbH');
    await page.getByLabel('Vorname').fill('Nora');
    await page.getByLabel('Nachname').fill('Nat');
    // An internationalised domain is kept as typed (an <input type="email"> would hand back "xn--…") and accepted.
    const email = page.getByLabel('E-Mail-Adresse', { exact: true });
    await email.fill('nora@müller-technik.de');
    await email.blur();
    expect(await email.inputValue()).toBe('nora@müller-technik.de');
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    await email.fill('nora@berg.example');
    await page.getByLabel('Telefon').fill('0721-1234567 (Zentrale)');
    await page.getByTestId('phone-printed').getByText('In der Meldung: +49 721 1234567 (Zentrale)').waitFor();
    // Also valid as an Austrian number (+43 7211 234567): the form says how to mean that one.
    await page.getByTestId('phone-also').getByText('Gelesen als Nummer in Deutschland. Gemeint Österreich? Dann mit Ländervorwahl eingeben (+49, +43, +41).').waitFor();
    await page.getByLabel('Name der Cloud').fill('praxisberg');
    await page.getByText('Es fehlt die Domain').first().waitFor({ state: 'attached' });
    await page.getByLabel('Name der Cloud').fill('praxisberg.starface-cloud.com');
    await page.getByLabel('Beschreibung der Störung').fill('Die Telefone sind stündlich für einige Minuten nicht erreichbar; danach melden sie sich wieder an.');
    await page.getByText('Alle Pflichtangaben sind ausgefüllt.').waitFor();
    // The default recipient for the site's IT comes from the settings.
    await page.getByText('Vorgabe aus den Einstellungen: it@praxis.example; fw@praxis.example').waitFor();
    const preview = page.getByRole('region', { name: 'Vorschau' });
    await preview.getByText('An: IT bzw. Firewall-Betreuer des Standorts').waitFor();
    await preview.getByText('Sehr geehrte Damen und Herren,').waitFor();
    expect(await preview.textContent()).not.toContain('Ansprechpartner:');
    await expectNoHorizontalScrollAtZoom(page);
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: join(SHOTS, 'report-not-hotline.png'), fullPage: true });

    await page.getByRole('button', { name: 'PDF speichern' }).click();
    const itPdf = await savedPath(page);
    expect(itPdf).toMatch(/Hinweis-IT-praxisberg\.starface-cloud\.com-Praxis-Berg-Filiale-Nord-Telefone-sind-nicht-mehr-angemeldet-und-[\d-]+\.pdf$/);
    const itText = pdfText(itPdf);
    for (const s of ['Hinweis an die IT des Standorts', 'mindestens 61 Minuten', 'Praxis Berg, Filiale Nord', '+49 721 1234567 (Zentrale)', 'Ergebnis der Prüfung']) expect(itText).toContain(s);
    expect(itText).not.toContain('Störungshotline (rund um die Uhr)');

    await page.getByRole('button', { name: 'E-Mail-Entwurf' }).click();
    const eml = readFileSync(await savedPath(page, itPdf), 'utf8');
    expect(eml).toMatch(/^To: it@praxis\.example, fw@praxis\.example\r$/m);

    // The hotline's form against the verdict: one explicit confirmation, recorded with who and when.
    await page.getByLabel('Stattdessen eine Störungsmeldung an die Störungshotline erstellen (gegen das Prüfergebnis)').check();
    await page.getByRole('heading', { level: 1, name: 'Störungsmeldung' }).waitFor();
    await page.getByTestId('confirmed-at').getByText(/Bestätigt am .* UTC([+-]\d+)? von Nora Nat\./).waitFor();
    await page.getByTestId('preview-against').waitFor();
    await page.getByRole('button', { name: 'PDF speichern' }).click();
    const hotlinePdf = await savedPath(page, itPdf.replace(/\.pdf$/, '.eml'));
    expect(hotlinePdf).toMatch(/\/Stoerungsmeldung-praxisberg\.starface-cloud\.com-/);
    const hotlineText = pdfText(hotlinePdf);
    expect(hotlineText).toMatch(/Bestätigt am \d\d\.\d\d\.\d{4}, \d\d:\d\d UTC[+-]?\d* von Nora Nat\./);
    expect(hotlineText).toContain('Störungshotline (rund um die Uhr)');
    expect(execFileSync('pdfinfo', ['-enc', 'UTF-8', hotlinePdf], { encoding: 'utf8' })).toContain('Störungsmeldung (GEGEN PRÜFERGEBNIS)');

    const caseId = /#\/case\/([a-z0-9-]+)\//.exec(page.url())?.[1] ?? '';
    // Saved as the technician types (debounced): give a loaded machine time.
    await expect
      .poll(async () => JSON.parse(await readFile(join(host.dataDir, 'cases', caseId, 'case.json'), 'utf8')).notHotlineConfirmedBy, { timeout: 20_000 })
      .toBe('Nora Nat');
  });

  it('a hotline verdict: the action says so, and the status page is linked next to "check the status page first"', async () => {
    await page.locator('nav.tabs').getByRole('link', { name: 'Fälle' }).click();
    await newPhonesCase(page, 'Müller, Zentrale');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await answer(page, /UNREACHABLE/, 'Nein');
    await answer(page, /Netzwerk- und Firewalleinstellungen/, 'Ja');
    await page.getByRole('link', { name: 'Zum Ergebnis' }).click();
    await page.getByRole('heading', { level: 1, name: /STARFACE-Störung: Cloud/ }).waitFor();
    expect((await page.getByTestId('verdict-report').textContent())?.trim()).toBe('Störungsmeldung an die Hotline');
    const step = page.locator('li', { hasText: 'Vorher auf der Statusseite prüfen' });
    expect(await step.getByTestId('status-link').getAttribute('href')).toBe('https://support.starface.de/status/');
  });
});
