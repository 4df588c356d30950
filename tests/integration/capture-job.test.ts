import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { JobSnapshotType } from '../../shared/jobs/job-model.js';
import type { CaseType } from '../../shared/model/case.js';
import type { CaptureSetupType } from '../../shared/capture/live-capture.js';
import { qualifyRounds } from './peers/sip-qualify.js';

/**
 * The capture job through the contract, as the window drives it: live counters while it runs,
 * stop keeps the capture as a case attachment (kind trace) analysed like an import, cancel drops
 * it. Traffic: generated SIP OPTIONS and answers between two sockets on loopback. The engine is the
 * built one (out/, `npm run build`): the analysis runs in its worker thread, which is compiled JS.
 */

let dataDir: string;
let engine: EngineType;

async function call<T>(method: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(engine.handlers, method, payload);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.detail}`);
  return envelope.value as T;
}

async function until(jobId: string, done: (j: JobSnapshotType) => boolean): Promise<JobSnapshotType> {
  for (let i = 0; i < 300; i++) {
    const job = await call<JobSnapshotType>('jobs.get', { jobId });
    if (done(job)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not get there');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lc-job-'));
  const { createEngine } = (await import(new URL('../../out/electron/engine/engine.js', import.meta.url).href)) as typeof import('../../electron/engine/engine.js');
  engine = await createEngine({ dataDir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false, net: { stunPort: 0 } });
});
afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const base = 33000 + (process.pid % 1000) * 8;

describe('capture.setup', () => {
  it('lists the backends (both may capture here, as root), loopback with its address, and the SIP filter for a PBX', async () => {
    const setup = await call<CaptureSetupType>('capture.setup', { pbx: '127.0.0.1' });
    expect(setup.backends.map((b) => [b.name, b.mayCapture])).toEqual([['node-pcap', true], ['dumpcap', true]]);
    expect(setup.chosen).toBe('node-pcap');
    expect(setup.interfaces.find((i) => i.name === 'lo')).toMatchObject({ addresses: expect.arrayContaining(['127.0.0.1']), loopback: true, reachesPbx: true });
    expect(setup.defaultFilter).toBe('host 127.0.0.1 and (tcp or udp) and (port 5060 or port 5061)');
  });
});

describe.each(['node-pcap', 'dumpcap'] as const)('the capture job (%s)', (backend) => {
  it('counts live, and on stop keeps the capture as a trace attachment analysed like an import', async () => {
    const c = await call<CaseType>('cases.create', {});
    const pbxPort = base + (backend === 'dumpcap' ? 4 : 0);
    const spec = { type: 'capture', iface: 'lo', filter: `udp and (port ${pbxPort} or port ${pbxPort + 1})`, backend };
    const job = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec });
    // Counters flow before the first packet: the capture has started.
    await until(job.id, (j) => j.partial !== null);
    await qualifyRounds(pbxPort, pbxPort + 1, 60);
    const live = await until(job.id, (j) => j.type === 'capture' && (j.partial?.counters.sipMessages ?? 0) === 120);
    expect(live.state).toBe('running');
    expect(live.type === 'capture' && live.partial?.counters.devicesSeen).toBeGreaterThan(0);
    await call('jobs.stop', { jobId: job.id });
    const done = await until(job.id, (j) => j.state !== 'running');
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    if (done.type !== 'capture' || done.partial === null) throw new Error('no capture result');
    expect(done.partial.end).toMatchObject({ endedBy: 'stop', problem: null });
    expect(done.partial.trace?.sipMessages).toBe(120);
    const stored = await call<CaseType>('cases.get', { id: c.id });
    expect(stored.attachments).toEqual([expect.objectContaining({ kind: 'trace', fileName: done.partial.attachment?.fileName })]);
    expect(stored.measurements.find((m) => m.id === done.measurementId)).toMatchObject({ type: 'trace', target: done.partial.attachment?.fileName });
  });

  it('cancel drops what was captured: no attachment, no file, no measurement', async () => {
    const c = await call<CaseType>('cases.create', {});
    const job = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec: { type: 'capture', iface: 'lo', filter: `udp port ${base + 7}`, backend } });
    await until(job.id, (j) => j.partial !== null);
    await call('jobs.cancel', { jobId: job.id });
    const done = await until(job.id, (j) => j.state !== 'running');
    expect(done.state).toBe('cancelled');
    expect(done.measurementId).toBeNull();
    expect((await call<CaseType>('cases.get', { id: c.id })).attachments).toEqual([]);
    expect(await readdir(join(dataDir, 'cases', c.id, 'attachments'))).toEqual([]);
  });
});

describe('stop is for stoppable jobs only', () => {
  it('a port check cannot be stopped, only cancelled', async () => {
    const c = await call<CaseType>('cases.create', {});
    const job = await call<JobSnapshotType>('jobs.start', { caseId: c.id, spec: { type: 'ports', host: '127.0.0.1', ports: [1], timeoutMs: 1000 } });
    await expect(call('jobs.stop', { jobId: job.id })).rejects.toThrow(/invalid-request/);
  });
});
