import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { CliTraceResultSchema, TraceResultSchema, type TraceResultType } from '../../shared/trace/trace-result.js';
import { editcap, startCapture, swapPcapByteOrder, tsharkSipCounts } from './peers/capture-tools.js';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { tempDir } from './peers/processes.js';
import { SippTraffic, type ExpectedTrafficType } from './peers/sipp-traffic.js';

const run = promisify(execFile);
const CLI = new URL('../../bin/starface-triage.js', import.meta.url).pathname;

let dir: Awaited<ReturnType<typeof tempDir>>;
let expected: ExpectedTrafficType;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await tempDir('sft-trace-');
  const traffic = new SippTraffic(dir.path, 47000 + (process.pid % 2000) * 8);
  const [low, high] = traffic.portRange;
  const filter = `(udp or tcp) and portrange ${low}-${high}`;
  const tcpdump = await startCapture('tcpdump', join(dir.path, 'tcpdump.pcap'), filter);
  const dumpcap = await startCapture('dumpcap', join(dir.path, 'dumpcap.pcapng'), filter);
  try {
    expected = await traffic.run({ ok: 3, lagged: 2, silent: 3, tcp: 3, invites: 2 });
  } finally {
    for (const p of traffic.peers) await p.stop();
    await tcpdump.stop();
    await dumpcap.stop();
  }
  files['tcpdump pcap'] = tcpdump.file;
  files['dumpcap pcapng'] = dumpcap.file;
  files['pcapng (editcap)'] = join(dir.path, 'converted.pcapng');
  await editcap('pcapng', tcpdump.file, files['pcapng (editcap)']);
  files['pcap, nanoseconds'] = join(dir.path, 'nsec.pcap');
  await editcap('nsecpcap', tcpdump.file, files['pcap, nanoseconds']);
  files['pcap, other byte order'] = join(dir.path, 'swapped.pcap');
  await swapPcapByteOrder(tcpdump.file, files['pcap, other byte order']);
  files['pcap, nanoseconds, other byte order'] = join(dir.path, 'nsec-swapped.pcap');
  await swapPcapByteOrder(files['pcap, nanoseconds'], files['pcap, nanoseconds, other byte order']);
  files['FRITZ!Box (modpcap)'] = join(dir.path, 'fritz.eth');
  await editcap('modpcap', tcpdump.file, files['FRITZ!Box (modpcap)']);
}, 120_000);

afterAll(async () => {
  await dir?.remove();
});

function deviceCounts(r: TraceResultType) {
  return Object.fromEntries(
    r.devices.filter((d) => d.address in expected.devices).map((d) => [d.address, { name: d.name, ok: d.qualify.ok, lagged: d.qualify.lagged, unreachable: d.qualify.unreachable, pending: d.qualify.pending, transport: d.transport }]),
  );
}

function registrationCounts(r: TraceResultType) {
  return Object.fromEntries(
    r.devices.filter((d) => d.address in expected.registrations).map((d) => {
      const { requests, successes, challenges, failures, authLoops, expiresSeconds } = d.registrations;
      return [d.address, { requests, successes, challenges, failures, authLoops, expiresSeconds }];
    }),
  );
}

describe('captures of sipp traffic on loopback, in every format', () => {
  const formats = ['tcpdump pcap', 'dumpcap pcapng', 'pcapng (editcap)', 'pcap, nanoseconds', 'pcap, other byte order', 'pcap, nanoseconds, other byte order', 'FRITZ!Box (modpcap)'];
  it.each(formats)('%s: exactly the scenario’s devices, qualify states, registrations and codes', async (format) => {
    const file = files[format];
    expect(file).toBeDefined();
    const r = await analyzeCaptureFile(file!);
    expect(TraceResultSchema.parse(r)).toEqual(r);
    expect(r.format).toBe(format.startsWith('FRITZ') ? 'fritzbox' : format.includes('pcapng') ? 'pcapng' : 'pcap');
    expect(r.stoppedAt).toBeNull();
    expect(r.sipMessages).toBe(expected.sipMessages);
    expect(r.responseCodes).toEqual(expected.responseCodes);
    expect(deviceCounts(r)).toEqual(expected.devices);
    expect(registrationCounts(r)).toEqual(expected.registrations);
    expect(r.retransmissions.requests).toBe(expected.retransmittedRequests);
    expect(r.skipped.malformedSip).toBe(0);
    const ids = r.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['qualify-unreachable', 'qualify-lagged', 'register-auth-loop', 'error-codes-rare']));
    expect(r.findings.find((f) => f.id === 'qualify-unreachable')?.step).toBe('unreachable-lagged');
    // Lagged answers came after 2500 ms; the RTTs say so.
    const lagged = r.devices.find((d) => d.qualify.lagged > 0);
    expect(lagged?.qualify.minRttMs).toBeGreaterThanOrEqual(2500);
  });

  it('tshark agrees on the number of SIP messages and on every response code', async () => {
    for (const file of [files['tcpdump pcap']!, files['dumpcap pcapng']!]) {
      const t = await tsharkSipCounts(file);
      const r = await analyzeCaptureFile(file);
      expect(r.sipMessages).toBe(t.messages);
      expect(r.responseCodes).toEqual(t.codes);
    }
  });

  it('the CLI prints the issue’s JSON shape for a FRITZ!Box capture', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'analyze', files['FRITZ!Box (modpcap)']!, '--json'], { env: { ...process.env, LANG: 'de_DE.UTF-8' } });
    const json: unknown = JSON.parse(stdout);
    const r = CliTraceResultSchema.parse(json);
    expect(r.format).toBe('fritzbox');
    expect(r.sipMessages).toBe(expected.sipMessages);
    expect(r.devices.every((d) => /^127\.0\.0\.1:\d+$/.test(d.address))).toBe(true);
    expect(typeof r.findings[0]?.text).toBe('string');
    expect(r.findings.map((f) => f.text).join(' ')).toMatch(/Endgerät/);
  });
});

describe('the test capture writer, checked by tshark', () => {
  it('tshark reads the generated captures (every format and link type) with the SIP messages the generator sent', async () => {
    const formats = ['pcap', 'pcap-ns', 'pcapng', 'fritzbox'] as const;
    const links = [1, 113, 276, 101, 0] as const;
    for (let i = 0; i < 10; i++) {
      const options = { format: formats[i % 4]!, bigEndian: i % 3 === 0, linkType: links[i % 5]!, vlanTags: i % 2, sectionEvery: i % 2 === 0 ? 5 : undefined };
      const { file, expected } = generateTraffic(1000 + i, options);
      const path = join(dir.path, `generated-${i}.cap`);
      await writeFile(path, file);
      const t = await tsharkSipCounts(path);
      // tshark does not reassemble TCP out of order by default; compare where it can.
      const r = await analyzeCaptureFile(path);
      expect(r.sipMessages).toBe(expected.sipMessages);
      if (!Object.values(expected.devices).some((d) => d.transport === 'tcp')) {
        expect(t.messages, `seed ${1000 + i} ${JSON.stringify(options)}`).toBe(expected.sipMessages);
        expect(t.codes).toEqual(expected.responseCodes);
      }
    }
  });
});
