/**
 * The sandboxed preload: `window.starface` has one named function per contract method and an
 * event subscription limited to the contract's events. Nothing generic (no invoke, send or
 * ipcRenderer) crosses the bridge, so a compromised page can only make calls the contract knows,
 * and main validates those again. Bundled into one CJS file by vite.preload.config.ts.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeName, EVENT_NAMES, METHOD_NAMES, type EventNameType } from '../../shared/contract/methods.js';

export type BridgeCallType = (request?: unknown) => Promise<unknown>;
export type BridgeOnEventType = (name: EventNameType, callback: (payload: unknown) => void) => () => void;

function isEventName(name: unknown): name is EventNameType {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

function onEvent(name: EventNameType, callback: (payload: unknown) => void): () => void {
  if (!isEventName(name)) throw new Error(`unknown event ${String(name).slice(0, 80)}`);
  if (typeof callback !== 'function') throw new Error('callback must be a function');
  // The IpcRendererEvent stays here: it carries `sender`, which must not reach the page.
  const listener = (_event: IpcRendererEvent, payload: unknown): void => callback(payload);
  ipcRenderer.on(name, listener);
  return () => {
    ipcRenderer.removeListener(name, listener);
  };
}

function buildBridge(): Record<string, BridgeCallType | BridgeOnEventType> {
  const bridge: Record<string, BridgeCallType | BridgeOnEventType> = {};
  for (const method of METHOD_NAMES) {
    // Resolves to the envelope {ok, value} | {ok: false, error}; the renderer's client parses it.
    bridge[bridgeName(method)] = (request?: unknown) => ipcRenderer.invoke(method, request ?? {});
  }
  bridge.onEvent = onEvent;
  return bridge;
}

contextBridge.exposeInMainWorld('starface', buildBridge());
