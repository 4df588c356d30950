import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { newPhonesCase, useBrowserPage } from './helpers.js';

/**
 * Issue 7, bad input in the app: a large capture (256 MiB here; the CLI's bad-input tests take
 * 2 GB) whose records end in damage after the first packets. The file goes into the case in slices
 * with progress while the window keeps working, the page's memory stays small, and the result names
 * where the damage is and shows what came before.
 */
describe('Mitschnitt: a large damaged capture in the app', () => {
  const s = useBrowserPage('sft-e2e-large-');

  it('is copied with progress, the window stays usable, and the damage is named with the devices before it', async () => {
    const { page, web, dir } = s;
    const { file, expected } = generateTraffic(7, { format: 'pcap', bigEndian: false, linkType: 1 });
    const path = join(dir, 'firewall-gross.pcap');
    const handle = await open(path, 'w');
    // The generated packets, then a record header claiming 2 GB, then (sparse) nothing up to 256 MiB.
    const claim = Buffer.alloc(16);
    claim.writeUInt32LE(2 ** 31, 8);
    claim.writeUInt32LE(2 ** 31, 12);
    await handle.write(Buffer.concat([file, claim]));
    await handle.truncate(256 * 1024 ** 2);
    await handle.close();

    await page.goto(web.url);
    await newPhonesCase(page, 'Firewall-Mitschnitt');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    // The window's main thread is sampled while the file goes in: the longest gap between frames.
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number };
      w.maxGap = 0;
      let last = performance.now();
      const tick = (now: number) => {
        w.maxGap = Math.max(w.maxGap, now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const uploadStart = Date.now();
    await page.getByTestId('capture-file').setInputFiles(path);
    const status = page.getByRole('status').filter({ hasText: /%/ }).first();
    await status.waitFor({ timeout: 30_000 });
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const text = await status.textContent({ timeout: 1000 }).catch(() => null);
      if (text === null) break; // the copy is done
      if (/\d+\s*%/.test(text) && !seen.has(text)) {
        seen.add(text);
        console.log(`${Date.now() - uploadStart} ms: ${text}`);
      }
      await page.waitForTimeout(200);
    }
    expect(seen.size, 'the upload shows its progress as it goes').toBeGreaterThanOrEqual(3);

    console.log(`upload: ${Date.now() - uploadStart} ms`);
    const result = page.getByTestId('import-trace');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getByTestId('capture-stopped').textContent()).toMatch(/ab Byte \d+ \(0\.0 MB\) beschädigt/);
    expect(await result.getByTestId('capture-device').count()).toBe(Object.keys(expected.devices).length);

    const { maxGap, heapMb } = await page.evaluate(() => ({
      maxGap: (window as unknown as { maxGap: number }).maxGap,
      heapMb: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20,
    }));
    console.log(`large import: longest frame gap ${Math.round(maxGap)} ms, page heap ${Math.round(heapMb)} MB`);
    // Generous bounds: a frozen window or a file read into the page would exceed them by far.
    expect(maxGap).toBeLessThan(5000);
    expect(heapMb).toBeLessThan(256);
  }, 400_000);
});
