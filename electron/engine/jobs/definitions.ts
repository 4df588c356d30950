import type { JobDefinitionType } from './job-runner.js';
import { captureJob, type CaptureAttachmentsType } from './capture-job.js';
import { pbxLogJob, traceJob, type AttachmentResolverType } from './import-jobs.js';
import { reportAttachJob } from './report-attach-job.js';
import type { ReportAttachments } from '../trace/export/report-attachments.js';
import { algJob, natTimeoutJob, natTypeJob, portsJob, sipPingJob, type NetOverridesType } from './measurement-jobs.js';

/** Every kind of job the engine can run. */
export function jobDefinitions(net: NetOverridesType = {}, attachments: AttachmentResolverType = async () => null, captures: CaptureAttachmentsType | null = null, reports: { attachments: ReportAttachments; changed: (caseId: string) => void } | null = null): ReadonlyArray<JobDefinitionType<never, unknown, unknown>> {
  return [portsJob(net), sipPingJob(net), natTypeJob(net), natTimeoutJob(net), algJob(net), traceJob(attachments), pbxLogJob(attachments), captureJob(captures), reportAttachJob(reports?.attachments ?? null, reports?.changed ?? (() => undefined))] as unknown as ReadonlyArray<JobDefinitionType<never, unknown, unknown>>;
}
