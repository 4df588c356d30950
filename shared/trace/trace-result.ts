import { z } from 'zod';
import { BilingualTextSchema, boundedRecord } from '../model/bounded.js';
import { CliTraceFindingSchema, TraceFindingSchema } from './trace-finding.js';
import { MAX_DEVICES, MAX_TIMELINE } from './trace-limits.js';

/**
 * What `analyze` reads from a capture (issue 7): the CLI's --json and the engine's result share
 * this shape; the CLI prints findings and warnings in one language. Bounded throughout: a capture
 * is untrusted input.
 */

export const QualifyStateSchema = z.enum(['ok', 'lagged', 'unreachable']);
export type QualifyStateType = z.infer<typeof QualifyStateSchema>;

/** One qualify exchange: when the OPTIONS left (ms since the epoch), how it ended, its RTT. */
export const QualifyPointSchema = z.object({
  time: z.number(),
  state: QualifyStateSchema,
  rttMs: z.number().nullable(),
});
export type QualifyPointType = z.infer<typeof QualifyPointSchema>;


export const DeviceSchema = z.object({
  /** `IP:PORT` of the side that answers the OPTIONS (or sends the REGISTER). */
  address: z.string().max(64),
  name: z.string().max(128).optional(),
  transport: z.enum(['udp', 'tcp']),
  userAgent: z.string().max(128).optional(),
  qualify: z.object({
    ok: z.number().int(),
    lagged: z.number().int(),
    unreachable: z.number().int(),
    /** Sent at the end of the capture without an answer yet: not decided. */
    pending: z.number().int(),
    minRttMs: z.number().nullable(),
    medianRttMs: z.number().nullable(),
    maxRttMs: z.number().nullable(),
    /** Every exchange while there are at most MAX_TIMELINE; beyond that, every change of state. */
    timeline: z.array(QualifyPointSchema).max(MAX_TIMELINE),
  }),
  registrations: z.object({
    requests: z.number().int(),
    successes: z.number().int(),
    /** 401/407 challenges. */
    challenges: z.number().int(),
    /** 403 and other final failures. */
    failures: z.number().int(),
    /** Runs of three or more challenges/failures without a success in between. */
    authLoops: z.number().int(),
    /** Expires granted by the last 200 OK, in seconds. */
    expiresSeconds: z.number().nullable(),
    /** Median time between successful registrations, in seconds. */
    intervalSeconds: z.number().nullable(),
    /** Times the registration ran out before it was renewed. */
    gaps: z.number().int(),
  }),
  /** A quiet period after which the device stopped answering until it registered again. */
  natExpiry: z
    .object({ idleSeconds: z.number(), at: z.number(), recoveredAfterRegister: z.boolean() })
    .nullable(),
});
export type DeviceType = z.infer<typeof DeviceSchema>;

export const StoppedAtSchema = z.object({
  /** Byte offset where reading stopped. */
  offset: z.number().int(),
  packets: z.number().int(),
  reason: z.enum(['cut', 'damaged']),
});

export const TraceResultSchema = z.object({
  format: z.enum(['pcap', 'pcapng', 'fritzbox']),
  byteOrder: z.enum(['little', 'big']),
  nanoseconds: z.boolean(),
  bytes: z.number().int(),
  packets: z.number().int(),
  sipMessages: z.number().int(),
  dialogs: z.number().int(),
  firstTime: z.number().nullable(),
  lastTime: z.number().nullable(),
  devices: z.array(DeviceSchema).max(MAX_DEVICES),
  /** Code → count over all SIP responses (retransmissions included, as on the wire). */
  responseCodes: boundedRecord(z.number().int(), 600, 3),
  requests: boundedRecord(z.number().int(), 64, 32),
  retransmissions: z.object({ requests: z.number().int(), responses: z.number().int(), tcpSegments: z.number().int() }),
  icmpUnreachable: z.number().int(),
  fragmentedSip: z.number().int(),
  /** SIP-ALG traces: private addresses in messages from a public source; SDP `c=` rewritten. */
  alg: z.object({ privateFromPublic: z.number().int(), rewrittenSdp: z.number().int(), example: z.string().max(64).nullable() }),
  skipped: z.object({
    notSip: z.number().int(),
    malformedSip: z.number().int(),
    unknownLinkType: z.number().int(),
    notIp: z.number().int(),
    truncatedFrames: z.number().int(),
  }),
  stoppedAt: StoppedAtSchema.nullable(),
  findings: z.array(TraceFindingSchema).max(100),
  warnings: z.array(BilingualTextSchema).max(50),
});
export type TraceResultType = z.infer<typeof TraceResultSchema>;

/**
 * The CLI's `analyze --json`: the same, with findings and warnings in the user's language and
 * without the per-device timelines (the app draws them; in a pipe they would make the output grow
 * with the capture's length).
 */
export const CliDeviceSchema = DeviceSchema.extend({ qualify: DeviceSchema.shape.qualify.omit({ timeline: true }) });
export const CliTraceResultSchema = TraceResultSchema.extend({
  devices: z.array(CliDeviceSchema).max(MAX_DEVICES),
  findings: z.array(CliTraceFindingSchema).max(100),
  warnings: z.array(z.string().max(2000)).max(50),
});
export type CliTraceResultType = z.infer<typeof CliTraceResultSchema>;
