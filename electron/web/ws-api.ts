/**
 * The contract over one WebSocket: every frame is untrusted, so it is parsed, never cast, and any
 * failure becomes an error envelope instead of an exception that could end the host.
 */
import type { RawData, WebSocket } from 'ws';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { EnvelopeType } from '../../shared/contract/errors.js';
import type { EngineType } from '../engine/engine-type.js';
import { BINARY_HEADER_MAX, BINARY_METHODS, WS_MAX_BUFFERED_BYTES, WS_MAX_IN_FLIGHT, WS_MAX_IN_FLIGHT_TOTAL, WsCallIdSchema, WsRequestSchema, type WsCallIdType, type WsServerMessageType } from './protocol.js';

export type UnexpectedErrorHandlerType = (method: string, error: unknown) => void;

function failure(detail: string, code: 'invalid-request' | 'unavailable' = 'invalid-request'): EnvelopeType {
  return { ok: false, error: { code, detail } };
}

/**
 * Sends one message. A message that cannot be serialised (a value JSON cannot carry, or nesting
 * deeper than the stack) must not leave a call unanswered: its reply becomes an error envelope.
 */
export function send(socket: WebSocket, message: WsServerMessageType): void {
  if (socket.readyState !== socket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch {
    if (!('id' in message)) return; // an event nobody waits for
    text = JSON.stringify({ id: message.id, envelope: { ok: false, error: { code: 'internal', detail: 'the answer could not be sent' } } });
  }
  try {
    socket.send(text);
  } catch {
    // The socket went away between the check and the send; nothing is left to tell.
  }
}

/** Best effort: a frame that failed validation may still carry an id worth echoing. */
function recoverId(value: unknown): WsCallIdType | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = WsCallIdSchema.safeParse((value as { id: unknown }).id);
  return id.success ? id.data : null;
}

/** Calls in flight across all connections of one host: bounds the memory of replies being built. */
export interface HostLoadType {
  inFlight: number;
}

/** Wires one accepted connection to the engine's handlers. */
export function serveConnection(socket: WebSocket, engine: EngineType, onUnexpected: UnexpectedErrorHandlerType, load: HostLoadType = { inFlight: 0 }): void {
  let inFlight = 0;

  socket.on('error', () => {
    // e.g. a frame above maxPayload: `ws` closes the socket itself (1009); the host carries on.
  });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    let parsed: unknown;
    if (isBinary) {
      parsed = binaryRequest(rawBytes(data));
      if (parsed === null) {
        send(socket, { id: null, envelope: failure(`a binary frame is {header, bytes} for ${BINARY_METHODS.join(', ')} only`) });
        return;
      }
    } else {
      try {
        parsed = JSON.parse(rawBytes(data).toString('utf8'));
      } catch {
        send(socket, { id: null, envelope: failure('frame is not JSON') });
        return;
      }
    }
    const request = WsRequestSchema.safeParse(parsed);
    if (!request.success) {
      send(socket, { id: recoverId(parsed), envelope: failure('frame is not {id, method, payload}') });
      return;
    }
    const { id, method, payload } = request.data;
    if (inFlight >= WS_MAX_IN_FLIGHT || load.inFlight >= WS_MAX_IN_FLIGHT_TOTAL || socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
      send(socket, { id, envelope: failure('too many calls at once', 'unavailable') });
      return;
    }
    inFlight += 1;
    load.inFlight += 1;
    void dispatch(engine.handlers, method, payload, onUnexpected)
      .catch((): EnvelopeType => ({ ok: false, error: { code: 'internal', detail: 'dispatch failed' } }))
      .then((envelope) => {
        inFlight -= 1;
        load.inFlight -= 1;
        send(socket, { id, envelope });
      });
  });
}

/**
 * A binary frame (protocol.ts): its header's request with the bytes after it as the payload's
 * `data`, in the contract's base64; null when the frame is not that or the method may not use it.
 */
function binaryRequest(frame: Buffer): unknown {
  if (frame.length < 4) return null;
  const headerLength = frame.readUInt32BE(0);
  if (headerLength > BINARY_HEADER_MAX || 4 + headerLength > frame.length) return null;
  let header: unknown;
  try {
    header = JSON.parse(frame.toString('utf8', 4, 4 + headerLength));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null) return null;
  const { method, payload } = header as { method?: unknown; payload?: unknown };
  if (typeof method !== 'string' || !BINARY_METHODS.includes(method) || typeof payload !== 'object' || payload === null || 'data' in payload) return null;
  return { ...header, payload: { ...payload, data: frame.toString('base64', 4 + headerLength) } };
}

function rawBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}
