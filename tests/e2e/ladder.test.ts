import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDialogs } from '../unit/helpers/sip-dialog-model.js';
import { newPhonesCase, ROOT, useBrowserPage } from './helpers.js';

const SHOTS = join(ROOT, 'docs', 'screenshots');

describe('Ladder: a technician reads a call flow like in sngrep, by keyboard', () => {
  const s = useBrowserPage('sft-e2e-ladder-');

  it('imports a capture, opens a dialog’s ladder with the keyboard, shows a message with its SDP, and goes back with Escape', async () => {
    const { file, expected } = generateDialogs(42, { format: 'pcapng', bigEndian: false, linkType: 1 }, 400);
    const { page, web, dir } = s;
    const path = join(dir, 'anrufe.pcapng');
    await writeFile(path, file);
    await page.goto(web.url);
    await newPhonesCase(page, 'Kanzlei Weiß');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    await page.getByTestId('capture-file').setInputFiles(path);
    await page.getByTestId('import-trace').waitFor({ timeout: 30_000 });

    const list = page.getByRole('listbox', { name: 'SIP-Dialoge' });
    await page.getByTestId('dialog-count').getByText(`${expected.size} von ${expected.size} Dialogen`).waitFor({ timeout: 30_000 });
    // Virtual: far fewer rows in the DOM than dialogs.
    expect(await page.getByTestId('dialog-row').count()).toBeLessThan(60);

    // Filter to the INVITEs, go to the first completed call by keyboard.
    const calls = [...expected.entries()].filter(([, e]) => e.method === 'INVITE');
    const completed = calls.filter(([, e]) => e.state === 'completed');
    await page.getByTestId('dialog-filter').fill('invite');
    await page.getByTestId('dialog-count').getByText(`${calls.length} von ${expected.size} Dialogen`).waitFor();
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => list.getAttribute('aria-activedescendant')).toBe(`dialog-row-${calls.length - 1}`);
    await page.keyboard.press('Home');
    const firstCompleted = calls.findIndex(([, e]) => e.state === 'completed');
    for (let i = 0; i < firstCompleted; i++) await page.keyboard.press('ArrowDown');
    const active = page.locator(`#dialog-row-${firstCompleted}`);
    await expect.poll(() => active.getAttribute('aria-label')).toMatch(/^INVITE von .+, Beendet, /);
    await page.keyboard.press('Enter');

    const [callId, call] = completed[0]!;
    const ladder = page.getByRole('listbox', { name: /SIP-Nachrichten des Ablaufs/ });
    await ladder.waitFor();
    await expect.poll(() => page.getByTestId('ladder-message').count()).toBe(call.messages);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ladder');
    await expect.poll(() => ladder.getAttribute('aria-activedescendant')).toBe('ladder-msg-0');
    expect(await page.locator('#ladder-msg-0').getAttribute('aria-label')).toMatch(/INVITE von .+ an 192\.0\.2\.10:5060|INVITE von .+ an \[fd00::10\]:5060/);
    if (call.retransmissions > 0) expect(await page.getByTestId('ladder-message').getByText(/\(Wdh\.\)/).count()).toBe(call.retransmissions);

    // The 200 OK to the INVITE carries SDP: move there by arrows, Enter.
    const labels = await page.getByTestId('ladder-message').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const ok = labels.findIndex((l) => /200 INVITE/.test(l));
    expect(ok).toBeGreaterThan(0);
    for (let i = 0; i < ok; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const message = page.getByTestId('sip-message');
    await message.getByTestId('sip-start-line').getByText('SIP/2.0 200 OK').waitFor();
    await message.getByText(`Call-ID: ${callId}`).first().waitFor();
    expect(await message.getByTestId('sip-sdp').textContent()).toMatch(/^v=0\s+o=- \d+ 1 IN IP4 \S+\s+s=-\s+c=IN IP4 /);
    await page.screenshot({ path: join(SHOTS, 'ladder.png'), fullPage: false });

    // Escape: message closes (focus back on the ladder); Escape again: back to the list.
    await page.keyboard.press('Escape');
    await message.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ladder');
    await page.keyboard.press('Escape');
    await list.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dialog-list');

    // A device of the analysis as a ladder: its messages only.
    await page.getByRole('button', { name: 'Ablauf des Endgeräts zeigen' }).click();
    await ladder.waitFor();
    const device = await page.getByTestId('ladder-device').inputValue();
    expect(device).toMatch(/^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+$/);
    const deviceLabels = await page.getByTestId('ladder-message').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(deviceLabels.length).toBeGreaterThan(0);
    for (const l of deviceLabels) expect(l).toContain(device);

    // 200 % zoom at 1280×800 (a 640×400 CSS viewport): no horizontal scrolling.
    await page.setViewportSize({ width: 640, height: 400 });
    await page.keyboard.press('Escape');
    await list.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
  });
});

describe('Ladder: a fling through a long call list', () => {
  const s = useBrowserPage('sft-e2e-fling-');

  it('fetches no pages while the list flies past, fills the rows where it stops, and keeps up at reading speed', async () => {
    const { file, expected } = generateDialogs(7, { format: 'pcap', bigEndian: false, linkType: 101 }, 6000);
    const { page, web, dir } = s;
    const path = join(dir, 'viele.pcap');
    await writeFile(path, file);
    // Every page the list asks for, as it goes over the wire.
    let asked = 0;
    page.on('websocket', (ws) => ws.on('framesent', (f) => void (typeof f.payload === 'string' && f.payload.includes('"ladder.dialogs"') && asked++)));
    await page.goto(web.url);
    await newPhonesCase(page, 'Spedition Groß');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    await page.getByTestId('capture-file').setInputFiles(path);
    await page.getByTestId('import-trace').waitFor({ timeout: 60_000 });
    await page.getByTestId('dialog-count').getByText(`${expected.size} von ${expected.size} Dialogen`).waitFor({ timeout: 60_000 });
    const list = page.getByTestId('dialog-list');
    const waiting = () => list.locator('.waiting').count();
    await expect.poll(waiting).toBe(0);

    // A fling: 100 rows a frame to the end (30 pages of 200 passed in about 60 frames).
    const before = asked;
    const sawPlaceholders = await list.evaluate(
      (el) =>
        new Promise<boolean>((resolve) => {
          let saw = false;
          const step = () => {
            el.scrollTop += 3600;
            if (el.querySelector('.waiting')) saw = true;
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) resolve(saw);
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    expect(sawPlaceholders).toBe(true);
    // Where it stopped, the rows come, with their dialogs.
    await expect.poll(waiting).toBe(0);
    const flingPages = asked - before;
    expect(flingPages).toBeGreaterThan(0);
    expect(flingPages).toBeLessThanOrEqual(4);
    const lastLabel = await list.locator(`#dialog-row-${expected.size - 1}`).getAttribute('aria-label');
    expect(lastLabel).toMatch(/^(INVITE|OPTIONS|REGISTER|SUBSCRIBE|MESSAGE|NOTIFY|REFER|INFO|BYE|CANCEL|PUBLISH|UPDATE|PRACK|ACK) von /);

    // Reading speed, back up (5 rows a frame): pages come as the list moves, the one ahead before
    // it is reached; rows waiting for theirs in only a few frames.
    const readFrom = asked;
    const waitingFrames = await list.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          let n = 0;
          let frames = 0;
          const step = () => {
            el.scrollTop -= 180;
            if (el.querySelector('.waiting')) frames++;
            if (++n < 240) requestAnimationFrame(step);
            else resolve(frames);
          };
          requestAnimationFrame(step);
        }),
    );
    expect(asked - readFrom).toBeGreaterThanOrEqual(5);
    expect(waitingFrames).toBeLessThan(24);
    await expect.poll(waiting).toBe(0);
  });
});
