import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeCapture } from '../unit/helpers/large-capture.js';
import { newPhonesCase, useBrowserPage } from './helpers.js';

/**
 * Issue 8 §3 in Chromium: attaching a large capture for the report is a job the Mitschnitt view
 * shows – how many MB each pass has read, with a cancel button; cancelled, nothing is attached and
 * the view says so; started again, it ends with the attachment in the list.
 */
describe('Mitschnitt → für die Meldung: a large capture', () => {
  const s = useBrowserPage('sft-e2e-attach-cancel-');

  it('shows the progress of the attaching, cancels it without a trace, and attaches when let run', async () => {
    const { page, web, dir } = s;
    const path = join(dir, 'standort-gross.pcap');
    await writeFile(path, largeCapture(160).file);

    await page.goto(web.url);
    await newPhonesCase(page, 'Großer Mitschnitt');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    await page.getByTestId('capture-file').setInputFiles(path);
    await page.getByTestId('import-trace').waitFor({ timeout: 240_000 });

    const box = page.getByTestId('report-attachments');
    await box.getByTestId('report-attach').click();
    const job = box.getByTestId('report-attach-job');
    await job.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await job.textContent()) ?? '', { timeout: 30_000 }).toMatch(/Durchgang [12] von 2 .*: [\d,]+ von [\d,]+ MB gelesen/);
    await job.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(async () => (await box.getByTestId('report-attach-failed').textContent({ timeout: 30_000 })) ?? '').toContain('Abgebrochen – nichts beigefügt');
    expect(await box.getByTestId('report-attachment').count()).toBe(0);

    await box.getByTestId('report-attach').click();
    await expect.poll(() => box.getByTestId('report-attachment').count(), { timeout: 120_000 }).toBe(1);
    expect(await box.getByTestId('report-attach-failed').count()).toBe(0);
  }, 600_000);
});
