/**
 * The contract over one WebSocket: every frame is untrusted, so it is parsed, never cast, and any
 * failure becomes an error envelope instead of an exception that could end the host.
 */
import type { RawData, WebSocket } from 'ws';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { EnvelopeType } from '../../shared/contract/errors.js';
import type { EngineType } from '../engine/engine-type.js';
import { WS_MAX_BUFFERED_BYTES, WS_MAX_IN_FLIGHT, WS_MAX_IN_FLIGHT_TOTAL, WsCallIdSchema, WsRequestSchema, type WsCallIdType, type WsServerMessageType } from './protocol.js';

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
    if (isBinary) {
      send(socket, { id: null, envelope: failure('binary frames are not part of the protocol') });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      send(socket, { id: null, envelope: failure('frame is not JSON') });
      return;
    }
    const request = WsRequestSchema.safeParse(parsed);
    if (!request.success) {
      send(socket, { id: recoverId(parsed), envelope: failure('frame is not {id, method, payload}') });
      return;
    }
    const { id, method, payload } = request.data;
    // A client that sends calls faster than it reads the answers (or many clients at once) is told
    // to wait instead of making the host build and buffer answers without bound.
    if (inFlight >= WS_MAX_IN_FLIGHT || load.inFlight >= WS_MAX_IN_FLIGHT_TOTAL || socket.bufferedAmount > WS_MAX_BUFFERED_BYTES) {
      send(socket, { id, envelope: failure('too many calls at once', 'unavailable') });
      return;
    }
    inFlight += 1;
    load.inFlight += 1;
    // dispatch() never rejects by contract; the catch guards against a throwing onUnexpected.
    void dispatch(engine.handlers, method, payload, onUnexpected)
      .catch((): EnvelopeType => ({ ok: false, error: { code: 'internal', detail: 'dispatch failed' } }))
      .then((envelope) => {
        inFlight -= 1;
        load.inFlight -= 1;
        send(socket, { id, envelope });
      });
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
