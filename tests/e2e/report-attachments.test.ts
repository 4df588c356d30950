import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { answer, exportReportText, launchChromium, newPhonesCase, startWebHost, type WebHostType } from './helpers.js';

/**
 * Issue 8 in Chromium: import a capture, open a dialog's ladder and attach that flow as it is,
 * attach the redacted trace of one device in the Mitschnitt view, export the PDF and find the
 * traces embedded (pdfdetach), export the .eml and find them attached (mailparser).
 */

/** A generated capture with calls (numbers, display names) and a registering device (digest). */
function captureWithSecrets(): ReturnType<typeof generateTraffic> {
  for (let seed = 1; ; seed++) {
    const g = generateTraffic(seed, { format: 'pcapng', bigEndian: false, linkType: 1 });
    const devices = Object.values(g.expected.devices);
    if (g.secrets.names.length > 0 && g.secrets.authValues.length > 0 && devices.some((d) => d.unreachable > 0) && devices.length >= 2) return g;
  }
}

const pdfFiles = (pdf: string) => execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' }).split('\n');

describe('Mitschnitt → für die Meldung: a redacted trace of one device travels with the report', () => {
  let web: WebHostType;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sft-e2e-report-att-'));
    web = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('attaches, embeds in the PDF, attaches to the e-mail, and lists what was redacted', async () => {
    const { file, secrets } = captureWithSecrets();
    const path = join(dir, 'anlage.pcapng');
    await writeFile(path, file);

    await page.goto(web.url);
    await newPhonesCase(page, 'Autohaus Weber');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await page.getByRole('heading', { level: 2, name: /UNREACHABLE/ }).waitFor();
    await page.getByTestId('capture-file').setInputFiles(path);
    await page.getByText(/Vorschlag aus der Messung: Ja/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Vorschlag übernehmen' }).click();
    await answer(page, /NAT-Timeout/, 'Ja');
    await answer(page, /Netzwerk- und Firewalleinstellungen/, 'Ja');
    await page.getByText('STARFACE-Störung: Cloud – bitte an die Störungshotline melden').first().waitFor();

    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    const box = page.getByTestId('report-attachments');
    await box.waitFor();

    // The ladder: the first dialog of the call list, opened with Enter; its flow attached as it is.
    const dialogList = page.getByRole('listbox', { name: 'SIP-Dialoge' });
    await page.getByTestId('dialog-row').first().waitFor({ timeout: 30_000 });
    await dialogList.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox', { name: /SIP-Nachrichten des Ablaufs/ }).waitFor();
    const attachOpen = box.getByTestId('report-attach-open');
    await attachOpen.waitFor();
    const callId = /\(Dialog (.+)\)$/.exec(((await attachOpen.textContent()) ?? '').trim())?.[1] ?? '';
    expect(callId).not.toBe('');
    await attachOpen.click();
    await expect.poll(() => box.getByTestId('report-attachment').count(), { timeout: 30_000 }).toBe(1);
    const dialogFile = ((await box.getByTestId('report-attachment').first().locator('strong').textContent()) ?? '').trim();

    const device = box.getByTestId('report-device').first();
    await device.waitFor({ timeout: 30_000 });
    const address = (await device.getAttribute('value')) ?? '';
    await device.check();
    expect(await box.getByTestId('report-redact').isChecked()).toBe(true);
    await box.getByTestId('report-attach').click();
    await expect.poll(() => box.getByTestId('report-attachment').count(), { timeout: 30_000 }).toBe(2);
    const item = box.getByTestId('report-attachment').last();
    await item.getByText(/geschwärzt: \d+ Rufnummern und \d+ Namen pseudonymisiert, \d+ Authorization-Werte entfernt/).waitFor();
    const fileName = ((await item.locator('strong').textContent()) ?? '').trim();
    expect(fileName).toMatch(/^report-.*\.pcapng$/);

    const text = await exportReportText(page, { company: 'Autohaus Weber', first: 'Jana', last: 'Weber', email: 'jana@weber.example', phone: '0721 5095958', cloud: 'weber.starface-cloud.com', description: 'Telefone melden sich ab.' });
    expect(text).toContain('Anhänge (Mitschnitte, Log-Auszüge)');
    expect(text).toContain(fileName);
    expect(text).toContain(`Endgerät ${address}`);
    const pdf = ((await page.locator('.saved code').textContent()) ?? '').trim();
    const list = execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' });
    const line = list.split('\n').find((l) => l.includes(fileName));
    expect(line).toBeDefined();
    const saved = join(dir, 'embedded.pcapng');
    execFileSync('pdfdetach', ['-save', line!.split(':')[0]!.trim(), '-o', saved, pdf]);
    const embedded = await readFile(saved);
    const sip = execFileSync('tshark', ['-n', '-r', saved, '-Y', 'sip', '-T', 'fields', '-e', 'ip.addr', '-e', 'ipv6.addr', '-e', 'udp.port', '-e', 'tcp.port'], { encoding: 'utf8' });
    const ip = address.replace(/^\[?([^\]]+?)\]?:\d+$/, '$1');
    const rows = sip.split('\n').filter((l) => l !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(ip);
    for (const v of [...secrets.numbers, ...secrets.names, ...secrets.authValues]) expect(embedded.includes(Buffer.from(v, 'latin1'))).toBe(false);

    // The dialog's flow: in the PDF too, with only that dialog's SIP.
    const dialogLine = pdfFiles(pdf).find((l) => l.includes(dialogFile));
    expect(dialogLine).toBeDefined();
    const dialogSaved = join(dir, 'dialog.pcapng');
    execFileSync('pdfdetach', ['-save', dialogLine!.split(':')[0]!.trim(), '-o', dialogSaved, pdf]);
    const callIds = execFileSync('tshark', ['-n', '-r', dialogSaved, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');
    expect(callIds.length).toBeGreaterThan(0);
    expect(new Set(callIds)).toEqual(new Set([callId]));

    await page.getByRole('button', { name: 'E-Mail-Entwurf' }).click();
    await page.locator('.saved code', { hasText: '.eml' }).waitFor();
    const eml = ((await page.locator('.saved code').textContent()) ?? '').trim();
    const mail = await simpleParser(await readFile(eml));
    const part = mail.attachments.find((a) => a.filename === fileName);
    expect(part?.content.equals(embedded)).toBe(true);
    expect(mail.attachments.some((a) => a.filename === dialogFile)).toBe(true);
  });
});
