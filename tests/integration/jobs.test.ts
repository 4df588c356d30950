import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { JobSnapshotType } from '../../shared/jobs/job-model.js';
import type { CaseType } from '../../shared/model/case.js';
import { startPeer, waitFor, type PeerType } from './peers/processes.js';

const RESPONDER = new URL('./peers/sip-responder.mjs', import.meta.url).pathname;

let dataDir: string;
let engine: EngineType;
let server: Server;
let openPort: number;
const events: JobSnapshotType[] = [];

async function call<T>(method: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(engine.handlers, method, payload);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.detail}`);
  return envelope.value as T;
}

async function settled(jobId: string): Promise<JobSnapshotType> {
  let job = await call<JobSnapshotType>('jobs.get', { jobId });
  for (let i = 0; i < 200 && job.state === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = await call<JobSnapshotType>('jobs.get', { jobId });
  }
  return job;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sft-jobs-'));
  engine = await createEngine({ dataDir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false, net: { stunPort: 0 } });
  engine.onEvent('job.updated', (s) => events.push(s));
  server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openPort = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await engine?.close();
  server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('measurements as jobs', () => {
  it('a port check runs as a job, streams its state, and ends stored with the case as evidence-ready measurement', async () => {
    const c = await call<CaseType>('cases.create', {});
    const started = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec: { type: 'ports', host: '127.0.0.1', ports: [openPort, 1], timeoutMs: 1000 } });
    expect(started).toMatchObject({ state: 'running', caseId: c.id, type: 'ports', measurementId: null });
    expect(started.target).toContain('127.0.0.1');
    const done = await settled(started.id);
    expect(done.state).toBe('done');
    expect(done.measurementId).toMatch(/^m-/);
    expect(events.filter((e) => e.id === started.id).map((e) => e.state).at(-1)).toBe('done');
    const stored = await call<CaseType>('cases.get', { id: c.id });
    expect(stored.measurements).toHaveLength(1);
    const m = stored.measurements[0];
    expect(m).toMatchObject({ id: done.measurementId, type: 'ports', status: 'done', target: '127.0.0.1', local: { address: '127.0.0.1', interface: 'lo' } });
    if (m?.type !== 'ports') throw new Error('not a ports measurement');
    expect(m.result.tcp.map((e) => [e.port, e.status]).sort()).toEqual([[1, 'refused'], [openPort, 'open']].sort());
    expect(m.findings.map((f) => f.code)).toContain('ports-open');
    // A save from a front end with an older copy keeps the measurement.
    await call('cases.save', { case: { ...c, title: 'Kunde' } });
    expect((await call<CaseType>('cases.get', { id: c.id })).measurements).toHaveLength(1);
  });

  it('a SIP series can be listed while it runs (re-attach), cancelled, and keeps what it measured', async () => {
    const peer: PeerType = startPeer(process.execPath, [RESPONDER, '0', 'ok', '127.0.0.1']);
    await waitFor('responder', async () => peer.output().includes('ready'), peer);
    // The responder bound port 0; find it from the kernel.
    const pid = peer.child.pid ?? 0;
    const { execFileSync } = await import('node:child_process');
    const ss = execFileSync('ss', ['-ulpnH'], { encoding: 'utf8' }).split('\n').find((l) => l.includes(`pid=${pid},`)) ?? '';
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(ss)?.[1]);
    try {
      const c = await call<CaseType>('cases.create', {});
      const job = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec: { type: 'sip-ping', target: `sip:127.0.0.1:${port}`, count: 50, intervalMs: 200 } });
      await waitFor('two probes', async () => (((await call<JobSnapshotType>("jobs.get", { jobId: job.id })).partial as { probes: unknown[] } | null)?.probes.length ?? 0) >= 2);
      const listed = await call<{ jobs: JobSnapshotType[] }>('jobs.list', { caseId: c.id });
      expect(listed.jobs.map((j) => [j.id, j.state])).toEqual([[job.id, 'running']]);
      await call('jobs.cancel', { jobId: job.id });
      const end = await settled(job.id);
      expect(end.state).toBe('cancelled');
      const stored = await call<CaseType>('cases.get', { id: c.id });
      const m = stored.measurements[0];
      if (m?.type !== 'sip-ping') throw new Error('no sip-ping measurement');
      expect(m.status).toBe('cancelled');
      expect(m.result.probes.length).toBeGreaterThanOrEqual(2);
      expect(m.result.probes.length).toBeLessThan(50);
      expect(m.result.summary.ok).toBe(m.result.probes.length);
    } finally {
      await peer.stop();
    }
  });

  it('refuses a job for an unknown case, a bad spec, and an unknown job id', async () => {
    expect(await dispatch(engine.handlers, 'jobs.start', { caseId: 'aaaaaaaa-none', spec: { type: 'ports', host: '127.0.0.1' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const c = await call<CaseType>('cases.create', {});
    for (const spec of [{ type: 'ports', host: 'not a host!' }, { type: 'ports', host: '127.0.0.1', ports: [70000] }, { type: 'sip-ping', target: 'x' }, { type: 'nope' }]) {
      expect(await dispatch(engine.handlers, 'jobs.start', { caseId: c.id, spec })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await dispatch(engine.handlers, 'jobs.cancel', { jobId: 'job-unknown-1234' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('a malformed SIP target fails the job with a reason, never the engine', async () => {
    const c = await call<CaseType>('cases.create', {});
    const job = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec: { type: 'sip-ping', target: 'sip:bad host;;', count: 1 } });
    const end = await settled(job.id);
    expect(end.state).toBe('failed');
    expect(end.error?.detail).toMatch(/SIP URI/);
    expect((await call<CaseType>('cases.get', { id: c.id })).measurements).toEqual([]);
  });
});
