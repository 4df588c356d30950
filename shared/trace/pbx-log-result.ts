import { z } from 'zod';
import { CliTraceFindingSchema, TraceFindingSchema } from './trace-finding.js';

/**
 * What the analysis of a PBX log (the STARFACE cloud's "PBX" log, i.e. Asterisk's log) yields:
 * per device how often it went UNREACHABLE, LAGGED or Reachable, and the findings drawn from that.
 * Every string and list is bounded, so a hostile or huge log cannot make a stored result grow.
 */

/** More devices than any STARFACE installation has; events of further devices are only counted. */
export const PBX_LOG_MAX_DEVICES = 5000;
/**
 * Points per device timeline. A full timeline is halved: points that repeat the previous state go
 * first (evenly spread over them); only when there are not enough of those, state changes are
 * thinned evenly. The first and the newest point always stay. So a device with at most
 * PBX_LOG_MAX_TIMELINE / 2 state changes keeps every one of them.
 */
export const PBX_LOG_MAX_TIMELINE = 2000;
export const PBX_LOG_MAX_NAME = 200;
export const PBX_LOG_MAX_REASONS = 50;
export const PBX_LOG_MAX_FINDINGS = 20;

export const PbxDeviceStateSchema = z.enum(['reachable', 'lagged', 'unreachable', 'unknown']);
export type PbxDeviceStateType = z.infer<typeof PbxDeviceStateSchema>;

const count = z.number().int().nonnegative();

export const PbxTimelinePointSchema = z.object({
  /** The line's time exactly as written (`Mar  4 08:52:06`, `2024-03-04 08:52:06`); '' when the line has none. */
  time: z.string().max(64),
  state: PbxDeviceStateSchema,
  rttMs: z.number().nonnegative().nullable(),
});
export type PbxTimelinePointType = z.infer<typeof PbxTimelinePointSchema>;

export const PbxDeviceSchema = z.object({
  /** chan_sip peer, pjsip AOR or endpoint, or the user part of a failed registration's From. */
  name: z.string().max(PBX_LOG_MAX_NAME),
  unreachable: count,
  lagged: count,
  reachable: count,
  lastState: PbxDeviceStateSchema,
  registrationFailures: count,
  /**
   * Asterisk names only the Call-ID in "Retransmission timeout reached", never the peer, so this
   * stays 0 for the messages read today; the file-wide count is `retransmissionTimeouts` below.
   */
  retransmissionTimeouts: count,
  /** `Registered SIP '…'` / `Unregistered SIP '…'` lines (chan_sip). */
  registered: count,
  unregistered: count,
  maxRttMs: z.number().nonnegative().nullable(),
  timeline: z.array(PbxTimelinePointSchema).max(PBX_LOG_MAX_TIMELINE),
});
export type PbxDeviceType = z.infer<typeof PbxDeviceSchema>;

export const PbxReasonCountSchema = z.object({ reason: z.string().max(PBX_LOG_MAX_NAME), count });

export const PbxLogResultSchema = z.object({
  /** Lines in Asterisk's format (with or without an event we read). */
  lines: count,
  /** Every other line: garbage, blank, not Asterisk's, or longer than 64 KiB. lines + skipped = all lines. */
  skipped: count,
  /** The part of `skipped` that was longer than 64 KiB. */
  longLines: count,
  encoding: z.enum(['utf-8', 'latin-1']),
  /** Time of the first and last Asterisk line that carries one, as written. */
  firstTime: z.string().max(64).nullable(),
  lastTime: z.string().max(64).nullable(),
  devices: z.array(PbxDeviceSchema).max(PBX_LOG_MAX_DEVICES),
  /** Events of devices not listed because PBX_LOG_MAX_DEVICES were listed already (still in the totals). */
  droppedDeviceEvents: count,
  registrationFailures: count,
  /** Why registrations failed (`Wrong password`, …), most frequent first. */
  registrationReasons: z.array(PbxReasonCountSchema).max(PBX_LOG_MAX_REASONS),
  retransmissionTimeouts: count,
  findings: z.array(TraceFindingSchema).max(PBX_LOG_MAX_FINDINGS),
  /**
   * Set when the analysis stopped before the end: after 8 MiB without a single Asterisk line the
   * file is not a PBX log, and reading a multi-gigabyte file to the end would only make the user wait.
   */
  stoppedAt: z.object({ bytes: count, reason: z.literal('not-asterisk') }).optional(),
});
export type PbxLogResultType = z.infer<typeof PbxLogResultSchema>;

/** One device as `pbx-log --json` prints it: the named counts, without the timeline. */
export const CliPbxDeviceSchema = PbxDeviceSchema.omit({ timeline: true });

/** `starface-triage pbx-log FILE --json`: the fields other tools rely on, findings in the CLI's language. */
export const CliPbxLogResultSchema = PbxLogResultSchema.omit({ devices: true, findings: true }).extend({
  devices: z.array(CliPbxDeviceSchema).max(PBX_LOG_MAX_DEVICES),
  findings: z.array(CliTraceFindingSchema).max(PBX_LOG_MAX_FINDINGS),
});
export type CliPbxLogResultType = z.infer<typeof CliPbxLogResultSchema>;
