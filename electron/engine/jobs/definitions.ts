import type { JobDefinitionType } from './job-runner.js';

/** Every kind of job the engine can run. */
export const JOB_DEFINITIONS: ReadonlyArray<JobDefinitionType<never, unknown, unknown>> = [];
