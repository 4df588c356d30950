import { createClient, type TransportType } from '../../../shared/contract/client.js';
import type { ApiType, EventPayload } from '../../../shared/contract/contract.js';
import { bridgeName, type EventNameType, type MethodNameType } from '../../../shared/contract/methods.js';

/** What the Electron preload exposes: one named function per method, plus event subscription. */
interface BridgeType {
  [name: string]: unknown;
  onEvent?: (event: EventNameType, listener: (payload: unknown) => void) => () => void;
}

type Listener = (payload: unknown) => void;

function electronTransport(bridge: BridgeType): TransportType {
  return (method, request) => {
    const fn = bridge[bridgeName(method)];
    if (typeof fn !== 'function') return Promise.reject(new Error(`bridge lacks ${method}`));
    return (fn as (req: unknown) => Promise<unknown>)(request);
  };
}

/**
 * The browser host's transport: one WebSocket to /api (authorised by the cookie the host set when
 * the page was opened with its token), request ids matched to replies, reconnect with backoff.
 * Calls made while disconnected wait for the connection rather than fail.
 */
class SocketTransport {
  #socket: WebSocket | null = null;
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; message: string }>();
  #listeners = new Map<string, Set<Listener>>();
  #opened: Promise<WebSocket> | null = null;
  #retryMs = 250;

  #connect(): Promise<WebSocket> {
    if (this.#opened) return this.#opened;
    this.#opened = new Promise((resolve) => {
      const url = new URL('api', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.hash = '';
      const socket = new WebSocket(url);
      socket.onopen = () => {
        this.#socket = socket;
        this.#retryMs = 250;
        resolve(socket);
      };
      socket.onmessage = (e) => this.#receive(e.data);
      socket.onclose = () => {
        this.#socket = null;
        this.#opened = null;
        // Replies to calls in flight are lost with the socket: fail them so the caller can retry.
        for (const [id, p] of this.#pending) {
          p.reject(new Error('connection closed'));
          this.#pending.delete(id);
        }
        setTimeout(() => void this.#connect().then(resolve), this.#retryMs);
        this.#retryMs = Math.min(this.#retryMs * 2, 5000);
      };
    });
    return this.#opened;
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; envelope?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number' && this.#pending.has(m.id)) {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      p?.resolve(m.envelope);
    } else if (typeof m.event === 'string') {
      for (const l of this.#listeners.get(m.event) ?? []) l(m.payload);
    }
  }

  call: TransportType = async (method: MethodNameType, request: unknown) => {
    const socket = await this.#connect();
    const id = this.#nextId++;
    const message = JSON.stringify({ id, method, payload: request });
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, message });
      socket.send(message);
    });
  };

  on(event: string, listener: Listener): () => void {
    void this.#connect();
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }
}

function create(): { api: ApiType; on: <E extends EventNameType>(e: E, l: (p: EventPayload<E>) => void) => () => void; host: 'electron' | 'web' } {
  const bridge = (window as unknown as { starface?: BridgeType }).starface;
  if (bridge) {
    return {
      api: createClient(electronTransport(bridge)),
      on: (e, l) => bridge.onEvent?.(e, l as Listener) ?? (() => {}),
      host: 'electron',
    };
  }
  const socket = new SocketTransport();
  return { api: createClient(socket.call), on: (e, l) => socket.on(e, l as Listener), host: 'web' };
}

export const backend = create();
export const api = backend.api;
