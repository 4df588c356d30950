import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestNat } from '../integration/peers/nat.js';
import { waitFor, type PeerType } from '../integration/peers/processes.js';
import { answer, launchChromium, newPhonesCase, ROOT, startWebHost, type WebHostType } from './helpers.js';

const BIN = join(ROOT, 'bin', 'starface-triage.js');

/**
 * The technician's laptop behind a real NAT (namespaces, masquerade, conntrack stream timeout 12 s),
 * our reflector on the other side: the app and its browser both run in the laptop's namespace.
 */
describe('NAT timeout from the Diagnose view, through a real NAT', () => {
  let nat: TestNat;
  let reflector: PeerType;
  let web: WebHostType;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    nat = TestNat.create({ udpTimeout: 5, udpStreamTimeout: 12 });
    reflector = nat.reflector(BIN);
    await waitFor('reflector', async () => reflector.output().includes('"listening"'), reflector);
    web = await startWebHost({ netns: nat.client });
    browser = await launchChromium({ netns: nat.client });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await reflector?.stop();
    nat?.remove();
  });

  it('measures, charts and judges the NAT timeout, answers the 61-minute step by "Messen", and prints the result', async () => {
    await page.goto(web.url);
    await newPhonesCase(page, 'Praxis Dr. Nat');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await answer(page, /UNREACHABLE/, 'Ja');
    await page.getByRole('heading', { level: 2, name: /NAT-Timeout/ }).waitFor();

    await page.locator('nav.tabs').getByRole('link', { name: 'Diagnose' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'NAT-Verhalten und NAT-Timeout' }) });
    await card.getByLabel(/STUN-Server mit RFC 5780/).fill(`${nat.serverAddress}:3478`);
    await card.getByLabel(/Höchstens messen bis/).fill('60');
    await card.getByTestId('nat-contacted').filter({ hasText: `${nat.serverAddress}:3478 (UDP, STUN) · SIP-ALG prüfen: ${nat.serverAddress}:5060` }).waitFor();
    await card.getByRole('button', { name: 'Messung starten' }).click();
    await card.getByRole('img', { name: /Sonden: Leerlaufzeit/ }).waitFor();
    await card.getByTestId('nat-verdict').filter({ hasText: /Kürzer als die 61 Minuten/ }).waitFor({ timeout: 60_000 });
    await card.getByText('Abgeschlossen').waitFor();
    await card.getByRole('button', { name: 'NAT-Typ bestimmen' }).click();
    await card.getByTestId('nat-type').filter({ hasText: 'Zuordnung (Mapping): unabhängig vom Ziel' }).waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'SIP-ALG prüfen' }).click();
    await card.getByTestId('nat-alg').filter({ hasText: 'SIP über UDP: unverändert angekommen – kein SIP-ALG auf dem Weg.' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'nat-timeout.png'), fullPage: true });

    // "Messen" on the 61-minute step measures again with the same server and proposes "Nein".
    await page.locator('nav.tabs').getByRole('link', { name: 'Prüfung', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /NAT-Timeout/ }).waitFor();
    await page.getByRole('button', { name: 'Messen' }).click();
    await page.getByText('Vorschlag aus der Messung: Nein').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Vorschlag übernehmen' }).click();
    await page.getByText(/NAT-Timeout/).first().waitFor();

    // The report carries the measurement.
    await page.locator('nav.tabs').getByRole('link', { name: 'Störungsmeldung' }).click();
    await page.getByLabel('Firma').fill('Praxis Dr. Nat');
    await page.getByLabel('Vorname').fill('Nora');
    await page.getByLabel('Nachname').fill('Nat');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('nora@praxis.example');
    await page.getByLabel('Telefon').fill('0721 50959-777');
    await page.getByLabel('Name der Cloud').fill('praxis.starface-cloud.com');
    await page.getByLabel('Beschreibung der Störung').fill('Telefone sind stündlich nicht erreichbar.');
    await page.getByText('Alle Pflichtangaben sind ausgefüllt.').waitFor();
    const confirm = page.locator('#confirm-not-hotline');
    if (await confirm.count()) await confirm.check();
    await page.getByRole('button', { name: 'PDF speichern' }).click();
    const saved = page.locator('.saved code');
    await saved.waitFor();
    const pdf = (await saved.textContent())?.trim() ?? '';
    // The PDF was written inside the client namespace's view of the same file system.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const expected of ['Messungen vor Ort', `NAT-Timeout: ${nat.serverAddress}:3478`, 'Kürzer als die 61 Minuten', 'NAT-Verhalten', `SIP-ALG-Prüfung: ${nat.serverAddress}:5060`, 'kein SIP-ALG auf dem Weg']) expect(text).toContain(expected);
  });
});
