/**
 * The one job runner (DESIGN.md, "Jobs"): every measurement, capture or import runs here, owned by
 * the engine and never by a window. A job is started by a contract call that returns its snapshot
 * at once; progress and partial results go out as `job.updated` events (throttled); a front end that
 * reloads or opens late asks `jobs.list`/`jobs.get` and carries on from the snapshot. A finished
 * job's result is stored with its case as a measurement, also when it was cancelled part-way.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { ContractError } from '../../../shared/contract/errors.js';
import { STOPPABLE_JOB_TYPES, type JobSnapshotType, type JobSpecType } from '../../../shared/jobs/job-model.js';
import type { BilingualTextType } from '../../../shared/model/bounded.js';
import type { MeasurementType } from '../../../shared/model/measurement.js';

/** What a running job may do besides returning its result. */
export interface JobContextType<P> {
  readonly signal: AbortSignal;
  /** Aborted by `stop`: end normally and return what there is (only STOPPABLE_JOB_TYPES listen). */
  readonly stopSignal: AbortSignal;
  /** The case the job runs for (imports read the case's attachments). */
  readonly caseId: string;
  /** Reports progress; `partial` replaces the previous partial result (snapshots are whole). */
  progress(update: { fraction?: number; message?: BilingualTextType; partial?: P }): void;
}

/** One kind of job: how to run it and how its result goes into the case. */
export interface JobDefinitionType<S extends JobSpecType = JobSpecType, P = unknown, R = unknown> {
  readonly type: S['type'];
  /** What the technician sees as the target before and while it runs ("pbx.example.com, 8 ports"). */
  target(spec: S): string;
  /** The longest it can take; the UI shows it and the runner enforces it (plus a grace period). */
  maxDurationMs(spec: S): number;
  run(spec: S, context: JobContextType<P>): Promise<R>;
  /**
   * The measurement the case keeps. `result` is the finished result or, when cancelled or failed,
   * the last partial one (null if there was none: then nothing is stored).
   */
  toMeasurement(spec: S, result: R | P, meta: MeasurementMetaType): MeasurementType | null;
}

export interface MeasurementMetaType {
  id: string;
  startedAt: string;
  finishedAt: string;
  status: 'done' | 'cancelled' | 'failed';
  error: string | null;
}

export interface JobRunnerOptionsType {
  definitions: ReadonlyArray<JobDefinitionType<never, unknown, unknown>>;
  /** Called with the case id and the measurement when a job ends with something to keep. */
  storeMeasurement: (caseId: string, measurement: MeasurementType) => Promise<void>;
  /** Throws a ContractError('not-found') for an unknown case. */
  assertCase: (caseId: string) => Promise<void>;
  emit: (snapshot: JobSnapshotType) => void;
  /** How many jobs may run at once; more are refused, not queued (the user sees why). */
  maxRunning?: number;
  /** Finished jobs stay listed this long, so a reloaded window still sees how they ended. */
  keepFinishedMs?: number;
  /** Minimum gap between two progress events of one job. */
  throttleMs?: number;
  /**
   * Keeps the machine awake while a long job runs (Electron: powerSaveBlocker); returns the release.
   * A laptop that sleeps in the middle of an hour-long NAT measurement invalidates it.
   */
  keepAwake?: (() => () => void) | null;
}

interface JobRecordType {
  snapshot: JobSnapshotType;
  controller: AbortController;
  stopper: AbortController;
  partial: unknown;
  lastEmit: number;
  pendingEmit: ReturnType<typeof setTimeout> | null;
  done: Promise<void>;
}

const GRACE_MS = 5_000;

export function newJobId(): string {
  return `job-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function newMeasurementId(): string {
  return `m-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export class JobRunner {
  readonly #options: Required<Omit<JobRunnerOptionsType, 'definitions'>>;
  readonly #definitions = new Map<string, JobDefinitionType<never, unknown, unknown>>();
  readonly #jobs = new Map<string, JobRecordType>();

  constructor(options: JobRunnerOptionsType) {
    this.#options = { maxRunning: 8, keepFinishedMs: 60 * 60 * 1000, throttleMs: 250, keepAwake: null, ...options };
    for (const d of options.definitions) this.#definitions.set(d.type, d);
  }

  async start(caseId: string, spec: JobSpecType): Promise<JobSnapshotType> {
    const definition = this.#definitions.get(spec.type) as JobDefinitionType | undefined;
    if (definition === undefined) throw new ContractError('invalid-request', `no job of type ${spec.type}`);
    await this.#options.assertCase(caseId);
    this.#prune();
    const running = [...this.#jobs.values()].filter((j) => j.snapshot.state === 'running').length;
    if (running >= this.#options.maxRunning) throw new ContractError('busy', `${running} jobs are running`);
    const now = new Date();
    const maxMs = definition.maxDurationMs(spec);
    const snapshot: JobSnapshotType = {
      id: newJobId(),
      caseId,
      type: spec.type,
      spec,
      target: definition.target(spec).slice(0, 300),
      state: 'running',
      startedAt: now.toISOString(),
      finishedAt: null,
      deadlineAt: new Date(now.getTime() + maxMs).toISOString(),
      fraction: 0,
      message: null,
      partial: null,
      error: null,
      measurementId: null,
    } as JobSnapshotType;
    const controller = new AbortController();
    // A job's probes each listen for cancel (a SIP series up to a thousand): not a leak.
    setMaxListeners(0, controller.signal);
    const record: JobRecordType = { snapshot, controller, stopper: new AbortController(), partial: null, lastEmit: 0, pendingEmit: null, done: Promise.resolve() };
    this.#jobs.set(snapshot.id, record);
    record.done = this.#run(record, definition, spec, maxMs);
    this.#options.emit(snapshot);
    return snapshot;
  }

  async #run(record: JobRecordType, definition: JobDefinitionType, spec: JobSpecType, maxMs: number): Promise<void> {
    const { controller } = record;
    // A job that overruns its own promise by more than the grace period is stopped, so no job can
    // hold a socket or a capture open for ever.
    const watchdog = setTimeout(() => controller.abort(new Error('deadline')), maxMs + GRACE_MS);
    const release = maxMs > 60_000 ? this.#options.keepAwake?.() : undefined;
    const context: JobContextType<unknown> = {
      signal: controller.signal,
      stopSignal: record.stopper.signal,
      caseId: record.snapshot.caseId,
      progress: (update) => {
        if (record.snapshot.state !== 'running') return;
        const next = { ...record.snapshot };
        if (update.fraction !== undefined) next.fraction = Math.min(1, Math.max(0, update.fraction));
        if (update.message !== undefined) next.message = update.message;
        if (update.partial !== undefined) {
          record.partial = update.partial;
          next.partial = update.partial as JobSnapshotType['partial'];
        }
        record.snapshot = next;
        this.#emitThrottled(record);
      },
    };
    let result: unknown = null;
    let status: MeasurementMetaType['status'] = 'done';
    let error: string | null = null;
    try {
      result = await definition.run(spec, context);
      if (controller.signal.aborted) status = 'cancelled';
    } catch (e) {
      status = controller.signal.aborted ? 'cancelled' : 'failed';
      error = e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500);
      result = record.partial;
    } finally {
      clearTimeout(watchdog);
      release?.();
    }
    const finishedAt = new Date().toISOString();
    let measurementId: string | null = null;
    if (result !== null && result !== undefined) {
      const meta: MeasurementMetaType = { id: newMeasurementId(), startedAt: record.snapshot.startedAt, finishedAt, status, error };
      try {
        const measurement = definition.toMeasurement(spec, result, meta);
        if (measurement !== null) {
          await this.#options.storeMeasurement(record.snapshot.caseId, measurement);
          measurementId = meta.id;
        }
      } catch (e) {
        // The case was deleted meanwhile, or the disk is full: the job still ends and says why.
        error = `result not stored: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500);
      }
    }
    const finalResult = status === 'done' ? result : null;
    // The union's variants differ only in `type`/`spec`/`partial`, which stay matched per job.
    record.snapshot = {
      ...record.snapshot,
      state: status,
      finishedAt,
      fraction: status === 'done' ? 1 : record.snapshot.fraction,
      partial: (finalResult ?? record.partial) as JobSnapshotType['partial'],
      error: error === null ? null : { detail: error },
      measurementId,
    } as JobSnapshotType;
    if (record.pendingEmit !== null) clearTimeout(record.pendingEmit);
    record.pendingEmit = null;
    this.#options.emit(record.snapshot);
  }

  #emitThrottled(record: JobRecordType): void {
    if (record.pendingEmit !== null) return;
    const wait = record.lastEmit + this.#options.throttleMs - Date.now();
    const fire = () => {
      record.pendingEmit = null;
      record.lastEmit = Date.now();
      if (record.snapshot.state === 'running') this.#options.emit(record.snapshot);
    };
    if (wait <= 0) fire();
    else record.pendingEmit = setTimeout(fire, wait);
  }

  cancel(jobId: string): JobSnapshotType {
    const record = this.#jobs.get(jobId);
    if (record === undefined) throw new ContractError('not-found', `job ${jobId}`);
    if (record.snapshot.state === 'running') record.controller.abort(new Error('cancelled'));
    return record.snapshot;
  }

  /** A normal end for a job that can be stopped (it keeps what it has); others are refused. */
  stop(jobId: string): JobSnapshotType {
    const record = this.#jobs.get(jobId);
    if (record === undefined) throw new ContractError('not-found', `job ${jobId}`);
    if (!(STOPPABLE_JOB_TYPES as readonly string[]).includes(record.snapshot.type)) throw new ContractError('invalid-request', `a ${record.snapshot.type} job cannot be stopped, only cancelled`);
    if (record.snapshot.state === 'running') record.stopper.abort();
    return record.snapshot;
  }

  get(jobId: string): JobSnapshotType {
    const record = this.#jobs.get(jobId);
    if (record === undefined) throw new ContractError('not-found', `job ${jobId}`);
    return record.snapshot;
  }

  /** Running jobs and those that ended within `keepFinishedMs`, newest first. */
  list(caseId?: string): JobSnapshotType[] {
    this.#prune();
    return [...this.#jobs.values()]
      .map((j) => j.snapshot)
      .filter((s) => caseId === undefined || s.caseId === caseId)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Resolves when the job has ended and its result is stored (tests, shutdown). */
  async settled(jobId: string): Promise<JobSnapshotType> {
    const record = this.#jobs.get(jobId);
    if (record === undefined) throw new ContractError('not-found', `job ${jobId}`);
    await record.done;
    return record.snapshot;
  }

  /** Cancels every running job and waits until their results are stored. */
  async close(): Promise<void> {
    for (const record of this.#jobs.values()) if (record.snapshot.state === 'running') record.controller.abort(new Error('closing'));
    await Promise.all([...this.#jobs.values()].map((j) => j.done));
  }

  #prune(): void {
    const limit = Date.now() - this.#options.keepFinishedMs;
    for (const [id, record] of this.#jobs) {
      const ended = record.snapshot.finishedAt;
      if (ended !== null && Date.parse(ended) < limit) this.#jobs.delete(id);
    }
  }
}
