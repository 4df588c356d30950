import { z } from 'zod';
import { AttachmentFileNameSchema } from '../jobs/job-specs.js';

/**
 * The ladder (issue 8 §2): a capture's SIP messages grouped into dialogs (by Call-ID), listed like
 * sngrep's call list, and the messages of one dialog or one device as a ladder. The engine builds
 * an index per attached capture (engine/trace/ladder/); these are the shapes of its pages.
 */

/**
 * A dialog's state, as sngrep names a call's: for an INVITE dialog calling → ringing → in-call →
 * completed, or cancelled / rejected / busy / diverted; for any other first method (REGISTER,
 * OPTIONS, SUBSCRIBE …) completed (2xx), failed (final ≥ 300 other than a digest challenge) or
 * no-answer (no final response in the capture).
 */
export const DIALOG_STATES = ['calling', 'ringing', 'in-call', 'completed', 'cancelled', 'rejected', 'busy', 'diverted', 'failed', 'no-answer'] as const;
export const DialogStateSchema = z.enum(DIALOG_STATES);
export type DialogStateType = z.infer<typeof DialogStateSchema>;

export const DIALOG_SORT_KEYS = ['time', 'from', 'to', 'method', 'state', 'duration'] as const;
export const DialogSortSchema = z.enum(DIALOG_SORT_KEYS);
export type DialogSortType = z.infer<typeof DialogSortSchema>;

/** `IP:PORT` as `analyze` writes devices (IPv6 in brackets). */
export const PartySchema = z.string().min(3).max(64);

export const DialogRowSchema = z.object({
  /** Position of the dialog in the index (first message order): the key for its ladder. */
  id: z.number().int().nonnegative(),
  callId: z.string().max(256),
  /** From and To URIs without scheme and parameters (`100@192.0.2.10`). */
  from: z.string().max(256),
  to: z.string().max(256),
  method: z.string().max(32),
  state: DialogStateSchema,
  /** Milliseconds since the epoch of the first message; duration from the first to the last. */
  start: z.number(),
  durationMs: z.number().nonnegative(),
  /** Response codes seen, ascending, each once. */
  codes: z.array(z.number().int().min(100).max(699)).max(64),
  messages: z.number().int().nonnegative(),
  retransmissions: z.number().int().nonnegative(),
  /** First message's source and destination. */
  src: PartySchema,
  dst: PartySchema,
});
export type DialogRowType = z.infer<typeof DialogRowSchema>;

const CaptureRefSchema = z.object({ caseId: z.string().regex(/^[a-z0-9-]{8,64}$/), fileName: AttachmentFileNameSchema });

export const DialogPageRequestSchema = CaptureRefSchema.extend({
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(100),
  sort: DialogSortSchema.default('time'),
  descending: z.boolean().default(false),
  /** Case-insensitive text in From, To, Call-ID or method; empty: all dialogs. */
  filter: z.string().max(200).default(''),
});
export type DialogPageRequestType = z.infer<typeof DialogPageRequestSchema>;

export const LadderSummarySchema = z.object({
  /** Dialogs in the index, SIP messages indexed, and those skipped (no Call-ID/CSeq, malformed). */
  dialogs: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Set when the capture is cut or damaged: the index holds the messages before it. */
  stoppedAt: z.number().int().nonnegative().nullable(),
  /** Dialogs or messages beyond the index's bounds, only counted. */
  dropped: z.number().int().nonnegative(),
});
export type LadderSummaryType = z.infer<typeof LadderSummarySchema>;

export const DialogPageSchema = z.object({
  summary: LadderSummarySchema,
  /** Dialogs that match the filter (all when there is none). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  dialogs: z.array(DialogRowSchema).max(500),
});
export type DialogPageType = z.infer<typeof DialogPageSchema>;

/** The ladder of one dialog (by its id in the list) or of one device (`IP:PORT`). */
export const LadderRequestSchema = CaptureRefSchema.extend({
  dialog: z.number().int().nonnegative().optional(),
  device: PartySchema.optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(200),
}).refine((r) => (r.dialog === undefined) !== (r.device === undefined), { message: 'exactly one of dialog or device' });
export type LadderRequestType = z.infer<typeof LadderRequestSchema>;

export const LadderMessageSchema = z.object({
  /** The message's number in the index: the key for `ladder.message`. */
  id: z.number().int().nonnegative(),
  time: z.number(),
  /** Milliseconds since the ladder's previous message (0 for the first). */
  deltaMs: z.number().nonnegative(),
  src: PartySchema,
  dst: PartySchema,
  transport: z.enum(['udp', 'tcp']),
  isRequest: z.boolean(),
  /** The request's method, or for a response the method of its CSeq. */
  method: z.string().max(32),
  status: z.number().int().min(0).max(699),
  cseq: z.number().int().nonnegative(),
  /** The same message (same bytes' key) seen again in the capture. */
  retransmission: z.boolean(),
  callId: z.string().max(256),
  bytes: z.number().int().nonnegative(),
});
export type LadderMessageType = z.infer<typeof LadderMessageSchema>;

export const LadderPageSchema = z.object({
  /** Every address of the whole ladder, in the order they first appear: the columns. */
  parties: z.array(PartySchema).max(200),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  messages: z.array(LadderMessageSchema).max(1000),
});
export type LadderPageType = z.infer<typeof LadderPageSchema>;

export const SipMessageRequestSchema = CaptureRefSchema.extend({ id: z.number().int().nonnegative() });

/** One message whole: start line, headers in order, body (SDP when it carries one). */
export const SipMessageWholeSchema = z.object({
  message: LadderMessageSchema,
  startLine: z.string().max(2048),
  headers: z.array(z.object({ name: z.string().max(256), value: z.string().max(8192) })).max(400),
  body: z.string().max(65536),
  contentType: z.string().max(256),
  isSdp: z.boolean(),
});
export type SipMessageWholeType = z.infer<typeof SipMessageWholeSchema>;
