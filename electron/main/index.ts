/**
 * Electron main process: lifecycle, the one window, the security policy and the IPC wiring.
 * Everything the app does happens in the engine; this file only connects it to a window.
 */
import { app, BrowserWindow, dialog, Menu, nativeTheme, powerSaveBlocker, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEngine } from '../engine/engine.js';
import type { EngineType } from '../engine/engine-type.js';
import { DATA_DIR_ENV } from '../engine/store/data-dir.js';
import { registerIpc } from './ipc.js';
import { menuLanguage, menuTemplate } from './menu.js';
import {
  CONTENT_SECURITY_POLICY,
  externalUrl,
  hardenWebContents,
  handlePermissionCheck,
  handlePermissionRequest,
  webPreferencesFor,
} from './security.js';

// out/electron/main/index.js → out/preload/index.cjs and out/renderer/index.html
const PRELOAD_PATH = fileURLToPath(new URL('../../preload/index.cjs', import.meta.url));
const RENDERER_INDEX = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const APP_URL = pathToFileURL(RENDERER_INDEX).href;

// The renderer's --bg in dark and light (renderer/src/app.css), so no flash on start.
const DARK_BACKGROUND = '#12161c';
const LIGHT_BACKGROUND = '#f5f6f8';

let mainWindow: BrowserWindow | null = null;
let engine: EngineType | null = null;
let unregisterIpc: (() => void) | null = null;

function openExternal(url: string): void {
  // Checked again here, so no caller can hand the system a URL the policy has not judged; what
  // goes out is the normalised form that was checked.
  const checked = externalUrl(url);
  if (checked !== null) shell.openExternal(checked).catch(() => {});
}

async function openFile(absolutePath: string): Promise<boolean> {
  // openPath resolves to an error message, or '' when the default program was started.
  return (await shell.openPath(absolutePath).catch((error: unknown) => String(error))) === '';
}

function backgroundColor(): string {
  return nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'STARFACE Triage',
    backgroundColor: backgroundColor(),
    webPreferences: webPreferencesFor(PRELOAD_PATH),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadFile(RENDERER_INDEX);
  return window;
}

function applySessionPolicy(): void {
  const ses = session.defaultSession;
  // The renderer's own <meta> CSP covers file:// loads; the header covers everything else.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler(handlePermissionRequest);
  ses.setPermissionCheckHandler(handlePermissionCheck);
  ses.setDevicePermissionHandler(() => false);
}

async function start(): Promise<void> {
  await app.whenReady();
  applySessionPolicy();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(menuLanguage(app.getLocale()), process.platform === 'darwin', !app.isPackaged)),
  );
  const created: EngineType = await createEngine({
    dataDir: process.env[DATA_DIR_ENV] || app.getPath('userData'),
    host: 'electron',
    appVersion: app.getVersion(),
    openFile,
    // An hour-long NAT measurement must not be cut by the laptop going to sleep.
    keepAwake: () => {
      const id = powerSaveBlocker.start('prevent-app-suspension');
      return () => powerSaveBlocker.stop(id);
    },
  });
  engine = created;
  unregisterIpc = registerIpc(created, () => mainWindow, APP_URL);
  mainWindow = createWindow();
  nativeTheme.on('updated', () => mainWindow?.setBackgroundColor(backgroundColor()));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // A second start only brings the running window forward (see 'second-instance').
  app.quit();
} else {
  // Before 'ready': every renderer, including any created later, runs in the OS sandbox.
  app.enableSandbox();
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, APP_URL, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || engine === null) return;
    // The engine finishes its writes before the process goes.
    event.preventDefault();
    closed = true;
    unregisterIpc?.();
    void engine.close().finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('STARFACE Triage', `Die App konnte nicht starten.\nThe app could not start.\n\n${detail}`);
    app.exit(1);
  });
}
