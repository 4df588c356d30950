import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestHost } from '../integration/peers/netns.js';
import { waitFor, type PeerType } from '../integration/peers/processes.js';
import { answer, exportReportText, launchChromium, newPhonesCase, ROOT, startWebHost, type WebHostType } from './helpers.js';

const SHOTS = join(ROOT, 'docs', 'screenshots');
const RESPONDER = join(ROOT, 'tests', 'integration', 'peers', 'sip-responder.mjs');

describe('Diagnose: a technician measures a PBX from the laptop', () => {
  let target: TestHost;
  const peers: PeerType[] = [];
  let web: WebHostType;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The "PBX": a test host in its own namespace with 443, 5060, 5061 open, 5222 dropped, SIP on 5060/UDP.
    target = TestHost.create();
    target.nft('table inet sft {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 5222 drop\n }\n}\n');
    peers.push(target.listen([443, 5060, 5061]));
    peers.push(target.start(process.execPath, [RESPONDER, '5060', 'ok', target.address]));
    await waitFor('test host', async () => peers.every((p) => p.output().includes('ready')), peers[1]);
    web = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    for (const p of peers) await p.stop();
    target?.remove();
  });

  it('runs the port check and a SIP series, survives a reload while it runs, answers the firewall step with evidence, and prints the figures', async () => {
    await page.goto(web.url);
    await newPhonesCase(page, 'Autohaus Kühn, Werkstatt');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await answer(page, /UNREACHABLE/, 'Nein');
    await page.getByRole('heading', { level: 2, name: /Netzwerk- und Firewalleinstellungen/ }).waitFor();

    // Diagnose: what will be contacted, from where, then the sweep.
    await page.locator('nav.tabs').getByRole('link', { name: 'Diagnose' }).click();
    const ports = page.locator('section', { has: page.getByRole('heading', { name: 'Ports und Dienste der Anlage' }) });
    await ports.getByLabel('Anlage (Cloud-Name oder Adresse)').fill(target.address);
    await ports.getByLabel('TCP-Ports').fill('443,5060,5061,5222');
    await ports.getByLabel('Zeitlimit je Prüfung (ms)').fill('1500');
    await ports.getByTestId('ports-contacted').filter({ hasText: `${target.address} · TCP 443, 5060, 5061, 5222 · UDP 3478` }).waitFor();
    await ports.getByText(`${target.localAddress} (`).waitFor();
    await ports.getByRole('button', { name: 'Messung starten' }).click();
    await ports.getByText('Abgeschlossen').waitFor({ timeout: 30_000 });
    await ports.getByText(/Port 5222\/TCP \(XMPP-Anmeldung der Apps\): keine Antwort/).first().waitFor();
    await ports.getByRole('cell', { name: 'offen' }).first().waitFor();

    // A SIP series; the page reloads while it runs and finds it still running.
    const sip = page.locator('section', { has: page.getByRole('heading', { name: /SIP-Erreichbarkeit/ }) });
    await sip.getByLabel('SIP-Ziel').fill(`sip:${target.address}`);
    await sip.getByLabel('Anzahl').fill('12');
    await sip.getByLabel('Abstand (ms)').fill('500');
    await sip.getByRole('button', { name: 'Messung starten' }).click();
    await sip.locator('[data-job-state="running"]').waitFor();
    await page.reload();
    const sipAfter = page.locator('section', { has: page.getByRole('heading', { name: /SIP-Erreichbarkeit/ }) });
    await sipAfter.locator('[data-job-state="running"]').waitFor();
    await sipAfter.getByText('Abgeschlossen').waitFor({ timeout: 30_000 });
    await sipAfter.getByTestId('sip-summary').filter({ hasText: '12 OK, 0 LAGGED, 0 UNREACHABLE von 12' }).waitFor();
    await sipAfter.getByRole('img', { name: /LAGGED-Grenze/ }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'diagnose.png'), fullPage: true });

    // Back on the firewall step: "Messen" measures again with the same target and proposes the answer.
    await page.locator('nav.tabs').getByRole('link', { name: 'Prüfung', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /Netzwerk- und Firewalleinstellungen/ }).waitFor();
    await page.getByRole('button', { name: 'Messen' }).click();
    await page.getByText('Vorschlag aus der Messung: Ja').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Vorschlag übernehmen' }).click();
    await page.getByText('STARFACE-Störung: Cloud – bitte an die Störungshotline melden').first().waitFor();
    await page.locator('.rail').getByRole('button', { name: /Netzwerk- und Firewalleinstellungen/ }).click();
    await page.getByText(/Messung.*SIP \(5060\/TCP\) und Weboberfläche \(443\/TCP\) sind von hier aus offen/).first().waitFor();

    // The report carries the figures.
    const text = await exportReportText(page, { company: 'Autohaus Kühn GmbH', first: 'Eva', last: 'Kühn', email: 'eva@kuehn.example', phone: '0721 50959-555', cloud: 'kuehn.starface-cloud.com', description: 'Telefone melden sich stündlich ab.' });
    for (const expected of ['Messungen vor Ort', `Ports und Dienste der Anlage: ${target.address}`, '5222/TCP', 'keine Antwort', '12 OK, 0 LAGGED, 0 UNREACHABLE von 12', `Von diesem Laptop: ${target.localAddress}`]) {
      expect(text).toContain(expected);
    }
  });
});
