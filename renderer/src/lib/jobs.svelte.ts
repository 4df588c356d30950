import type { JobSnapshotType, JobSpecType } from '../../../shared/jobs/job-model.js';
import { api, backend } from './api.js';
import { session } from './case-session.svelte.js';

/**
 * The engine's jobs as this window knows them. Jobs belong to the engine: this is a view of them,
 * filled from `jobs.list` when the window opens (so a reload re-attaches to a running series) and
 * kept current by `job.updated` events, each of which carries a job's whole state.
 */
class Jobs {
  #byId = $state.raw<ReadonlyMap<string, JobSnapshotType>>(new Map());
  #attached: Promise<void> | null = null;
  #finishedListeners = new Set<(job: JobSnapshotType) => void>();

  attach(): Promise<void> {
    this.#attached ??= (async () => {
      backend.on('job.updated', (snapshot) => this.#put(snapshot));
      try {
        const { jobs } = await api['jobs.list']({});
        for (const job of jobs) this.#put(job);
      } catch {
        this.#attached = null; // the host is away; the next view that asks tries again
      }
    })();
    return this.#attached;
  }

  #put(job: JobSnapshotType): void {
    const previous = this.#byId.get(job.id);
    // Events can overtake a reply: never let an older state replace a finished one.
    if (previous && previous.state !== 'running' && job.state === 'running') return;
    const next = new Map(this.#byId);
    next.set(job.id, job);
    this.#byId = next;
    if (job.state !== 'running' && previous?.state !== job.state) {
      for (const listener of this.#finishedListeners) listener(job);
    }
  }

  forCase(caseId: string): JobSnapshotType[] {
    return [...this.#byId.values()].filter((j) => j.caseId === caseId).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): JobSnapshotType | undefined {
    return this.#byId.get(id);
  }

  async start(caseId: string, spec: JobSpecType): Promise<JobSnapshotType> {
    await this.attach();
    const job = await api['jobs.start']({ caseId, spec });
    this.#put(job);
    return job;
  }

  async cancel(id: string): Promise<void> {
    this.#put(await api['jobs.cancel']({ jobId: id }));
  }

  /** A normal end for a stoppable job (live capture): it keeps what it has. */
  async stop(id: string): Promise<void> {
    this.#put(await api['jobs.stop']({ jobId: id }));
  }

  /** Called once for every job that ends while this window watches. */
  onFinished(listener: (job: JobSnapshotType) => void): () => void {
    this.#finishedListeners.add(listener);
    return () => this.#finishedListeners.delete(listener);
  }
}

export const jobs = new Jobs();

/**
 * For a view that shows a case's measurements: attach to the engine's jobs, and when one of the
 * open case's jobs ends, take the result the engine stored with the case into the open case.
 * Returns the unsubscribe for onMount.
 */
export function followCaseJobs(): () => void {
  void jobs.attach();
  return jobs.onFinished((job) => {
    if (job.caseId === session.current?.id) void session.refreshOwned();
  });
}
