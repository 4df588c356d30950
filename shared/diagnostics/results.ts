import { z } from 'zod';
import { FindingSchema, LocalEndpointSchema } from '../model/finding.js';

/**
 * The raw figures of the reachability measurements (issue 5), as stored with a case and printed by
 * `starface-triage ports --json` / `sip-ping --json`. The field names the issue fixes for other
 * tools (`addresses`, `tcp[].{address, port, status, ms}`, `probes[].{seq, status, rttMs, code,
 * class}`, `summary`) stay exactly as they are. Every string and list is bounded: a peer's answer
 * ends up in these.
 */

const Text = (max = 200) => z.string().max(max);
const Address = Text(64);

export const LocalNetworkSchema = z.object({
  interfaces: z
    .array(z.object({ name: Text(64), addresses: z.array(z.object({ address: Address, family: z.enum(['IPv4', 'IPv6']), cidr: Text(80).nullable() })).max(32) }))
    .max(64),
  gateway: Address.nullable(),
  dnsServers: z.array(Text(80)).max(16),
});
export type LocalNetworkType = z.infer<typeof LocalNetworkSchema>;

export const DnsResultSchema = z.object({
  /** `literal`: the target was an IP address, nothing was asked. */
  status: z.enum(['ok', 'literal', 'not-found', 'resolver-unreachable', 'error']),
  /** The resolver asked (the first of the system's, or the one given). */
  resolver: Text(80).nullable(),
  ms: z.number().nonnegative(),
  a: z.array(Address).max(32),
  aaaa: z.array(Address).max(32),
  detail: Text(300).nullable(),
});
export type DnsResultType = z.infer<typeof DnsResultSchema>;

export const TcpStatusSchema = z.enum(['open', 'refused', 'no-answer', 'unreachable']);
export type TcpStatusType = z.infer<typeof TcpStatusSchema>;

export const TcpEntrySchema = z.object({
  address: Address,
  port: z.number().int().min(1).max(65535),
  status: TcpStatusSchema,
  ms: z.number().nonnegative(),
  /** The system's error code behind the status (ECONNREFUSED, EHOSTUNREACH, …), if any. */
  code: Text(40).nullable().default(null),
});
export type TcpEntryType = z.infer<typeof TcpEntrySchema>;

export const TlsResultSchema = z.object({
  address: Address,
  port: z.number().int(),
  status: z.enum(['ok', 'failed']),
  ms: z.number().nonnegative(),
  protocol: Text(20).nullable(),
  subject: Text(300).nullable(),
  altNames: z.array(Text(253)).max(100),
  issuer: Text(300).nullable(),
  /** Subject names from the server's certificate up to the last one it sent. */
  chain: z.array(Text(300)).max(10),
  validFrom: Text(40).nullable(),
  validTo: Text(40).nullable(),
  daysLeft: z.number().nullable(),
  selfSigned: z.boolean().nullable(),
  hostnameMatch: z.boolean().nullable(),
  /** Trusted by the system's certificate store, and why not. */
  authorized: z.boolean().nullable(),
  authorizationError: Text(100).nullable(),
  error: Text(300).nullable(),
});
export type TlsResultType = z.infer<typeof TlsResultSchema>;

export const HttpsResultSchema = z.object({
  url: Text(500),
  status: z.number().int().nullable(),
  redirects: z.array(z.object({ status: z.number().int(), location: Text(500) })).max(5),
  finalUrl: Text(500),
  serverDate: Text(60).nullable(),
  /** Server clock minus ours, seconds; null without a Date header. */
  skewSeconds: z.number().nullable(),
  /** Redirected to another host, or not the STARFACE web UI: a hotel/guest network portal. */
  captivePortal: z.boolean(),
  ms: z.number().nonnegative(),
  error: Text(300).nullable(),
});
export type HttpsResultType = z.infer<typeof HttpsResultSchema>;

export const StunResultSchema = z.object({
  server: Text(300),
  status: z.enum(['ok', 'no-answer', 'error']),
  /** XOR-MAPPED-ADDRESS: our public address as the server sees it. */
  publicAddress: Text(80).nullable(),
  /** MAPPED-ADDRESS, when the server sends it; differing from the above means something rewrote it. */
  mappedAddress: Text(80).nullable(),
  rttMs: z.number().nullable(),
  transmissions: z.number().int(),
  error: Text(300).nullable(),
});
export type StunResultType = z.infer<typeof StunResultSchema>;

export const PortsResultSchema = z.object({
  host: z.string().max(253),
  dns: DnsResultSchema,
  addresses: z.array(Address).max(64),
  tcp: z.array(TcpEntrySchema).max(1024),
  tls: z.array(TlsResultSchema).max(16),
  https: HttpsResultSchema.nullable(),
  stun: StunResultSchema.nullable(),
  local: LocalEndpointSchema,
  network: LocalNetworkSchema,
  /** Whole sweep, ms: about one probe timeout however many ports. */
  elapsedMs: z.number().nonnegative(),
});
export type PortsResultType = z.infer<typeof PortsResultSchema>;

export const SipClassSchema = z.enum(['ok', 'lagged', 'unreachable']);
export type SipClassType = z.infer<typeof SipClassSchema>;

/**
 * One OPTIONS probe. `status`: `answered` (any response, even 404 or 401, proves reachability),
 * `timeout` (no response within the probe's time limit), `error` (could not be sent: connection
 * refused, TLS failed, no route). Only `answered` counts as reachable.
 */
export const SipProbeSchema = z.object({
  seq: z.number().int().nonnegative(),
  status: z.enum(['answered', 'timeout', 'error']),
  rttMs: z.number().nullable(),
  code: z.number().int().nullable(),
  class: SipClassSchema,
  reason: Text(200).nullable(),
  /** A request above 1300 bytes (fragmented over UDP). */
  large: z.boolean(),
  transmissions: z.number().int(),
  error: Text(300).nullable(),
});
export type SipProbeType = z.infer<typeof SipProbeSchema>;

export const SipPingResultSchema = z.object({
  target: z.string().max(300),
  transport: z.enum(['udp', 'tcp', 'tls']),
  host: Text(253),
  port: z.number().int(),
  address: Address.nullable(),
  probes: z.array(SipProbeSchema).max(2000),
  summary: z.object({
    sent: z.number().int(),
    ok: z.number().int(),
    lagged: z.number().int(),
    unreachable: z.number().int(),
    rttMs: z.object({ min: z.number().nullable(), median: z.number().nullable(), max: z.number().nullable() }),
    lossPercent: z.number(),
    jitterMs: z.number().nullable(),
    /** Large requests went unanswered while small ones were answered: fragments are lost. */
    fragmentationTrouble: z.boolean().nullable(),
  }),
  /** `Server` or `User-Agent` of the answering peer. */
  server: Text(200).nullable(),
  /** Our address as the PBX saw it (Via received/rport). */
  publicAddress: Text(80).nullable(),
  local: LocalEndpointSchema,
  /** Responses that belonged to no probe of ours, and unreadable messages: counted, never trusted. */
  foreignResponses: z.number().int(),
  garbage: z.number().int(),
  tls: z.object({ authorized: z.boolean(), error: Text(100).nullable(), subject: Text(300).nullable() }).nullable(),
});
export type SipPingResultType = z.infer<typeof SipPingResultSchema>;

/** What the CLI prints with --json: the figures and what they mean. */
export const PortsCliOutputSchema = PortsResultSchema.extend({ findings: z.array(FindingSchema).max(200) });
export const SipPingCliOutputSchema = SipPingResultSchema.extend({ findings: z.array(FindingSchema).max(200) });
