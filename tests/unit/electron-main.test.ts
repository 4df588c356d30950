/**
 * The wiring in electron/main/index.ts, run for real with the Electron module replaced by a
 * recording fake (the Electron binary cannot run here). Every line of the security wiring is
 * observed: removing one fails a test here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security.js';
import { METHOD_NAMES } from '../../shared/contract/methods.js';

type Listener = (...args: unknown[]) => unknown;

const rec = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, Array<(...args: unknown[]) => unknown>>();
  const windows: Array<{ options: Record<string, unknown> }> = [];
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const opened: string[] = [];
  const session = {
    headers: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => unknown),
    devicePermission: null as null | ((...args: unknown[]) => unknown),
  };
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  return { calls, appListeners, windows, handlers, opened, session, ready, resolveReady: () => resolveReady() };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    webContents = { isDestroyed: () => false, send: () => {} };
    constructor(options: Record<string, unknown>) {
      rec.windows.push({ options });
      rec.calls.push('BrowserWindow');
      BrowserWindow.all.push(this);
    }
    once() {}
    on() {}
    show() {}
    loadFile(file: string) {
      rec.calls.push(`loadFile:${file}`);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    setBackgroundColor() {}
  }
  const app = {
    requestSingleInstanceLock: () => true,
    enableSandbox: () => rec.calls.push('enableSandbox'),
    on: (event: string, fn: (...args: unknown[]) => unknown) => {
      rec.appListeners.set(event, [...(rec.appListeners.get(event) ?? []), fn]);
    },
    whenReady: () => {
      rec.calls.push('whenReady');
      return rec.ready;
    },
    getLocale: () => 'de-DE',
    isPackaged: true,
    getVersion: () => '0.0.0-test',
    getPath: () => process.env.STARFACE_TRIAGE_DATA_DIR ?? '',
    quit: () => rec.calls.push('quit'),
    exit: (code: number) => rec.calls.push(`exit:${code}`),
  };
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (title: string, text: string) => rec.calls.push(`error:${text}`) },
    Menu: { setApplicationMenu: () => rec.calls.push('menu'), buildFromTemplate: (t: unknown) => t },
    nativeTheme: { shouldUseDarkColors: false, on: () => {} },
    powerSaveBlocker: { start: () => 1, stop: () => {} },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof rec.session.headers) => (rec.session.headers = fn) },
        setPermissionRequestHandler: (fn: typeof rec.session.permissionRequest) => (rec.session.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof rec.session.permissionCheck) => (rec.session.permissionCheck = fn),
        setDevicePermissionHandler: (fn: typeof rec.session.devicePermission) => (rec.session.devicePermission = fn),
      },
    },
    shell: {
      openExternal: (url: string) => {
        rec.opened.push(url);
        return Promise.resolve();
      },
      openPath: () => Promise.resolve(''),
    },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => rec.handlers.set(channel, fn),
      removeHandler: (channel: string) => rec.handlers.delete(channel),
    },
  };
});

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sft-main-'));
  process.env.STARFACE_TRIAGE_DATA_DIR = dataDir;
  await import('../../electron/main/index.js');
  // The sandbox must be on before the app is ready (Electron ignores it afterwards).
  expect(rec.calls.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0);
  expect(rec.calls.indexOf('enableSandbox')).toBeLessThan(rec.calls.indexOf('whenReady'));
  rec.resolveReady();
  await vi.waitFor(() => expect(rec.windows).toHaveLength(1), { timeout: 10_000 });
});

afterAll(async () => {
  delete process.env.STARFACE_TRIAGE_DATA_DIR;
  await rm(dataDir, { recursive: true, force: true });
});

function listener(event: string): Listener {
  const fn = rec.appListeners.get(event)?.[0];
  if (!fn) throw new Error(`no app listener for ${event}`);
  return fn;
}

describe('Electron main wiring', () => {
  it('creates the window sandboxed, isolated, without Node, with the bundled preload', () => {
    const prefs = rec.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(rec.calls.some((c) => c.startsWith('loadFile:') && c.endsWith('index.html'))).toBe(true);
  });

  it('puts the CSP header on every response and denies every permission', () => {
    let answer: unknown = null;
    rec.session.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (answer = r));
    expect(answer).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    let granted: boolean | null = null;
    rec.session.permissionRequest?.({}, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(rec.session.permissionCheck?.()).toBe(false);
    expect(rec.session.devicePermission?.()).toBe(false);
  });

  it('hardens every web contents: new windows denied, only checked URLs go to the system', () => {
    const registered = new Map<string, Listener>();
    let openHandler: Listener | null = null;
    const contents = {
      setWindowOpenHandler: (fn: Listener) => (openHandler = fn),
      on: (event: string, fn: Listener) => registered.set(event, fn),
    };
    listener('web-contents-created')({}, contents);
    expect([...registered.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(openHandler).not.toBeNull();
    rec.opened.length = 0;
    expect((openHandler as unknown as Listener)({ url: 'HTTPS://www.STARFACE.de/a/../b' })).toEqual({ action: 'deny' });
    expect((openHandler as unknown as Listener)({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect((openHandler as unknown as Listener)({ url: 'mailto:x@y.de?attach=/etc/passwd' })).toEqual({ action: 'deny' });
    expect(rec.opened).toEqual(['https://www.starface.de/b']);
    const navigation = { url: 'https://evil.example/', prevented: false, preventDefault() { this.prevented = true; } };
    registered.get('will-navigate')?.(navigation);
    expect(navigation.prevented).toBe(true);
  });

  it('answers the contract over IPC only to the app’s own main frame', async () => {
    expect([...rec.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    const info = rec.handlers.get('app.info');
    const appUrl = String((rec.calls.find((c) => c.startsWith('loadFile:')) ?? '').slice('loadFile:'.length));
    const own = { senderFrame: { url: `file://${appUrl}`, parent: null } };
    expect(await info?.(own, {})).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
    expect(await info?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).toMatchObject({ ok: false });
    expect(await info?.({ senderFrame: { url: `file://${appUrl}`, parent: {} } }, {})).toMatchObject({ ok: false });
  });

  it('lets the engine finish before quitting, and unregisters IPC', async () => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    listener('will-quit')(event);
    expect(event.prevented).toBe(true);
    await vi.waitFor(() => expect(rec.calls).toContain('quit'));
    expect(rec.handlers.size).toBe(0);
  });
});
