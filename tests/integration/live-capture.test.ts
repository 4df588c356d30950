import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import type { TraceResultType } from '../../shared/trace/trace-result.js';
import { tsharkSipCounts } from './peers/capture-tools.js';
import { startCaptureCli } from './peers/capture-cli.js';
import { tempDir } from './peers/processes.js';
import { SippTraffic, type ExpectedTrafficType } from './peers/sipp-traffic.js';

/**
 * Issue 8 §1, done when: the app's capture with each backend records sipp's PBX and phones on
 * loopback, and `analyze` on the result gives exactly the scenario's counts; the ring buffer keeps
 * the capture under --max-mb over a run that exceeds it.
 */

const BACKENDS = ['node-pcap', 'dumpcap'] as const;
let dir: Awaited<ReturnType<typeof tempDir>>;
let expected: ExpectedTrafficType;
const ends: Record<string, { code: number | null; stdout: string; stderr: string }> = {};
const out = (name: string) => join(dir.path, `${name}.pcapng`);

beforeAll(async () => {
  dir = await tempDir('lc-capture-');
  const traffic = new SippTraffic(dir.path, 41000 + (process.pid % 2000) * 8);
  const [low, high] = traffic.portRange;
  const filter = `(udp or tcp) and portrange ${low}-${high}`;
  const captures = BACKENDS.map((b) => startCaptureCli(['--iface', 'lo', '--filter', filter, '--backend', b, '--out', out(b)]));
  await Promise.all(captures.map((c) => c.started()));
  try {
    expected = await traffic.run({ ok: 3, lagged: 2, silent: 3, tcp: 2, invites: 2 });
  } finally {
    for (const p of traffic.peers) await p.stop();
    // The last packets are in the kernel's buffer for up to a buffer timeout.
    await new Promise((r) => setTimeout(r, 600));
    for (const [i, c] of captures.entries()) ends[BACKENDS[i]!] = await c.stop();
  }
}, 120_000);

afterAll(async () => {
  await dir?.remove();
});

function counts(r: TraceResultType) {
  return Object.fromEntries(r.devices.filter((d) => d.address in expected.devices).map((d) => [d.address, { name: d.name, ok: d.qualify.ok, lagged: d.qualify.lagged, unreachable: d.qualify.unreachable, pending: d.qualify.pending, transport: d.transport }]));
}

describe.each(BACKENDS)('capture --backend %s of sipp traffic on loopback', (backend) => {
  it('stops on Ctrl-C with a one-line summary and the pcapng that analyze reads as the scenario', async () => {
    const end = ends[backend]!;
    expect(end.stderr).toBe('');
    expect(end.code).toBe(0);
    expect(end.stdout.trim().split('\n')).toHaveLength(1);
    expect(end.stdout).toMatch(new RegExp(`^Capture \\(${backend}\\): \\d+ packets, ${expected.sipMessages} SIP messages, \\d+ devices, 0 dropped`));
    const r = await analyzeCaptureFile(out(backend));
    expect(r.format).toBe('pcapng');
    expect(r.stoppedAt).toBeNull();
    expect(r.sipMessages).toBe(expected.sipMessages);
    expect(r.responseCodes).toEqual(expected.responseCodes);
    expect(counts(r)).toEqual(expected.devices);
    expect(r.retransmissions.requests).toBe(expected.retransmittedRequests);
    // And Wireshark's own reading of the file agrees.
    expect((await tsharkSipCounts(out(backend))).messages).toBe(expected.sipMessages);
  });
});

/** SIP-sized UDP datagrams to a port nobody listens on, paced so no socket buffer overflows. */
async function flood(port: number, count: number, size: number): Promise<void> {
  const socket = createSocket('udp4');
  const payload = Buffer.alloc(size, 0x41);
  for (let i = 0; i < count; i++) {
    socket.send(payload, port, '127.0.0.1');
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 100));
  socket.close();
}

describe.each(BACKENDS)('ring buffer (--backend %s)', (backend) => {
  it('keeps the capture under --max-mb over a run that writes three times as much, newest data kept', async () => {
    const port = 30000 + (process.pid % 1000) * 4 + BACKENDS.indexOf(backend);
    const file = join(dir.path, `ring-${backend}.pcapng`);
    const capture = startCaptureCli(['--iface', 'lo', '--filter', `udp port ${port}`, '--max-mb', '1', '--backend', backend, '--out', file]);
    await capture.started();
    await flood(port, 3000, 1000);
    await new Promise((r) => setTimeout(r, 700));
    const end = await capture.stop();
    expect(end.code).toBe(0);
    expect(end.stdout).toContain('ring buffer: only the newest kept');
    const size = statSync(file).size;
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    expect(size).toBeGreaterThan(400 * 1024);
    // One valid pcapng of several sections, read to the end by tshark, ending with the last packet.
    const frames = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.len'], { encoding: 'utf8' }).trim().split('\n');
    expect(frames.length).toBeGreaterThan(300);
    expect(frames.length).toBeLessThan(3000);
    const r = await analyzeCaptureFile(file);
    expect(r.stoppedAt).toBeNull();
    expect(r.packets).toBe(frames.length);
  });
});
