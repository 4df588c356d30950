import { z } from 'zod';
import { AttachmentRefSchema, CaseSchema, CaseSummarySchema, LanguageSchema } from '../model/case.js';
import { LocalNetworkSchema } from '../diagnostics/results.js';
import { HostSchema, JobIdSchema, JobSnapshotSchema, JobSpecSchema } from '../jobs/job-model.js';
import { LocalEndpointSchema } from '../model/finding.js';
import type { EventNameType, MethodNameType } from './methods.js';
import { RecipientLineSchema } from '../report/recipients.js';
import { DialogPageRequestSchema, DialogPageSchema, LadderPageSchema, LadderRequestSchema, SipMessageRequestSchema, SipMessageWholeSchema } from '../trace/ladder.js';
import { CaptureSetupSchema } from '../capture/live-capture.js';

export const CaseIdRequestSchema = z.object({ id: CaseSchema.shape.id });

/** Largest slice of a file one `attachments.chunk` carries (its `data` is the slice in base64). */
export const CHUNK_MAX_BYTES = 1024 * 1024;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfoType = z.infer<typeof AppInfoSchema>;

export const SettingsSchema = z.object({
  language: LanguageSchema.nullable().default(null),
  /** Default recipient of the e-mail draft; empty means "let the mail program ask". */
  defaultRecipient: z.string().max(254).default(''),
  /** The partner's reflector (RFC 5780 STUN, HOST:PORT) for NAT measurements; empty: none set. */
  stunServer: z.string().max(300).default(''),
  /** Default recipients of the e-mail draft per contact kind (report-addressing.ts); a case can override. */
  recipients: z
    .object({
      hotline: RecipientLineSchema.default(''),
      'connect-team': RecipientLineSchema.default(''),
      provider: RecipientLineSchema.default(''),
      partner: RecipientLineSchema.default(''),
      'local-it': RecipientLineSchema.default(''),
      'support-ticket': RecipientLineSchema.default(''),
      dealer: RecipientLineSchema.default(''),
    })
    .default({ hotline: '', 'connect-team': '', provider: '', partner: '', 'local-it': '', 'support-ticket': '', dealer: '' }),
});
export type SettingsType = z.infer<typeof SettingsSchema>;

/**
 * A change to the settings: only the fields sent. Not `SettingsSchema.partial()`, which still fills
 * the defaults of absent fields, so switching the language wiped the default recipient.
 */
export const SettingsPatchSchema = z.object({
  language: LanguageSchema.nullable().optional(),
  defaultRecipient: z.string().max(254).optional(),
  stunServer: z.string().max(300).optional(),
  /** Only the contact kinds sent change. */
  recipients: SettingsSchema.shape.recipients.unwrap().partial().optional(),
});
export type SettingsPatchType = z.infer<typeof SettingsPatchSchema>;

/** A case file that could not be read: set aside under `setAsideAs`, the rest still opens. */
export const CaseProblemSchema = z.object({
  id: z.string().max(200),
  /**
   * corrupt: damaged, set aside; newer-version: written by a newer app, left in place until that
   * app is back; unreadable: could not be read (permissions), left in place.
   */
  kind: z.enum(['corrupt', 'newer-version', 'unreadable']),
  reason: z.string().max(2000),
  setAsideAs: z.string().max(4096).nullable(),
});
export type CaseProblemType = z.infer<typeof CaseProblemSchema>;

export const CaseListSchema = z.object({
  cases: z.array(CaseSummarySchema),
  problems: z.array(CaseProblemSchema),
});
export type CaseListType = z.infer<typeof CaseListSchema>;

export const ExportRequestSchema = z.object({
  id: CaseSchema.shape.id,
  language: LanguageSchema,
  /** Required when the verdict says "not via the hotline" (the report says so and asks first). */
  confirmNotHotline: z.boolean().default(false),
});

export const ExportedFileSchema = z.object({
  /** Absolute path on the machine running the engine. */
  path: z.string(),
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Browser host only: a same-origin URL that downloads the file. */
  downloadUrl: z.string().nullable().default(null),
});
export type ExportedFileType = z.infer<typeof ExportedFileSchema>;

export const OpenFileRequestSchema = z.object({
  id: CaseSchema.shape.id,
  /** A file name inside the case's export folder; never a path. */
  fileName: z.string().regex(/^[\w.\- äöüÄÖÜß]{1,200}$/u),
});

const call = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
});

const UploadIdSchema = z.string().regex(/^u-[0-9a-f]{24}$/);

/** Every call: its request and response schema. Receivers validate both directions. */
export const contract = {
  'app.info': call(z.object({}), AppInfoSchema),
  'settings.get': call(z.object({}), SettingsSchema),
  'settings.set': call(SettingsPatchSchema, SettingsSchema),
  'cases.list': call(z.object({}), CaseListSchema),
  'cases.create': call(z.object({}), CaseSchema),
  'cases.get': call(CaseIdRequestSchema, CaseSchema),
  'cases.save': call(z.object({ case: CaseSchema }), z.object({ updatedAt: z.iso.datetime() })),
  'cases.duplicate': call(CaseIdRequestSchema, CaseSchema),
  'cases.delete': call(CaseIdRequestSchema, z.object({ id: z.string() })),
  'cases.restore': call(CaseIdRequestSchema, CaseSchema),
  'report.exportPdf': call(ExportRequestSchema, ExportedFileSchema),
  'report.exportEml': call(ExportRequestSchema, ExportedFileSchema),
  'report.openFile': call(OpenFileRequestSchema, z.object({ opened: z.boolean() })),
  /** Starts a measurement for a case; answers at once with the running job (see jobs/job-runner.ts). */
  'jobs.start': call(z.object({ caseId: CaseSchema.shape.id, spec: JobSpecSchema }), JobSnapshotSchema),
  'jobs.cancel': call(z.object({ jobId: JobIdSchema }), JobSnapshotSchema),
  'jobs.get': call(z.object({ jobId: JobIdSchema }), JobSnapshotSchema),
  /** Running jobs and those that ended recently, newest first: how a reloaded window re-attaches. */
  /**
   * The laptop's own network, read locally (nothing is sent): shown before a measurement starts.
   * For an IP address, also which local address and interface the system would use to reach it.
   */
  'net.local': call(z.object({ host: HostSchema.optional() }), z.object({ network: LocalNetworkSchema, route: LocalEndpointSchema.nullable() })),
  'jobs.list': call(z.object({ caseId: CaseSchema.shape.id.optional() }), z.object({ jobs: z.array(JobSnapshotSchema).max(500) })),
  /**
   * Importing a file (capture, PBX log) into a case: begin, slices of at most 1 MiB (base64) in
   * order, finish → the attachment reference (engine/trace/uploads.ts). Abort drops the part file.
   */
  'attachments.begin': call(
    z.object({ caseId: CaseSchema.shape.id, name: z.string().min(1).max(255), kind: AttachmentRefSchema.shape.kind, bytes: z.number().int().nonnegative() }),
    z.object({ uploadId: UploadIdSchema }),
  ),
  'attachments.chunk': call(z.object({ uploadId: UploadIdSchema, offset: z.number().int().nonnegative(), data: z.string().max(Math.ceil(CHUNK_MAX_BYTES / 3) * 4) }), z.object({ received: z.number().int() })),
  'attachments.finish': call(z.object({ uploadId: UploadIdSchema }), AttachmentRefSchema),
  'attachments.abort': call(z.object({ uploadId: UploadIdSchema }), z.object({})),
  /**
   * Attaches a trace (pcapng, from an imported capture: all, or the SIP of devices/dialogs) or a
   * PBX-log excerpt to the case for the report, redacted by default (issue 8 §3). A failure's
   * detail is `export:CODE:DETAIL` (exportFailureText in shared/trace/export-messages.ts).
   */
  'report.attach': call(
    z.object({
      caseId: CaseSchema.shape.id,
      source: AttachmentRefSchema.shape.fileName,
      devices: z.array(z.string().trim().min(3).max(64)).max(64).default([]),
      dialogs: z.array(z.string().trim().min(1).max(256)).max(64).default([]),
      redact: z.boolean().default(true),
    }),
    AttachmentRefSchema,
  ),
  'report.detach': call(z.object({ caseId: CaseSchema.shape.id, fileName: AttachmentRefSchema.shape.fileName }), z.object({})),
  /**
   * The ladder of an attached capture (shared/trace/ladder.ts): its dialogs a page at a time
   * (sorted, filtered), the messages of one dialog or device, one message whole. The first call
   * builds the index in a worker (seconds for 100 000 dialogs); later ones read its cache.
   */
  'ladder.dialogs': call(DialogPageRequestSchema, DialogPageSchema),
  'ladder.flow': call(LadderRequestSchema, LadderPageSchema),
  'ladder.message': call(SipMessageRequestSchema, SipMessageWholeSchema),
  /** A normal end of a stoppable job (a live capture): it keeps and analyses what it has. */
  'jobs.stop': call(z.object({ jobId: JobIdSchema }), JobSnapshotSchema),
  /** Live capture: the backends, whether they may capture, the interfaces with the one reaching the PBX. */
  'capture.setup': call(z.object({ pbx: HostSchema.nullable() }), CaptureSetupSchema),
} as const satisfies Record<MethodNameType, { request: z.ZodType; response: z.ZodType }>;

export type ContractType = typeof contract;
export type RequestInput<M extends MethodNameType> = z.input<ContractType[M]['request']>;
export type RequestOutput<M extends MethodNameType> = z.output<ContractType[M]['request']>;
export type ResponseInput<M extends MethodNameType> = z.input<ContractType[M]['response']>;
export type ResponseOutput<M extends MethodNameType> = z.output<ContractType[M]['response']>;

/** Events the engine pushes to the front end. */
export const events = {
  'cases.changed': z.object({ ids: z.array(z.string()) }),
  /** The whole state of a job, on start, on progress (at most every 250 ms) and when it ends. */
  'job.updated': JobSnapshotSchema,
} as const satisfies Record<EventNameType, z.ZodType>;
export type EventPayload<E extends EventNameType> = z.output<(typeof events)[E]>;

/** What the renderer sees: one async function per call, rejecting with a ContractError. */
export type ApiType = { [M in MethodNameType]: (request: RequestInput<M>) => Promise<ResponseOutput<M>> };

/** What the engine implements: validated requests in, responses validated on the way out. */
export type HandlersType = {
  [M in MethodNameType]: (request: RequestOutput<M>) => Promise<ResponseInput<M>>;
};
