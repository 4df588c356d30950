import { answerOf, createClient, DEFAULT_CALL_TIMEOUT_MS, type TransportType } from '../../../shared/contract/client.js';
import { contract, CHUNK_MAX_BYTES } from '../../../shared/contract/contract.js';
import { ContractError } from '../../../shared/contract/errors.js';
import type { ApiType, EventPayload } from '../../../shared/contract/contract.js';
import { bridgeName, type EventNameType, type MethodNameType } from '../../../shared/contract/methods.js';
import { takeToken } from './web-token.js';
import { webSession } from './web-session.svelte.js';

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
 * The browser host's transport: one WebSocket to /api (authorised by the token in its query, see
 * web-token.ts), request ids matched to replies. While the host is gone, calls fail at once with
 * "unavailable" (the case session keeps the input and retries), and the socket is re-opened in
 * the background with backoff so events resume when the host is back. A refused connection is
 * told apart from a missing host by asking /session whether the token is still the host's.
 */
class SocketTransport {
  readonly #token = takeToken();
  #socket: WebSocket | null = null;
  #connecting: Promise<WebSocket> | null = null;
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #listeners = new Map<string, Set<Listener>>();
  #retryMs = 500;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  #connect(): Promise<WebSocket> {
    if (this.#socket) return Promise.resolve(this.#socket);
    this.#connecting ??= new Promise<WebSocket>((resolve, reject) => {
      if (this.#token === null) {
        webSession.state = 'no-token';
        this.#connecting = null;
        reject(new Error('no token'));
        return;
      }
      const url = new URL('api', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.search = `?token=${encodeURIComponent(this.#token)}`;
      url.hash = '';
      const socket = new WebSocket(url);
      let opened = false;
      socket.onopen = () => {
        opened = true;
        webSession.state = 'ok';
        this.#socket = socket;
        this.#connecting = null;
        this.#retryMs = 500;
        resolve(socket);
      };
      socket.onmessage = (e) => this.#receive(e.data);
      socket.onclose = () => {
        this.#connecting = null;
        if (this.#socket === socket) this.#socket = null;
        // Replies to calls in flight are lost with the socket: fail them so the caller can retry.
        for (const p of this.#pending.values()) p.reject(new Error('connection closed'));
        this.#pending.clear();
        if (!opened) {
          reject(new Error('cannot connect'));
          void this.#checkSession();
        }
        this.#scheduleReconnect();
      };
    });
    return this.#connecting;
  }

  /** A host that answers 403 here is up but does not know our token (restarted): say so. */
  async #checkSession(): Promise<void> {
    try {
      const res = await fetch(`/session?token=${encodeURIComponent(this.#token ?? '')}`, { cache: 'no-store' });
      webSession.state = res.status === 403 ? 'rejected' : 'ok';
    } catch {
      // The host is away: that is "no connection", not a token problem.
    }
  }

  #scheduleReconnect(): void {
    if (this.#retryTimer || this.#listeners.size === 0) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect().catch(() => {});
    }, this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
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

  /** Sends one request (made by `frame` from its id) and resolves with its reply's envelope. */
  async #send(timeoutMs: number, frame: (id: number) => string | Blob): Promise<unknown> {
    const socket = await this.#connect();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // The client gives up after timeoutMs; forget the call then, so a reply that never comes
      // does not keep its entry for the life of the page.
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error('no answer'));
      }, timeoutMs);
      const settle = { resolve: (v: unknown) => (clearTimeout(timer), resolve(v)), reject: (e: Error) => (clearTimeout(timer), reject(e)) };
      this.#pending.set(id, settle);
      socket.send(frame(id));
    });
  }

  call: TransportType = (method: MethodNameType, request: unknown, timeoutMs: number) => this.#send(timeoutMs, (id) => JSON.stringify({ id, method, payload: request }));

  /**
   * A request whose `data` travels as the bytes of a Blob in a binary frame (electron/web/
   * protocol.ts): the browser reads the file slice itself, nothing is copied or encoded here.
   */
  callWithBytes(method: MethodNameType, request: object, bytes: Blob, timeoutMs: number): Promise<unknown> {
    return this.#send(timeoutMs, (id) => {
      const header = new TextEncoder().encode(JSON.stringify({ id, method, payload: request }));
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, header.length);
      return new Blob([length, header, bytes]);
    });
  }

  on(event: string, listener: Listener): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    this.#connect().catch(() => {});
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(event);
    };
  }
}

/**
 * A slice as base64, encoded natively: `Uint8Array#toBase64` where the engine has it, else a data
 * URL from FileReader. Building a binary string in script took 200 ms a slice (2 MB/s in all).
 */
async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer()) as Uint8Array & { toBase64?: () => string };
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

/** One slice of a file for `attachments.chunk`, the host's fastest way. */
type SendSliceType = (uploadId: string, offset: number, slice: Blob) => Promise<{ received: number }>;

function create(): { api: ApiType; on: <E extends EventNameType>(e: E, l: (p: EventPayload<E>) => void) => () => void; host: 'electron' | 'web'; sendSlice: SendSliceType } {
  const bridge = (window as unknown as { starface?: BridgeType }).starface;
  if (bridge) {
    const api = createClient(electronTransport(bridge));
    return {
      api,
      on: (e, l) => bridge.onEvent?.(e, l as Listener) ?? (() => {}),
      host: 'electron',
      // IPC clones the string once; the renderer encodes the slice natively.
      sendSlice: async (uploadId, offset, slice) => api['attachments.chunk']({ uploadId, offset, data: await base64(slice) }),
    };
  }
  const socket = new SocketTransport();
  return {
    api: createClient(socket.call),
    on: (e, l) => socket.on(e, l as Listener),
    host: 'web',
    sendSlice: async (uploadId, offset, slice) => {
      // Checked as any call is (the host checks again with the data in place).
      const checked = contract['attachments.chunk'].request.safeParse({ uploadId, offset, data: '' });
      if (!checked.success || slice.size > CHUNK_MAX_BYTES) throw new ContractError('invalid-request', checked.success ? 'slice too large' : checked.error.message);
      const { uploadId: id, offset: at } = checked.data;
      return (await answerOf('attachments.chunk', socket.callWithBytes('attachments.chunk', { uploadId: id, offset: at }, slice, DEFAULT_CALL_TIMEOUT_MS), DEFAULT_CALL_TIMEOUT_MS)) as { received: number };
    },
  };
}

export const backend = create();
export const api = backend.api;
