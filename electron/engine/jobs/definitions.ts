import type { JobDefinitionType } from './job-runner.js';
import { algJob, natTimeoutJob, natTypeJob, portsJob, sipPingJob, type NetOverridesType } from './measurement-jobs.js';

/** Every kind of job the engine can run. */
export function jobDefinitions(net: NetOverridesType = {}): ReadonlyArray<JobDefinitionType<never, unknown, unknown>> {
  return [portsJob(net), sipPingJob(net), natTypeJob(net), natTimeoutJob(net), algJob(net)] as unknown as ReadonlyArray<JobDefinitionType<never, unknown, unknown>>;
}
