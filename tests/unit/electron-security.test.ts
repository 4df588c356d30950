import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  handlePermissionCheck,
  handlePermissionRequest,
  handleWillNavigate,
  externalUrl,
  handleWindowOpen,
  hardenWebContents,
  isAllowedExternalUrl,
  isTrustedSender,
  webPreferencesFor,
} from '../../electron/main/security.js';
import { menuLanguage, menuTemplate } from '../../electron/main/menu.js';
import type { WebContents } from 'electron';

const APP_URL = 'file:///opt/STARFACE%20Triage/resources/app.asar/out/renderer/index.html';

function fakeEvent(): { prevented: boolean; preventDefault(): void } {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('renderer webPreferences', () => {
  const prefs = webPreferencesFor('/app/out/preload/index.cjs');

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the web platform protections on and webview off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('uses the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

  it("restricts everything to 'self' by default", () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('names no remote source and allows no inline or eval script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('openExternal filter', () => {
  it.each(['https://www.starface.de/support', 'tel:+497215095958', 'mailto:stoerung@starface.de?subject=St%C3%B6rung'])(
    'lets %s go to the system',
    (url) => expect(isAllowedExternalUrl(url)).toBe(true),
  );

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'http://www.starface.de',
    'data:text/html,<script>alert(1)</script>',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pass@evil.example/',
    'not a url',
    '',
    'mailto:stoerung@starface.de?attach=/etc/passwd',
    'mailto:stoerung@starface.de?subject=x&Attachment=C:%5CUsers%5Cx%5C.ssh%5Cid_rsa',
    'mailto:stoerung@starface.de?%61ttach=/etc/shadow',
    'mailto:stoerung@starface.de?ATTACHMENTS=/x',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));

  it('hands on the normalised URL it checked, not the raw string', () => {
    expect(externalUrl('HTTPS://Knowledge.STARFACE.de/display/../SWD/x')).toBe('https://knowledge.starface.de/SWD/x');
    expect(externalUrl('https://www.starface.de')).toBe('https://www.starface.de/');
    const opened: string[] = [];
    handleWindowOpen({ url: 'HTTPS://WWW.starface.de/a/./b' }, (u) => opened.push(u));
    handleWillNavigate(fakeEvent(), 'https://www.starface.de/%7euser/../x', APP_URL, (u) => opened.push(u));
    expect(opened).toEqual(['https://www.starface.de/a/b', 'https://www.starface.de/x']);
  });
});

describe('new windows', () => {
  it('are always denied, and an allowed link is handed to the system', () => {
    const opened: string[] = [];
    expect(handleWindowOpen({ url: 'https://www.starface.de' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.starface.de/']);
  });

  it('are denied without opening anything for a refused URL', () => {
    const opened: string[] = [];
    expect(handleWindowOpen({ url: 'javascript:alert(1)' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(handleWindowOpen({ url: 'file:///etc/passwd' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(opened).toEqual([]);
  });
});

describe('navigation', () => {
  it.each(['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'file:///opt/other/index.html', 'about:blank'])(
    'away from the app to %s is prevented',
    (url) => {
      const event = fakeEvent();
      handleWillNavigate(event, url, APP_URL, () => {});
      expect(event.prevented).toBe(true);
    },
  );

  it('to an https link is prevented and the link opens in the system browser', () => {
    const event = fakeEvent();
    const opened: string[] = [];
    handleWillNavigate(event, 'https://www.starface.de/', APP_URL, (u) => opened.push(u));
    expect(event.prevented).toBe(true);
    expect(opened).toEqual(['https://www.starface.de/']);
  });

  it("within the app's own page is left alone", () => {
    const event = fakeEvent();
    handleWillNavigate(event, `${APP_URL}#/cases`, APP_URL, () => {});
    expect(event.prevented).toBe(false);
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])('request for %s is denied', (permission) => {
    let granted: boolean | null = null;
    handlePermissionRequest({}, permission, (g) => {
      granted = g;
    });
    expect(granted).toBe(false);
  });

  it('checks answer false', () => {
    expect(handlePermissionCheck()).toBe(false);
  });
});

describe('IPC sender', () => {
  it("is trusted only as the app's main frame", () => {
    expect(isTrustedSender({ url: APP_URL, parent: null }, APP_URL)).toBe(true);
    expect(isTrustedSender({ url: `${APP_URL}#/report`, parent: null }, APP_URL)).toBe(true);
  });

  it('is refused as a sub-frame, even with the app URL', () => {
    expect(isTrustedSender({ url: APP_URL, parent: { url: APP_URL } }, APP_URL)).toBe(false);
  });

  it('is refused with a foreign URL or when the frame is gone', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, APP_URL)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, APP_URL)).toBe(false);
    expect(isTrustedSender(null, APP_URL)).toBe(false);
  });
});

describe('every web contents', () => {
  /** Records what hardenWebContents registers, standing in for Electron's WebContents. */
  function fakeContents() {
    const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => unknown) | null = null;
    const contents = {
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => (openHandler = handler),
      on: (name: string, listener: (event: { url?: string; preventDefault(): void }) => void) => listeners.set(name, listener),
    };
    return { contents: contents as unknown as WebContents, listeners, open: (url: string) => openHandler?.({ url }) };
  }

  it('refuses <webview>, new windows and navigation away from the app; https links go to the system', () => {
    const fake = fakeContents();
    const opened: string[] = [];
    hardenWebContents(fake.contents, APP_URL, (u) => opened.push(u));
    const attach = fakeEvent();
    fake.listeners.get('will-attach-webview')?.(attach);
    expect(attach.prevented).toBe(true);
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' });
    const navigate = Object.assign(fakeEvent(), { url: 'https://example.com/' });
    fake.listeners.get('will-navigate')?.(navigate);
    expect(navigate.prevented).toBe(true);
    const redirect = Object.assign(fakeEvent(), { url: 'https://example.com/' });
    fake.listeners.get('will-redirect')?.(redirect);
    expect(redirect.prevented).toBe(true);
    // Window open and link click hand the URL on; a redirect is never a user's click and opens nothing.
    expect(opened).toEqual(['https://example.com/', 'https://example.com/']);
  });
});

describe('menu', () => {
  it('speaks German on a German system and shows developer tools only in development', () => {
    expect(menuLanguage('de-DE')).toBe('de');
    expect(menuLanguage('en-US')).toBe('en');
    const packaged = JSON.stringify(menuTemplate('de', false, false));
    expect(packaged).toContain('Bearbeiten');
    expect(packaged).not.toContain('toggleDevTools');
    expect(JSON.stringify(menuTemplate('en', true, true))).toContain('toggleDevTools');
  });
});
