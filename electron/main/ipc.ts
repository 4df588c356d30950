/**
 * The contract over Electron IPC: one `ipcMain.handle` per method, each refusing any frame but the
 * app's own main frame, then validating and running the call through `dispatch()` like every host.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { EnvelopeType } from '../../shared/contract/errors.js';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/contract/methods.js';
import type { EngineType } from '../engine/engine-type.js';
import { isTrustedSender } from './security.js';

const UNTRUSTED: EnvelopeType = { ok: false, error: { code: 'invalid-request', detail: 'untrusted sender frame' } };

function logUnexpected(method: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[ipc] ${method}: ${message.split('\n')[0] ?? ''}`);
}

/**
 * Registers the handlers and the event forwarding; returns the function that undoes both (used when
 * the engine closes, so a late event never reaches a destroyed window).
 */
export function registerIpc(engine: EngineType, getWindow: () => BrowserWindow | null, appUrl: string): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, request: unknown): Promise<EnvelopeType> => {
      if (!isTrustedSender(event.senderFrame, appUrl)) return Promise.resolve(UNTRUSTED);
      return dispatch(engine.handlers, method, request, logUnexpected);
    });
  }
  // The event name is the channel; the preload listens only to EVENT_NAMES.
  const unsubscribers = EVENT_NAMES.map((name) =>
    engine.onEvent(name, (payload) => {
      const window = getWindow();
      if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
      window.webContents.send(name, payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(method);
  };
}
