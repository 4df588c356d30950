import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST_VERSION } from '../../shared/checklists/scenarios.js';
import { newCase } from '../../shared/model/case.js';
import { answersOf, TELEPHONY_PRECHECKS_PASSED } from '../unit/fixtures/triage-walk.js';
import { launchChromium, startWebHost, type WebHostType } from './helpers.js';

/**
 * A case answered under checklist 2026.11-2 (before a Cloud's calls asked second whether another
 * provider reports an outage) is opened: the new question is asked and says it is new, the old
 * answers count again once it is answered, and the case is then on the current checklist.
 */
describe('an old case meets a question added since', () => {
  let browser: Browser;
  let host: WebHostType;
  let dataDir: string;
  const c = newCase('old-checklist-0001', new Date('2026-11-27T09:00:00Z'));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sft-old-checklist-'));
    Object.assign(c, { title: 'Altfall GmbH', role: 'partner', area: 'cloud', scenarioId: 'cloud-no-calls', checklistVersion: '2026.11-2' });
    c.answers = answersOf([...TELEPHONY_PRECHECKS_PASSED, ['uses-connect', 'no'], ['connect-test', 'no']]);
    await mkdir(join(dataDir, 'cases', c.id), { recursive: true });
    await writeFile(join(dataDir, 'cases', c.id, 'case.json'), JSON.stringify(c));
    host = await startWebHost({ dataDir, keepData: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('asks the new question, says why it is open, and reaches the verdict with the old answers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByRole('link', { name: /Altfall GmbH/ }).click();
    await page.getByRole('heading', { level: 2, name: /anderen Providers/ }).waitFor();
    await page.getByTestId('new-question').getByText('Neue Frage: Die Checkliste wurde ergänzt').waitFor();
    expect(await page.getByTestId('new-question').textContent()).toContain('2026.11-2');

    await page.locator('.answers').getByRole('button', { name: 'Nein', exact: true }).click();
    await page.getByText('STARFACE-Störung: Cloud – bitte an die Störungshotline melden').first().waitFor();
    expect(await page.getByTestId('new-question').count()).toBe(0);
    await expect.poll(async () => JSON.parse(await readFile(join(dataDir, 'cases', c.id, 'case.json'), 'utf8')).checklistVersion, { timeout: 10_000 }).toBe(CHECKLIST_VERSION);
    await page.close();
  });
});
