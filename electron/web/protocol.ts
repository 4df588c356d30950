/**
 * The browser host's WebSocket protocol at `/api`: the IPC contract wrapped in JSON frames.
 * Only zod and shared/ are imported, so the renderer side can mirror (or later share) these schemas.
 *
 *   browser → host   {id, method, payload}    one contract call; `id` is echoed in the reply
 *   host → browser   {id, envelope}           the `dispatch()` envelope for that call
 *   host → browser   {event, payload}         an engine event (see `events` in the contract)
 *
 *   browser → host   binary: u32 (big-endian) header length, the header {id, method, payload} as
 *                    UTF-8 JSON, then raw bytes, which become the payload's `data` (base64) before
 *                    the call is checked and dispatched like any other. Only for BINARY_METHODS:
 *                    a file slice sent as text cost the browser a base64 copy, a JSON copy and a
 *                    slow WebSocket text frame (about 4 MB/s in all); as a Blob it is not copied.
 *
 * A frame that cannot be read gets `{id: null, envelope: {ok: false, error}}` (or its id, if one
 * could be recovered), so a client never waits forever on a malformed call.
 */
import { z } from 'zod';
import { EnvelopeSchema } from '../../shared/contract/errors.js';
import { EVENT_NAMES } from '../../shared/contract/methods.js';

/** Largest frame the host accepts; a case with its answers is far below this. */
export const WS_MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** Calls one connection may have running at once; more get an `unavailable` envelope. */
export const WS_MAX_IN_FLIGHT = 16;

/** Calls all connections together may have running at once (each answer up to a whole case). */
export const WS_MAX_IN_FLIGHT_TOTAL = 32;

/** Unsent answers one connection may pile up (a client that does not read) before calls wait. */
export const WS_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export const WS_PATH = '/api';

/** Methods that may come as a binary frame (see above), and the largest header such a frame has. */
export const BINARY_METHODS: readonly string[] = ['attachments.chunk'];
export const BINARY_HEADER_MAX = 4096;

/** WebSocket connections the host keeps at once; more are refused with 503. */
export const WS_MAX_CONNECTIONS = 16;

export const WsCallIdSchema = z.union([z.string().min(1).max(100), z.number().int().safe()]);
export type WsCallIdType = z.infer<typeof WsCallIdSchema>;

/** Browser → host. `method` stays a plain string here: `dispatch()` rejects unknown names itself. */
export const WsRequestSchema = z.object({
  id: WsCallIdSchema,
  method: z.string().max(100),
  payload: z.unknown().optional(),
});
export type WsRequestType = z.infer<typeof WsRequestSchema>;

/** Host → browser: the answer to one call. */
export const WsReplySchema = z.object({
  id: WsCallIdSchema.nullable(),
  envelope: EnvelopeSchema,
});
export type WsReplyType = z.infer<typeof WsReplySchema>;

/** Host → browser: an engine event; its payload is checked against `events[event]` by the client. */
export const WsEventSchema = z.object({
  event: z.enum(EVENT_NAMES),
  payload: z.unknown(),
});
export type WsEventType = z.infer<typeof WsEventSchema>;

/** Everything the host sends; replies carry `id`, events carry `event`. */
export const WsServerMessageSchema = z.union([WsReplySchema, WsEventSchema]);
export type WsServerMessageType = z.infer<typeof WsServerMessageSchema>;
