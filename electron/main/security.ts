/**
 * The Electron security policy as plain values and functions, following Electron's security
 * checklist (electronjs.org/docs/latest/tutorial/security). Only `import type` from electron: the
 * tests run where the Electron binary does not exist, and index.ts/ipc.ts do the wiring.
 */
import type { HandlerDetails, WebContents, WebPreferences, WindowOpenHandlerResponse } from 'electron';

/** Every renderer gets these; nothing in the UI needs Node, a webview or insecure content. */
export function webPreferencesFor(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * The app's pages load only what ships with them. Styles may be inline because Svelte injects
 * component styles and transition styles; scripts may not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const EXTERNAL_PROTOCOLS = new Set(['https:', 'tel:', 'mailto:']);

/** Mail programs that honour these attach a local file of the sender's choosing to the draft. */
const MAILTO_ATTACH = /^(attach|attachment|attachments)$/;

/**
 * What may leave the app for the system's browser, dialer or mail program, as the normalised URL
 * that was checked (what goes out is exactly what was judged, never the raw string), or null.
 * http: is refused so a hotline or knowledge-base link can never be downgraded; credentials in a
 * URL are refused as phishing; a mailto: that asks to attach a file is refused.
 */
export function externalUrl(url: string): string | null {
  if (typeof url !== 'string' || url.length > 2048 || /[\s\0]/.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return null;
  if (parsed.protocol === 'https:') {
    return parsed.hostname !== '' && parsed.username === '' && parsed.password === '' ? parsed.href : null;
  }
  if (parsed.pathname === '') return null;
  if (parsed.protocol === 'mailto:') {
    // URLSearchParams decodes %-escapes, so `%61ttach` is caught as `attach`.
    for (const key of new URLSearchParams(parsed.search).keys()) if (MAILTO_ATTACH.test(key.trim().toLowerCase())) return null;
  }
  return parsed.href;
}

export function isAllowedExternalUrl(url: string): boolean {
  return externalUrl(url) !== null;
}

/** Same page as the app: for file: the same file, for a dev server the same origin. */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  return target.origin === app.origin;
}

export type OpenExternalType = (url: string) => void;

/** New windows are never created; an allowed link goes to the system instead. */
export function handleWindowOpen(details: Pick<HandlerDetails, 'url'>, openExternal: OpenExternalType): WindowOpenHandlerResponse {
  const url = externalUrl(details.url);
  if (url !== null) openExternal(url);
  return { action: 'deny' };
}

/** The window never leaves the app's page; a plain https/tel/mailto link opens outside. */
export function handleWillNavigate(
  event: { preventDefault(): void },
  url: string,
  appUrl: string,
  openExternal: OpenExternalType,
): void {
  if (isAppUrl(url, appUrl)) return;
  event.preventDefault();
  const checked = externalUrl(url);
  if (checked !== null) openExternal(checked);
}

/** Camera, microphone, notifications, geolocation, …: the app needs none of them. */
export function handlePermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function handlePermissionCheck(): boolean {
  return false;
}

/** The structural part of Electron's WebFrameMain that decides trust. */
export interface SenderFrameType {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * IPC is answered only for the app's own main frame: a sub-frame or a page that navigated elsewhere
 * (should that ever slip through) gets nothing. Electron reports a gone frame as null.
 */
export function isTrustedSender(frame: SenderFrameType | null | undefined, appUrl: string): boolean {
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, appUrl);
}

/** Applies the navigation policy to any web contents the app creates. */
export function hardenWebContents(contents: WebContents, appUrl: string, openExternal: OpenExternalType): void {
  contents.setWindowOpenHandler((details) => handleWindowOpen(details, openExternal));
  contents.on('will-navigate', (event) => handleWillNavigate(event, event.url, appUrl, openExternal));
  contents.on('will-redirect', (event) => handleWillNavigate(event, event.url, appUrl, () => {}));
  // <webview> is off in webPreferences; refusing the attach as well covers any contents that slip by.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
