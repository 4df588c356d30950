import { z } from 'zod';
import { QualifyStateSchema } from '../trace/trace-result.js';
import { StoredTraceSchema } from '../trace/trace-stored.js';
import { AttachmentRefSchema } from '../model/case.js';

/**
 * Live capture (issue 8 §1): what the front ends see of the backends, the interfaces and a running
 * capture. The engine fills these; the schemas bound them because they cross the contract.
 */

export const CaptureBackendNameSchema = z.enum(['node-pcap', 'dumpcap']);
export type CaptureBackendNameType = z.infer<typeof CaptureBackendNameSchema>;

/** Why a capture could not start or ended early: worded by liveCaptureProblemText. */
export const CaptureProblemCodeSchema = z.enum(['no-backend', 'no-rights', 'dumpcap-missing', 'no-interface', 'interface-gone', 'disk-full', 'file-deleted', 'bad-filter', 'write-failed', 'backend-failed']);
export type CaptureProblemCodeType = z.infer<typeof CaptureProblemCodeSchema>;

export const CaptureBackendStatusSchema = z.object({
  name: CaptureBackendNameSchema,
  /** Loaded (node-pcap) or found on the PATH (dumpcap). */
  available: z.boolean(),
  /** May capture as this user (tried on the loopback interface). */
  mayCapture: z.boolean(),
  detail: z.string().max(300).nullable(),
});
export type CaptureBackendStatusType = z.infer<typeof CaptureBackendStatusSchema>;

export const CaptureInterfaceSchema = z.object({
  /** As IfaceNameSchema (shared/jobs/job-specs.ts) takes it: Windows names run long. */
  name: z.string().max(256),
  addresses: z.array(z.string().max(64)).max(32),
  loopback: z.boolean(),
  /** The interface the system would use to reach the PBX (net/local-network.ts routeTo). */
  reachesPbx: z.boolean(),
});
export type CaptureInterfaceType = z.infer<typeof CaptureInterfaceSchema>;

export const CaptureSetupSchema = z.object({
  backends: z.array(CaptureBackendStatusSchema).max(2),
  /** The backend an automatic choice takes; null: none can capture, import only. */
  chosen: CaptureBackendNameSchema.nullable(),
  interfaces: z.array(CaptureInterfaceSchema).max(64),
  /** The default filter for the given PBX (SIP only). */
  defaultFilter: z.string().max(500),
});
export type CaptureSetupType = z.infer<typeof CaptureSetupSchema>;

/** What a running capture shows, refreshed about twice a second. */
export const CaptureCountersSchema = z.object({
  backend: CaptureBackendNameSchema,
  packets: z.number().int().nonnegative(),
  sipMessages: z.number().int().nonnegative(),
  /** Reported by the backend (kernel and capture buffer); null while it has not said. */
  dropped: z.number().int().nonnegative().nullable(),
  /** Bytes kept on disk now (ring buffer: at most the limit). */
  bytesKept: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  devices: z.array(z.object({ address: z.string().max(64), name: z.string().max(128).nullable(), state: QualifyStateSchema.nullable() })).max(200),
  devicesSeen: z.number().int().nonnegative(),
});
export type CaptureCountersType = z.infer<typeof CaptureCountersSchema>;

export const CaptureEndSchema = z.object({
  counters: CaptureCountersSchema,
  /** The one pcapng file kept; null when nothing could be kept. */
  file: z.string().max(4096).nullable(),
  bytes: z.number().int().nonnegative(),
  /** Ended by stop, by its time limit, or by a problem (what was captured is still kept). */
  endedBy: z.enum(['stop', 'duration', 'problem', 'cancel']),
  problem: CaptureProblemCodeSchema.nullable(),
  /** Older data dropped by the ring buffer to stay under the size limit. */
  ringDropped: z.boolean(),
});
export type CaptureEndType = z.infer<typeof CaptureEndSchema>;

/** The capture job's partial and final result: counters while it runs, then the kept file. */
export const CaptureJobResultSchema = z.object({
  counters: CaptureCountersSchema,
  end: CaptureEndSchema.nullable(),
  /** The capture as a case attachment (kind trace); its analysis is stored like an import's. */
  attachment: AttachmentRefSchema.nullable(),
  trace: StoredTraceSchema.nullable(),
});
export type CaptureJobResultType = z.infer<typeof CaptureJobResultSchema>;
