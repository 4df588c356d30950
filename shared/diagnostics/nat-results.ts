import { z } from 'zod';
import { LocalEndpointSchema } from '../model/finding.js';

/**
 * NAT behaviour and NAT timeout (issue 6), as stored with a case and printed by `nat-type --json`
 * and `nat-timeout --json`. The named fields are fixed for other tools.
 */

export const NatBehaviourSchema = z.enum(['endpoint-independent', 'address-dependent', 'address-and-port-dependent', 'unknown']);
export type NatBehaviourType = z.infer<typeof NatBehaviourSchema>;

export const NatTypeResultSchema = z.object({
  server: z.string().max(300),
  publicAddress: z.string().max(80).nullable(),
  mapping: NatBehaviourSchema,
  /** Why the mapping could not be told (null when known). */
  mappingReason: z.string().max(300).nullable(),
  filtering: NatBehaviourSchema,
  filteringReason: z.string().max(300).nullable(),
  /** The public port equals the local one; null when not known. */
  portPreserving: z.boolean().nullable(),
  /** Something rewrote the address in the STUN payload (MAPPED ≠ XOR-MAPPED); null when not known. */
  payloadRewritten: z.boolean().nullable(),
  /**
   * RFC 5780 §4.5: a packet from behind the NAT to the NAT's public address of another binding comes
   * back in. Null when not known or not applicable (no NAT between laptop and server).
   */
  hairpinning: z.boolean().nullable().default(null),
  /** The server's second address (OTHER-ADDRESS), needed for the full RFC 5780 tests. */
  otherAddress: z.string().max(80).nullable(),
  local: LocalEndpointSchema,
});
export type NatTypeResultType = z.infer<typeof NatTypeResultSchema>;

export const NatProbeOutcomeSchema = z.enum(['alive', 'expired', 'ambiguous', 'invalid']);
export type NatProbeOutcomeType = z.infer<typeof NatProbeOutcomeSchema>;

export const NatTimeoutResultSchema = z.object({
  /**
   * measured: the timeout lies in [lower, upper]; at-least: still alive at the longest idle time
   * probed (upper is null); server-unsuitable: the server does not honour RESPONSE-PORT, so nothing
   * can be said; failed: the server did not answer, or the network went away.
   */
  status: z.enum(['measured', 'at-least', 'server-unsuitable', 'failed', 'running']),
  lowerSeconds: z.number().nonnegative().nullable(),
  upperSeconds: z.number().nonnegative().nullable(),
  /** The guide's cure: a NAT timeout of 61 minutes (past the phones' 60-minute re-register). */
  meets61Minutes: z.boolean().nullable(),
  elapsedSeconds: z.number().nonnegative(),
  /** stream: replies seen for seconds, like a registered phone; oneshot: one request, one answer. */
  kind: z.enum(['stream', 'oneshot']),
  maxSeconds: z.number().positive(),
  server: z.string().max(300),
  publicAddress: z.string().max(80).nullable(),
  /** Every probe: the idle time tried and what came of it, on the measurement's time axis. */
  probes: z
    .array(z.object({ idleSeconds: z.number().nonnegative(), outcome: NatProbeOutcomeSchema, atSeconds: z.number().nonnegative(), note: z.string().max(200).nullable() }))
    .max(2000),
  reason: z.string().max(300).nullable(),
  local: LocalEndpointSchema,
});
export type NatTimeoutResultType = z.infer<typeof NatTimeoutResultSchema>;

/** 61 minutes, in seconds. */
export const GUIDE_NAT_TIMEOUT_SECONDS = 61 * 60;
