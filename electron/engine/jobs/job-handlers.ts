import type { HandlersType } from '../../../shared/contract/contract.js';
import type { JobSnapshotType } from '../../../shared/jobs/job-model.js';
import type { CaseStore } from '../store/case-store.js';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { bareHost } from '../net/dns.js';
import { localNetworkSnapshot, routeTo } from '../net/local-network.js';
import { jobDefinitions } from './definitions.js';
import type { NetOverridesType } from './measurement-jobs.js';
import { JobRunner } from './job-runner.js';
import { captureSetup } from '../capture/capture-interfaces.js';
import { ReportAttachments } from '../trace/export/report-attachments.js';

export type JobHandlersType = Pick<HandlersType, 'jobs.start' | 'jobs.cancel' | 'jobs.get' | 'jobs.list' | 'net.local' | 'jobs.stop' | 'capture.setup'>;

/** The job runner wired to the case store, and the contract's `jobs.*` calls over it. */
export function createJobs(store: CaseStore, events: { job: (s: JobSnapshotType) => void; caseChanged: (id: string) => void }, net: NetOverridesType = {}, keepAwake: (() => () => void) | null = null) {
  const reportAttachments = new ReportAttachments(store);
  const runner = new JobRunner({
    definitions: jobDefinitions(
      net,
      (caseId, fileName) => store.attachmentPath(caseId, fileName),
      {
        dir: (caseId) => join(store.caseDir(caseId), 'attachments'),
        add: async (caseId, ref) => {
          await store.addAttachment(caseId, ref);
          events.caseChanged(caseId);
        },
      },
      { attachments: reportAttachments, changed: events.caseChanged },
    ),
    assertCase: async (caseId) => {
      await store.get(caseId);
    },
    storeMeasurement: async (caseId, measurement) => {
      await store.addMeasurement(caseId, measurement);
      events.caseChanged(caseId);
    },
    emit: events.job,
    keepAwake,
  });
  const handlers: JobHandlersType = {
    'jobs.start': ({ caseId, spec }) => runner.start(caseId, spec),
    'jobs.cancel': async ({ jobId }) => runner.cancel(jobId),
    'jobs.stop': async ({ jobId }) => runner.stop(jobId),
    'capture.setup': ({ pbx }) => captureSetup({ pbx }),
    'jobs.get': async ({ jobId }) => runner.get(jobId),
    'jobs.list': async ({ caseId }) => ({ jobs: runner.list(caseId) }),
    'net.local': async ({ host }) => {
      const bare = host === undefined ? '' : bareHost(host);
      return { network: await localNetworkSnapshot(), route: isIP(bare) !== 0 ? await routeTo(bare) : null };
    },
  };
  return { runner, handlers, reportAttachments };
}
