import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { answer, exportReportText, launchChromium, newPhonesCase, ROOT, startWebHost, type WebHostType } from './helpers.js';

const SHOTS = join(ROOT, 'docs', 'screenshots');

/** A generated FRITZ!Box capture in which some device is LAGGED and some UNREACHABLE. */
function captureWithTrouble(): { file: Buffer; lagged: number; unreachable: number } {
  for (let seed = 1; ; seed++) {
    const { file, expected } = generateTraffic(seed, { format: 'fritzbox', bigEndian: false, linkType: 1 });
    const devices = Object.values(expected.devices);
    const lagged = devices.reduce((a, d) => a + d.lagged, 0);
    const unreachable = devices.reduce((a, d) => a + d.unreachable, 0);
    if (lagged > 0 && unreachable > 0 && devices.length >= 2) return { file, lagged, unreachable };
  }
}

describe('Mitschnitt: a technician imports a FRITZ!Box capture', () => {
  let web: WebHostType;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sft-e2e-capture-'));
    web = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sees LAGGED and UNREACHABLE per device, "Messen" answers the step, and the PDF carries the findings', async () => {
    const capture = captureWithTrouble();
    const path = join(dir, 'fritzbox-lan.eth');
    await writeFile(path, capture.file);

    await page.goto(web.url);
    await newPhonesCase(page, 'Praxis Dr. Öztürk');
    await answer(page, /Konfigurationsänderung/, 'Nein');
    await page.getByRole('heading', { level: 2, name: /UNREACHABLE/ }).waitFor();

    // The step itself offers the import ("Messen" for a log or capture).
    await page.getByTestId('capture-file').setInputFiles(path);
    await page.getByText('Vorschlag aus der Messung: Ja').waitFor({ timeout: 30_000 });
    await page.getByText(new RegExp(`Mitschnitt: ${capture.unreachable}× UNREACHABLE, ${capture.lagged}× LAGGED`)).waitFor();
    await page.getByRole('button', { name: 'Vorschlag übernehmen' }).click();
    await answer(page, /NAT-Timeout/, 'Ja');
    await answer(page, /Netzwerk- und Firewalleinstellungen/, 'Ja');
    await page.getByText('STARFACE-Störung: Cloud – bitte an die Störungshotline melden').first().waitFor();

    // The Mitschnitt view shows it per device, with the qualify chart.
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    const result = page.getByTestId('import-trace');
    await result.waitFor();
    await result.getByText(/Endgerät\(e\) antworteten nicht auf die Erreichbarkeitsprüfung/).waitFor();
    await result.getByText(/antworteten erst nach mehr als 2000 ms – LAGGED/).waitFor();
    const devices = result.getByTestId('capture-device');
    expect(await devices.count()).toBeGreaterThanOrEqual(2);
    expect(await result.getByText(/UNREACHABLE [1-9]/).count()).toBeGreaterThan(0);
    expect(await result.getByText(/LAGGED [1-9]/).count()).toBeGreaterThan(0);
    await result.getByRole('img', { name: /LAGGED-Grenze/ }).first().waitFor();
    // The call list is built in the background: the picture shows it built, on a slow machine too.
    await page.getByTestId('dialog-count').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'capture.png'), fullPage: true });

    // A JPEG renamed .pcap: a clear sentence, no crash.
    const jpeg = join(dir, 'foto.pcap');
    await writeFile(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    await page.getByTestId('capture-file').setInputFiles(jpeg);
    await page.getByText(/„foto.pcap“ ist kein Mitschnitt|ist kein Asterisk-\/PBX-Log/).first().waitFor({ timeout: 30_000 });

    // A capture damaged before its first packet: the import job fails and says where.
    const damaged = Buffer.alloc(40);
    damaged.writeUInt32LE(0xa1b2c3d4, 0);
    damaged.writeUInt16LE(2, 4);
    damaged.writeUInt16LE(4, 6);
    damaged.writeUInt32LE(1, 20);
    damaged.writeUInt32LE(2 ** 31, 32);
    await writeFile(join(dir, 'kaputt.pcap'), damaged);
    await page.getByTestId('capture-file').setInputFiles(join(dir, 'kaputt.pcap'));
    await page.getByText(/kaputt\.pcap“ ist ab Byte 24 beschädigt/).waitFor({ timeout: 30_000 });

    // The Cloud's PBX log (Latin-1, CRLF, both line formats): per device, in a table.
    const log = join(dir, 'PBX.log');
    await writeFile(
      log,
      Buffer.from(
        [
          "[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: Peer '2456.WinClient' is now Lagged. (2345ms / 2000ms)",
          "[Mar  4 08:53:06] NOTICE[17903] chan_sip.c: Peer '2456.WinClient' is now UNREACHABLE!  Last qualify: 0",
          "NOTICE[10281]: chan_sip.c:28837 sip_poke_noanswer: Peer 'Büro.SFiphone' is now UNREACHABLE!  Last qualify: 0",
          "[Mar  4 08:54:06] NOTICE[17903] chan_sip.c: Peer '2456.WinClient' is now Reachable. (45ms / 2000ms)",
          '',
        ].join('\r\n'),
        'latin1',
      ),
    );
    await page.getByTestId('capture-file').setInputFiles(log);
    const logResult = page.getByTestId('import-pbx-log');
    await logResult.waitFor({ timeout: 30_000 });
    await logResult.getByRole('row', { name: /2456\.WinClient 1 1 1 reachable/ }).waitFor();
    await logResult.getByRole('row', { name: /Büro\.SFiphone 0 0 1 unreachable/ }).waitFor();

    // The report carries the findings.
    const text = await exportReportText(page, { company: 'Praxis Dr. Öztürk', first: 'Ayşe', last: 'Öztürk', email: 'praxis@oeztuerk.example', phone: '0721 50959-777', cloud: 'oeztuerk.starface-cloud.com', description: 'Telefone zeitweise nicht erreichbar.' });
    for (const expected of ['Mitschnitt: ', 'fritzbox-lan.eth', 'antworteten nicht auf die Erreichbarkeitsprüfung (SIP OPTIONS) – UNREACHABLE', 'LAGGED', 'PBX-Log: ', 'Büro.SFiphone']) expect(text).toContain(expected);
  });
});
