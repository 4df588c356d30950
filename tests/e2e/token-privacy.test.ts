import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startWebHost, type WebHostType } from './helpers.js';

/**
 * Issue 10 §2: another program on 127.0.0.1 (any port) must receive nothing of the host's
 * credential after the app was opened, and the token must not stay in the address bar.
 */
describe('the browser host credential stays with its page', () => {
  let host: WebHostType;
  let browser: Browser;
  let neighbour: Server;
  let neighbourPort: number;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    host = await startWebHost();
    browser = await launchChromium();
    neighbour = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><img src="/pixel.png"><script>fetch('/fetched').catch(() => {})</script>`);
    });
    await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve));
    neighbourPort = (neighbour.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await new Promise((resolve) => neighbour?.close(resolve));
  });

  it('takes the token out of the address bar, keeps working after a reload, and leaks nothing to a neighbouring port', async () => {
    const token = new URL(host.url).searchParams.get('token') ?? '';
    expect(token).toHaveLength(43);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Neuer Fall' }).first().waitFor();
    expect(page.url()).not.toContain('token');
    expect(page.url()).not.toContain(token);

    // A reload without the token in the address still reaches the engine (this tab's session).
    await page.reload();
    await page.getByRole('button', { name: 'Neuer Fall' }).first().click();
    await page.getByLabel('Bezeichnung (Kunde, Standort)').fill('Praxis Dr. Nachbar');
    await page.getByText('Gespeichert', { exact: true }).waitFor();
    expect(page.url()).not.toContain(token);

    // The same browser visits another local server, in a new tab and in the app's own tab.
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${neighbourPort}/start`);
    await other.waitForLoadState('networkidle');
    await page.goto(`http://127.0.0.1:${neighbourPort}/from-app-tab`);
    await page.waitForLoadState('networkidle');
    expect(seen.map((r) => r.url)).toEqual(expect.arrayContaining(['/start', '/pixel.png', '/fetched', '/from-app-tab']));
    for (const request of seen) {
      expect(request.headers.cookie).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain(token);
    }
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('a page opened without the token says which address to open', async () => {
    const page = await browser.newPage();
    await page.goto(`${host.origin}/`);
    await page.getByTestId('web-session').filter({ hasText: 'npm run web' }).waitFor();
    await page.close();
  });
});
