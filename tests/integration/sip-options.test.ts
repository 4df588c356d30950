import { createSocket } from 'node:dgram';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAGGED_AFTER_MS, runSipPing } from '../../electron/engine/net/sip-ping.js';
import { sipPingFindings } from '../../shared/diagnostics/explain.js';
import { SipPingResultSchema } from '../../shared/diagnostics/results.js';
import { TestHost } from './peers/netns.js';
import { bound, makeCertificate, startPeer, tempDir, waitFor, type PeerType } from './peers/processes.js';

const RESPONDER = new URL('./peers/sip-responder.mjs', import.meta.url).pathname;
let basePort = 40000 + (process.pid % 10000);
const nextPort = () => basePort++;

/** sipp as the PBX: answers OPTIONS with `code`, after `pauseMs`. */
function sippScenario(code: string, pauseMs = 0): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="options ${code}">
  <recv request="OPTIONS" />
  ${pauseMs > 0 ? `<pause milliseconds="${pauseMs}"/>` : ''}
  <send><![CDATA[
SIP/2.0 ${code}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Server: sipp-pbx
Content-Length: 0

]]></send>
</scenario>`;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
const peers: PeerType[] = [];

beforeAll(async () => {
  dir = await tempDir('sft-sip-');
});
afterAll(async () => {
  for (const p of peers) await p.stop();
  await dir?.remove();
});


/** Starts sipp answering OPTIONS on 127.0.0.1:port over UDP (u1) or TCP (t1), for `calls` requests. */
async function sipp(code: string, transport: 'u1' | 't1', calls: number, pauseMs = 0): Promise<number> {
  const port = nextPort();
  const file = join(dir.path, `s${port}.xml`);
  await writeFile(file, sippScenario(code, pauseMs));
  const peer = startPeer('sipp', ['-sf', file, '-i', '127.0.0.1', '-p', String(port), '-t', transport, '-m', String(calls), '-nostdin', '-trace_err', '-error_file', join(dir.path, `e${port}.log`)], { cwd: dir.path });
  peers.push(peer);
  await waitFor('sipp', () => bound(port, transport === 'u1' ? 'udp' : 'tcp'), peer);
  return port;
}

async function responder(mode: string): Promise<number> {
  const port = nextPort();
  const peer = startPeer(process.execPath, [RESPONDER, String(port), mode, '127.0.0.1']);
  peers.push(peer);
  await waitFor('responder', async () => peer.output().includes('ready'), peer);
  return port;
}

describe('sipp as the PBX', () => {
  it('UDP: immediate 200 → every probe OK, exact counts', async () => {
    const port = await sipp('200 OK', 'u1', 5);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 5, intervalMs: 200 });
    expect(SipPingResultSchema.parse(r)).toEqual(r);
    expect(r.summary).toMatchObject({ sent: 5, ok: 5, lagged: 0, unreachable: 0, lossPercent: 0 });
    expect(r.probes.map((p) => [p.seq, p.status, p.code, p.class])).toEqual([0, 1, 2, 3, 4].map((s) => [s, 'answered', 200, 'ok']));
    expect(r.server).toBe('sipp-pbx');
    expect(r.local).toMatchObject({ address: '127.0.0.1', interface: 'lo' });
  });

  it('UDP: 200 after 2500 ms → LAGGED', async () => {
    const port = await sipp('200 OK', 'u1', 2, 2500);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 2, intervalMs: 300 });
    expect(r.summary).toMatchObject({ sent: 2, ok: 0, lagged: 2, unreachable: 0 });
    expect(r.probes.every((p) => (p.rttMs ?? 0) >= 2500)).toBe(true);
    expect(sipPingFindings(r).map((f) => f.code)).toContain('sip-lagged');
  });

  it('UDP: a 404 answer still proves reachability, with its code', async () => {
    const port = await sipp('404 Not Found', 'u1', 3);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 3, intervalMs: 200 });
    expect(r.summary).toMatchObject({ sent: 3, ok: 3, unreachable: 0 });
    expect(r.probes.map((p) => [p.code, p.reason])).toEqual([[404, 'Not Found'], [404, 'Not Found'], [404, 'Not Found']]);
    expect(sipPingFindings(r).map((f) => f.code)).toContain('sip-answer-code');
  });

  it('TCP: 200 → OK over one connection', async () => {
    const port = await sipp('200 OK', 't1', 4);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port};transport=tcp`, count: 4, intervalMs: 200 });
    expect(r.transport).toBe('tcp');
    expect(r.summary).toMatchObject({ sent: 4, ok: 4, unreachable: 0 });
    expect(r.probes.every((p) => p.transmissions === 1)).toBe(true);
  });
});

describe('no answer, garbage, someone else’s transaction', () => {
  it('a peer that never answers → UNREACHABLE after the probe time limit, retransmitted per Timer E', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 2, intervalMs: 200, probeTimeoutMs: 2000 });
      expect(r.summary).toMatchObject({ sent: 2, ok: 0, lagged: 0, unreachable: 2, lossPercent: 100 });
      // Sent at 0, 500, 1500 ms (T1 doubling) within 2 s.
      expect(r.probes.map((p) => p.transmissions)).toEqual([3, 3]);
      expect(sipPingFindings(r)[0]?.code).toBe('sip-unreachable');
    } finally {
      silent.close();
    }
  });

  it('garbage before the answer is counted and ignored; the probe is still answered', async () => {
    const port = await responder('garbage');
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 2, intervalMs: 200, probeTimeoutMs: 2000 });
    expect(r.summary).toMatchObject({ sent: 2, ok: 2 });
    expect(r.garbage).toBe(4);
    expect(r.publicAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('an answer to another transaction does not count as ours', async () => {
    const port = await responder('foreign');
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: 2, intervalMs: 200, probeTimeoutMs: 1200 });
    expect(r.summary).toMatchObject({ sent: 2, ok: 0, unreachable: 2 });
    expect(r.foreignResponses).toBeGreaterThanOrEqual(2);
  });
});

describe('classification holds for delays not written in the repository', () => {
  it('answers drawn at random below and above 2000 ms are classified as Asterisk does', async () => {
    // Clear of the boundary by 300 ms either way, so scheduling noise cannot flip a class.
    const delays = Array.from({ length: 6 }, () => (Math.random() < 0.5 ? 100 + Math.floor(Math.random() * 1600) : 2300 + Math.floor(Math.random() * 1200)));
    const port = await responder(`delays:${delays.join(',')}`);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port}`, count: delays.length, intervalMs: 150, probeTimeoutMs: 5000 });
    const expected = delays.map((d) => (d > LAGGED_AFTER_MS ? 'lagged' : 'ok'));
    expect(r.probes.map((p) => p.class), `delays ${delays.join(', ')}`).toEqual(expected);
    r.probes.forEach((p, i) => expect(p.rttMs ?? 0).toBeGreaterThanOrEqual((delays[i] ?? 0) - 5));
  });
});

describe('TLS against Kamailio', () => {
  it('OPTIONS over TLS are answered; the self-signed certificate is reported, not fatal', async () => {
    const port = nextPort();
    const cert = await makeCertificate(dir.path, 'kamailio', { cn: 'pbx.test', san: 'DNS:pbx.test' });
    const modules = readdirSync('/usr/lib').map((d) => `/usr/lib/${d}/kamailio/modules`).find((d) => existsSync(d));
    if (!modules) throw new Error('Kamailio modules not found under /usr/lib/*/kamailio/modules (apt-get install kamailio kamailio-tls-modules)');
    await writeFile(join(dir.path, 'tls.cfg'), `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\nprivate_key = ${cert.key}\ncertificate = ${cert.cert}\n`);
    await writeFile(
      join(dir.path, 'k.cfg'),
      `#!KAMAILIO\ndebug=2\nlog_stderror=yes\nchildren=1\ntcp_children=1\nauto_aliases=no\nlisten=tls:127.0.0.1:${port}\nenable_tls=yes\nmpath="${modules}/"\nloadmodule "tls.so"\nloadmodule "sl.so"\nloadmodule "textops.so"\nmodparam("tls", "config", "${join(dir.path, 'tls.cfg')}")\nrequest_route {\n  if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }\n  sl_send_reply("404", "Not Found");\n}\n`,
    );
    const kamailio = startPeer('kamailio', ['-f', join(dir.path, 'k.cfg'), '-DD', '-E', '-Y', dir.path]);
    peers.push(kamailio);
    await waitFor('kamailio', () => bound(port, 'tcp'), kamailio);
    const r = await runSipPing({ target: `sip:127.0.0.1:${port};transport=tls`, count: 3, intervalMs: 200, probeTimeoutMs: 2000 });
    expect(r.summary).toMatchObject({ sent: 3, ok: 3, unreachable: 0 });
    expect(r.tls).toMatchObject({ authorized: false, subject: 'pbx.test' });
    expect(sipPingFindings(r).map((f) => f.code)).toContain('sip-tls-untrusted');
  });
});

describe('fragmented SIP over a real path that drops IP fragments', () => {
  let host: TestHost;
  let peer: PeerType;
  beforeAll(async () => {
    host = TestHost.create();
    // Before conntrack reassembles them (priority -400): every fragment is dropped.
    host.nft('table ip sftfrag {\n chain pre {\n  type filter hook prerouting priority -450; policy accept;\n  ip frag-off & 0x3fff != 0 drop\n }\n}\n');
    peer = host.start(process.execPath, [RESPONDER, '5060', 'ok', host.address]);
    await waitFor('responder in the namespace', async () => peer.output().includes('ready'), peer);
  });
  afterAll(async () => {
    await peer?.stop();
    host?.remove();
  });

  it('small requests are answered, large ones (1600 bytes) are lost: said plainly', async () => {
    const r = await runSipPing({ target: `sip:${host.address}`, count: 4, intervalMs: 200, large: true, probeTimeoutMs: 1500 });
    expect(r.probes.map((p) => [p.large, p.class])).toEqual([
      [false, 'ok'],
      [true, 'unreachable'],
      [false, 'ok'],
      [true, 'unreachable'],
    ]);
    expect(r.summary.fragmentationTrouble).toBe(true);
    expect(sipPingFindings(r).map((f) => f.code)).toContain('sip-fragmentation');
  });
});

