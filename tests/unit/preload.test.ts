import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeName, EVENT_NAMES, METHOD_NAMES } from '../../shared/contract/methods.js';

// The Electron binary cannot be installed here, so `electron` is replaced by a stand-in that
// records what the preload hands to contextBridge and what it asks of ipcRenderer.
const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const invoke = vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } }));
  return {
    exposed,
    listeners,
    invoke,
    electron: {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke,
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)?.add(listener);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
      },
    },
  };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

type BridgeType = Record<string, unknown>;
let bridge: BridgeType;

beforeAll(async () => {
  await import('../../electron/preload/index.js');
  bridge = fake.exposed.get('starface') as BridgeType;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.starface', () => {
    expect([...fake.exposed.keys()]).toEqual(['starface']);
  });

  it('has exactly one function per contract method plus onEvent', () => {
    const expected = [...METHOD_NAMES.map(bridgeName), 'onEvent'].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('offers no generic channel access', () => {
    for (const name of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer', 'postMessage', 'require']) {
      expect(bridge).not.toHaveProperty(name);
    }
  });

  it('routes each function to its own method channel', async () => {
    for (const method of METHOD_NAMES) {
      fake.invoke.mockClear();
      const call = bridge[bridgeName(method)] as (request?: unknown) => Promise<unknown>;
      await call({ probe: method });
      expect(fake.invoke).toHaveBeenCalledExactlyOnceWith(method, { probe: method });
    }
  });

  it('passes the envelope through for the client to parse', async () => {
    const casesList = bridge.casesList as (request?: unknown) => Promise<unknown>;
    await expect(casesList()).resolves.toEqual({ ok: true, value: { channel: 'cases.list', request: {} } });
  });
});

describe('preload events', () => {
  const onEvent = (): ((name: string, cb: (payload: unknown) => void) => () => void) =>
    bridge.onEvent as (name: string, cb: (payload: unknown) => void) => () => void;

  it('subscribes to contract events and hands over only the payload', () => {
    const received: unknown[][] = [];
    const unsubscribe = onEvent()('cases.changed', (...args) => received.push(args));
    for (const listener of fake.listeners.get('cases.changed') ?? []) listener({ sender: 'ipc internals' }, { ids: ['abc'] });
    expect(received).toEqual([[{ ids: ['abc'] }]]);
    unsubscribe();
    expect(fake.listeners.get('cases.changed')?.size ?? 0).toBe(0);
  });

  it('refuses channels that are not contract events', () => {
    expect(() => onEvent()('cases.list', () => {})).toThrow();
    expect(() => onEvent()('ELECTRON_BROWSER_REQUIRE', () => {})).toThrow();
    expect(fake.listeners.has('cases.list')).toBe(false);
  });

  it('knows every contract event', () => {
    for (const name of EVENT_NAMES) onEvent()(name, () => {})();
  });
});
