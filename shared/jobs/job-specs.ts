import { z } from 'zod';

/**
 * What a job is asked to do, as the front end sends it. Every field is bounded: a spec is
 * untrusted input that decides what the laptop contacts on the network.
 */

/** A host name or an IPv4/IPv6 literal; checked for form here, resolved by the engine. */
export const HostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?)$/, 'not a host name or IP address');

export const PortSchema = z.number().int().min(1).max(65_535);

export const PortsJobSpecSchema = z.object({
  type: z.literal('ports'),
  host: HostSchema,
  /** Empty: the STARFACE port table. */
  ports: z.array(PortSchema).max(64).default([]),
  timeoutMs: z.number().int().min(200).max(30_000).default(3000),
});
export type PortsJobSpecType = z.infer<typeof PortsJobSpecSchema>;

export const SipPingJobSpecSchema = z.object({
  type: z.literal('sip-ping'),
  /** `sip:HOST[:PORT][;transport=udp|tcp|tls]` */
  target: z.string().trim().min(5).max(300),
  count: z.number().int().min(1).max(1000).default(10),
  intervalMs: z.number().int().min(100).max(60_000).default(1000),
  /** Also send requests above 1300 bytes, to see whether fragmented UDP gets through. */
  large: z.boolean().default(false),
});
export type SipPingJobSpecType = z.infer<typeof SipPingJobSpecSchema>;

/** `HOST:PORT` of an RFC 5780 STUN server (the partner's reflector, or coturn). */
export const StunServerSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'not HOST:PORT');

export const NatTypeJobSpecSchema = z.object({
  type: z.literal('nat-type'),
  stun: StunServerSchema,
});
export type NatTypeJobSpecType = z.infer<typeof NatTypeJobSpecSchema>;

export const NatTimeoutJobSpecSchema = z.object({
  type: z.literal('nat-timeout'),
  stun: StunServerSchema,
  kind: z.enum(['stream', 'oneshot']).default('stream'),
  /** 3700 s proves "at least 61 minutes" without waiting longer. */
  maxSeconds: z.number().int().min(10).max(86_400).default(3700),
});
export type NatTimeoutJobSpecType = z.infer<typeof NatTimeoutJobSpecSchema>;

/** The SIP-ALG check against the reflector's SIP echo (HOST, or HOST:PORT; default port 5060). */
export const AlgJobSpecSchema = z.object({
  type: z.literal('alg'),
  reflector: StunServerSchema,
});
export type AlgJobSpecType = z.infer<typeof AlgJobSpecSchema>;

/** A file attached to the case (by the store's name for it), read as a capture or a PBX log. */
export const AttachmentFileNameSchema = z.string().regex(/^[\w.\- ]{1,120}$/);

export const TraceJobSpecSchema = z.object({ type: z.literal('trace'), fileName: AttachmentFileNameSchema });
export type TraceJobSpecType = z.infer<typeof TraceJobSpecSchema>;

export const PbxLogJobSpecSchema = z.object({ type: z.literal('pbx-log'), fileName: AttachmentFileNameSchema });
export type PbxLogJobSpecType = z.infer<typeof PbxLogJobSpecSchema>;

/**
 * A trace (all, or the SIP of devices/dialogs) or a PBX-log excerpt made from an attached file
 * and attached for the report, redacted by default (issue 8 §3). A job because a capture of
 * hundreds of MB is read twice: progress, cancel. Bounds as the `report.attach` call's.
 */
export const ReportAttachJobSpecSchema = z.object({
  type: z.literal('report-attach'),
  source: AttachmentFileNameSchema,
  devices: z.array(z.string().trim().min(3).max(64)).max(64).default([]),
  dialogs: z.array(z.string().trim().min(1).max(256)).max(64).default([]),
  redact: z.boolean().default(true),
});
export type ReportAttachJobSpecType = z.infer<typeof ReportAttachJobSpecSchema>;

/**
 * A capture interface as the OS names it: `eth0`, `enp0s31f6.100`, `any` on Linux; on Windows
 * Npcap's `\Device\NPF_{4A3F…}` or a friendly name (`LAN-Verbindung* 2`, `WLAN (2)`,
 * `Drahtlosnetzwerkverbindung`, with umlauts in other languages; Windows allows 256 characters).
 * It goes to libpcap or to dumpcap as one argument (never through a shell), so any printable
 * text is safe; refused are control and format characters (NUL, line breaks, bidi overrides that
 * would disguise it on screen), a leading '-' (dumpcap would read an option) and leading or
 * trailing space (a name copied with a blank would name nothing).
 */
export const IfaceNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^(?![-\s])[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*(?<!\s)$/u, 'not an interface name');

/** A live capture on this machine (issue 8 §1): ends by stop, its time limit, or cancel. */
export const CaptureJobSpecSchema = z.object({
  type: z.literal('capture'),
  iface: IfaceNameSchema,
  /** BPF; null: SIP only (to and from the PBX when `pbx` is given). */
  filter: z.string().max(500).regex(/^[^\0\r\n-][^\0\r\n]*$/).nullable().default(null),
  pbx: HostSchema.nullable().default(null),
  rtp: z.boolean().default(false),
  /** null: until stopped (the job still ends after a day). */
  durationS: z.number().int().min(1).max(86_400).nullable().default(null),
  maxMb: z.number().int().min(1).max(100_000).default(100),
  backend: z.enum(['node-pcap', 'dumpcap']).nullable().default(null),
});
export type CaptureJobSpecType = z.infer<typeof CaptureJobSpecSchema>;

export const JobSpecSchema = z.discriminatedUnion('type', [PortsJobSpecSchema, SipPingJobSpecSchema, NatTypeJobSpecSchema, NatTimeoutJobSpecSchema, AlgJobSpecSchema, TraceJobSpecSchema, PbxLogJobSpecSchema, CaptureJobSpecSchema, ReportAttachJobSpecSchema]);
export type JobSpecType = z.infer<typeof JobSpecSchema>;
export type JobTypeType = JobSpecType['type'];
