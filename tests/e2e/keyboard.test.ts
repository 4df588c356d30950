import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startWebHost, tabTo, watchBodyFocus, type WebHostType } from './helpers.js';

/**
 * UX.md: fully usable by keyboard, at 1280×800 and at 200 % zoom (a 640×400 CSS viewport on that
 * screen). One case from "Neuer Fall" to an exported PDF, with the keyboard alone, in German and
 * in English: focus lands on each new view's heading, clear of the sticky header, never on <body>;
 * nothing leaves the viewport; the hotline popover fits and its numbers do not wrap.
 */
const SCREEN = { width: 1280, height: 800 };
const ZOOM_200 = { width: 640, height: 400 };

const WORDS = {
  de: { blocked: 'Ohne diese Antwort geht der Prüfpfad nicht weiter', verdict: 'STARFACE-Störung: Cloud', intake: 'Melder, Dienst und Fehlerbild' },
  en: { blocked: 'The check path cannot go on without this answer', verdict: 'STARFACE fault: Cloud', intake: 'Reporter, service and symptom' },
} as const;

/** The focused element is a heading, below the sticky header and inside the viewport. */
async function expectFocusedHeading(page: Page, text?: string | RegExp): Promise<void> {
  await page.waitForFunction(() => /^H[1-3]$/.test(document.activeElement?.tagName ?? ''));
  const f = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const r = el.getBoundingClientRect();
    const header = document.querySelector('header.top')?.getBoundingClientRect();
    return { text: el.textContent ?? '', top: r.top, bottom: r.bottom, headerBottom: header?.bottom ?? 0, height: window.innerHeight };
  });
  if (text) expect(f.text).toMatch(text);
  expect(f.top, `"${f.text}" hides under the sticky header`).toBeGreaterThanOrEqual(f.headerBottom - 1);
  expect(f.top, `"${f.text}" is below the viewport`).toBeLessThan(f.height);
}

/** Nothing wider than the viewport: no horizontal scrolling, and no element sticking out to the right. */
async function expectInsideViewport(page: Page): Promise<void> {
  const r = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))
      // Shown ones only: a closed <details> keeps its panel, hidden (content-visibility).
      .filter((el) => el.checkVisibility() && el.getClientRects().length > 0)
      .filter((el) => el.getBoundingClientRect().right > width + 1 || el.getBoundingClientRect().left < -1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { overflow: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
  });
  expect(r.overflow, `scrolls sideways: ${r.wide.join(', ')}`).toBeLessThanOrEqual(0);
  expect(r.wide).toEqual([]);
}

/** The hotline popover, opened and closed by keyboard, fits the viewport; its numbers are one line each. */
async function checkHotlinePopover(page: Page): Promise<void> {
  // The header comes before the view: back up to it.
  await tabTo(page, 'summary', { backward: true });
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('hotline-panel');
  await panel.waitFor();
  const box = await page.evaluate(() => {
    const p = document.querySelector('[data-testid="hotline-panel"]') as HTMLElement;
    const r = p.getBoundingClientRect();
    const tel = Array.from(p.querySelectorAll('a[href^="tel:"]')).map((a) => a.getClientRects().length);
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: window.innerWidth, height: window.innerHeight, tel };
  });
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(box.width);
  expect(box.bottom).toBeLessThanOrEqual(box.height);
  expect(box.tel.length).toBe(4);
  for (const lines of box.tel) expect(lines, 'a phone number wraps').toBe(1);
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
}

/** Answers the shown step by keyboard: Tab to the answer button, Enter. */
async function answerByKeyboard(page: Page, value: 'yes' | 'no' | 'unchecked'): Promise<void> {
  await tabTo(page, `.answers button.answer-${value}`);
  await page.keyboard.press('Enter');
}

describe.each([
  { language: 'de' as const, viewport: SCREEN, zoomCheck: true },
  { language: 'en' as const, viewport: ZOOM_200, zoomCheck: false },
])('keyboard only, $language at $viewport.width×$viewport.height', ({ language, viewport, zoomCheck }) => {
  let host: WebHostType;
  let browser: Browser;
  let page: Page;
  const words = WORDS[language];

  beforeAll(async () => {
    host = await startWebHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** Every view is checked where it is shown, and (for the 1280×800 walk) at 200 % zoom too. */
  async function checkView(): Promise<void> {
    await expectInsideViewport(page);
    if (!zoomCheck) return;
    await page.setViewportSize(ZOOM_200);
    await expectInsideViewport(page);
    await page.setViewportSize(SCREEN);
  }

  it('walks one case from "Neuer Fall" to an exported PDF', async () => {
    await page.addInitScript((l) => localStorage.setItem('starface-triage.language', l), language);
    await page.goto(host.url);
    await expectFocusedHeading(page);
    const bodyFocus = await watchBodyFocus(page);
    await checkView();
    await checkHotlinePopover(page);

    // "Neuer Fall": focus on the intake's heading.
    await tabTo(page, '.cases .head button.primary');
    await page.keyboard.press('Enter');
    await expectFocusedHeading(page, words.intake);
    await checkView();

    await tabTo(page, '#case-title');
    await page.keyboard.type('Keyboard GmbH, Zentrale');
    await tabTo(page, 'input[name="role"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="area"]');
    await page.keyboard.press('Space'); // the first area: STARFACE Cloud
    // Arrow keys move through the services too, showing their symptoms, without taking one.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('connect');
    await page.locator('input[name="scenario"][value="connect-no-calls"]').waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.locator('input[name="scenario"][value="cloud-phones-unregistered"]').waitFor();
    await tabTo(page, 'input[name="scenario"]');
    // Arrow keys move through the symptoms without starting a flow.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('cloud-phones-unregistered');
    expect(await page.locator('.answers').count(), 'an arrow key started the checks').toBe(0);
    expect(await page.locator('input[name="scenario"]').count()).toBeGreaterThan(1);
    await page.keyboard.press('Enter');

    // The intake folds; focus moves to the first question.
    await expectFocusedHeading(page);
    await page.locator('.answers').waitFor();
    await checkView();
    await answerByKeyboard(page, 'no'); // no change before the problem
    await expectFocusedHeading(page, /UNREACHABLE/);
    // "Nicht geprüft" on a decisive step: the step says why the path stops and what to check.
    await answerByKeyboard(page, 'unchecked');
    await page.getByTestId('blocked-step').getByText(words.blocked).waitFor();
    await answerByKeyboard(page, 'no');
    await expectFocusedHeading(page);
    await answerByKeyboard(page, 'yes'); // network and firewall fine → report the Cloud

    // "Zum Ergebnis" → the verdict's heading.
    await tabTo(page, 'a.button.primary[href$="/verdict"]');
    await page.keyboard.press('Enter');
    await expectFocusedHeading(page, words.verdict);
    await checkView();
    if (zoomCheck) {
      await page.setViewportSize(ZOOM_200);
      await checkHotlinePopover(page);
      // Back to the heading by keyboard, then on.
      await page.setViewportSize(SCREEN);
    }

    // The report button (its label will name the verdict's contact) → the report's heading.
    await tabTo(page, '[data-testid="verdict-report"]');
    await page.keyboard.press('Enter');
    await expectFocusedHeading(page);
    await checkView();

    const fields: Array<[string, string]> = [
      ['#report-company', 'Keyboard GmbH'],
      ['#report-firstName', 'Jürgen'],
      ['#report-lastName', 'Weiß'],
      ['#report-email', 'jw@keyboard.example'],
      ['#report-phone', '+49 721 509590'],
      ['#report-cloudName', 'maxmuster.starface-cloud.com'],
      ['#report-description', 'Telefone seit 8 Uhr abgemeldet.'],
    ];
    for (const [selector, value] of fields) {
      await tabTo(page, selector);
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(value);
    }
    await tabTo(page, '.buttons button.primary');
    await page.keyboard.press('Enter');
    const saved = page.locator('.saved code');
    await saved.waitFor();
    const pdf = (await saved.textContent())?.trim() ?? '';
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Keyboard GmbH');
    expect(text).toContain('maxmuster.starface-cloud.com');
    await checkView();

    // "Dienst oder Fehlerbild ändern" (back on the checks) → the intake's heading.
    await tabTo(page, 'nav.tabs a[href$="/triage"]', { backward: true });
    await page.keyboard.press('Enter');
    await expectFocusedHeading(page);
    await tabTo(page, '.intake .summary button.link', { backward: true });
    await page.keyboard.press('Enter');
    await expectFocusedHeading(page, words.intake);

    // On the answered case, an arrow key in the services only looks: the checks stay as they are.
    await tabTo(page, 'input[name="area"]');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('cloud');
    await page.keyboard.press('ArrowRight');
    await page.locator('input[name="scenario"][value="connect-no-calls"]').waitFor();
    expect(await page.locator('nav.rail').count(), 'an arrow key changed the service of the case').toBe(1);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('input[name="scenario"][value="cloud-phones-unregistered"]').isChecked()).toBe(true);
    expect(await page.locator('nav.rail').count()).toBe(1);
    // Enter takes the service: another service, so the symptom is chosen anew and the checks go.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.locator('nav.rail').waitFor({ state: 'detached' });
    expect(await page.locator('input[name="scenario"]:checked').count()).toBe(0);

    expect(await bodyFocus(), 'focus rested on <body>').toEqual([]);
  });
});
