import type { JobDefinitionType } from './job-runner.js';
import { captureJob, type CaptureAttachmentsType } from './capture-job.js';
import { pbxLogJob, traceJob, type AttachmentResolverType } from './import-jobs.js';
import { algJob, natTimeoutJob, natTypeJob, portsJob, sipPingJob, type NetOverridesType } from './measurement-jobs.js';

/** Every kind of job the engine can run. */
export function jobDefinitions(net: NetOverridesType = {}, attachments: AttachmentResolverType = async () => null, captures: CaptureAttachmentsType | null = null): ReadonlyArray<JobDefinitionType<never, unknown, unknown>> {
  return [portsJob(net), sipPingJob(net), natTypeJob(net), natTimeoutJob(net), algJob(net), traceJob(attachments), pbxLogJob(attachments), captureJob(captures)] as unknown as ReadonlyArray<JobDefinitionType<never, unknown, unknown>>;
}
