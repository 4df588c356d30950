import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import type { TraceResultType } from '../../shared/trace/trace-result.js';
import { TestNat } from './peers/nat.js';
import { tempDir, waitFor, type PeerType } from './peers/processes.js';

/**
 * The guide's pattern, made by real parts: a phone (sipp) behind a real NAT (nftables masquerade,
 * conntrack UDP timeouts of 6 s) registers with a PBX (sipp) and answers its OPTIONS; then both
 * stay quiet for 14 s, the NAT forgets the binding, the next OPTIONS dies at the router (ICMP port
 * unreachable), and only the phone's re-registration makes it reachable again. Captured on the
 * PBX's side with tcpdump, the analysis must name the NAT binding expiry with the idle time and
 * say it is below 61 minutes.
 */

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>';
const ok = `<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]t
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:pbx@[local_ip]:[local_port]>
Expires: 120
Content-Length: 0

]]></send>`;
const options = (cseq: number) => `<send><![CDATA[
OPTIONS sip:2456.WinClient@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:pbx@[local_ip]:[local_port]>;tag=[pid]q${cseq}
To: <sip:2456.WinClient@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: ${cseq} OPTIONS
Max-Forwards: 70
Content-Length: 0

]]></send>`;
const register = (cseq: number) => `<send><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:2456.WinClient@[remote_ip]>;tag=[pid]r
To: <sip:2456.WinClient@[remote_ip]>
Call-ID: [call_id]
CSeq: ${cseq} REGISTER
Contact: <sip:2456.WinClient@[local_ip]:[local_port]>
Expires: 120
Max-Forwards: 70
Content-Length: 0

]]></send>`;

const PBX = `${HEAD}<scenario name="pbx">
<recv request="REGISTER"/>${ok}<pause milliseconds="500"/>${options(101)}<recv response="200"/>
<pause milliseconds="14000"/>${options(102)}<recv response="200" timeout="3000" ontimeout="rereg"/>
<label id="rereg"/><recv request="REGISTER"/>${ok}<pause milliseconds="300"/>${options(103)}<recv response="200"/>
</scenario>`;
const PHONE = `${HEAD}<scenario name="phone">
${register(1)}<recv response="200"/><recv request="OPTIONS"/>${ok}
<pause milliseconds="20000"/>${register(2)}<recv response="200"/><recv request="OPTIONS"/>${ok}
</scenario>`;

describe('NAT binding expiry in a capture of real traffic through a real NAT', () => {
  let nat: TestNat;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const peers: PeerType[] = [];
  let result: TraceResultType;

  beforeAll(async () => {
    dir = await tempDir('sft-natexp-');
    nat = TestNat.create({ udpTimeout: 6, udpStreamTimeout: 6 });
    await writeFile(join(dir.path, 'pbx.xml'), PBX);
    await writeFile(join(dir.path, 'phone.xml'), PHONE);
    const capture = join(dir.path, 'pbx-side.pcap');
    const tcpdump = nat.inServer('tcpdump', ['-i', 'any', '-U', '-n', '-s', '0', '-w', capture, 'udp port 5060 or icmp']);
    peers.push(tcpdump);
    await waitFor('tcpdump', async () => /listening on/i.test(tcpdump.output()), tcpdump);
    const pbx = nat.inServer('sipp', ['-sf', join(dir.path, 'pbx.xml'), '-i', nat.serverAddress, '-p', '5060', '-m', '1', '-nostdin', '-nr', '-trace_err', '-error_file', join(dir.path, 'pbx.err')]);
    peers.push(pbx);
    await new Promise((r) => setTimeout(r, 500));
    const phone = nat.inClient('sipp', ['-sf', join(dir.path, 'phone.xml'), '-i', nat.clientAddress, '-p', '5062', '-m', '1', '-nostdin', '-nr', '-trace_err', '-error_file', join(dir.path, 'phone.err'), `${nat.serverAddress}:5060`]);
    peers.push(phone);
    await waitFor('the phone scenario', async () => phone.child.exitCode !== null, undefined, 60_000);
    await waitFor('the PBX scenario', async () => pbx.child.exitCode !== null, undefined, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await tcpdump.stop();
    result = await analyzeCaptureFile(capture);
  }, 120_000);

  afterAll(async () => {
    for (const p of peers) await p.stop();
    nat?.remove();
    await dir?.remove();
  });

  it('the device is one device (the NAT’s public address) with two answered probes and one unreachable', () => {
    const device = result.devices.find((d) => d.name === '2456.WinClient');
    expect(device, JSON.stringify(result.devices)).toBeDefined();
    expect(device?.address.startsWith(`${nat.routerOutside}:`)).toBe(true);
    expect(device?.qualify).toMatchObject({ ok: 2, lagged: 0, unreachable: 1 });
    expect(device?.registrations).toMatchObject({ requests: 2, successes: 2 });
  });

  it('names the NAT binding expiry with the idle time, below 61 minutes, for the nat-timeout step', () => {
    const device = result.devices.find((d) => d.name === '2456.WinClient');
    // Quiet from the first answer (~0.5 s) to the second probe (~14.5 s): about 14 s.
    expect(device?.natExpiry?.idleSeconds).toBeGreaterThan(12);
    expect(device?.natExpiry?.idleSeconds).toBeLessThan(17);
    const finding = result.findings.find((f) => f.id === 'nat-binding-expiry');
    expect(finding?.step).toBe('nat-timeout');
    expect(finding?.severity).toBe('error');
    expect(finding?.text.de).toMatch(/NAT-Zuordnung der Firewall ist verfallen.*61 Minuten/);
  });

  it('the router’s ICMP port-unreachable answer to the lost probe is counted as answering SIP', () => {
    expect(result.icmpUnreachable).toBeGreaterThanOrEqual(1);
    expect(result.findings.map((f) => f.id)).toContain('icmp-unreachable');
  });
});
