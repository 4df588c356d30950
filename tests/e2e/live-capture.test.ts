import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { qualifyRounds } from '../integration/peers/sip-qualify.js';
import { launchChromium, newPhonesCase, startWebHost, type WebHostType } from './helpers.js';

/**
 * Live capture in the Mitschnitt tab (issue 8 §1), in Chromium against the browser host: choose the
 * interface, start, watch the counters grow with SIP traffic on loopback, stop and keep — the
 * capture is attached to the case and analysed like an import.
 */
describe('Mitschnitt: a technician captures live on this laptop', () => {
  let web: WebHostType;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    web = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('starts, counts live, stops and keeps: the capture is attached and analysed', async () => {
    await page.goto(web.url);
    await newPhonesCase(page, 'Autohaus Weiß, Live-Mitschnitt');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Live-Mitschnitt' }) });
    await panel.getByLabel('Schnittstelle').selectOption('lo');
    const port = 36000 + (process.pid % 1000) * 4;
    await panel.getByLabel('Mitschnittfilter (BPF)').fill(`udp and (port ${port} or port ${port + 1})`);
    await panel.getByRole('button', { name: 'Mitschnitt starten' }).click();
    await panel.getByRole('button', { name: 'Beenden und behalten' }).waitFor();
    await panel.getByTestId('live-counters').waitFor({ timeout: 20_000 });
    await qualifyRounds(port, port + 1, 40);
    await panel.getByTestId('live-counters').getByText(/80 SIP-Nachrichten/).waitFor({ timeout: 20_000 });
    await panel.getByRole('button', { name: 'Beenden und behalten' }).click();
    await panel.getByText(/Mitschnitt angehängt: .*-mitschnitt-lo\.pcapng/).waitFor({ timeout: 30_000 });
    // The kept capture is analysed like an imported one, in the list below.
    await page.getByTestId('import-trace').first().waitFor({ timeout: 30_000 });
  });
});
