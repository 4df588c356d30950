import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPseudonymKey } from '../../electron/engine/trace/export/pseudonyms.js';
import { exportCapture } from '../../electron/engine/trace/export/trace-export.js';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { tsharkSipCounts } from './peers/capture-tools.js';
import { TestHost } from './peers/netns.js';
import { tempDir, waitFor, type PeerType } from './peers/processes.js';

/**
 * SIP through real kernel VXLAN tunnels (RFC 7348) between two network namespaces, made by sipp
 * and captured by tcpdump on the outer interface (the veth pair), as a mirror port or an overlay
 * delivers it: analyze must count the scenario's messages, and the redacted export must keep
 * them all (tshark's count), with every checksum valid (inner and outer UDP, IPv4 headers,
 * reassembled outer fragments) and none of the numbers, names or digests left in its bytes.
 *
 * Variety: outer IPv4 with and without the outer UDP checksum, outer IPv6; inner IPv4 and IPv6;
 * SIP over UDP and TCP; an INVITE sized so the outer packet is fragmented and the inner one is
 * not. GRE, ERSPAN and Geneve links, and 802.1Q tags inside the tunnel, cannot be made here: this
 * kernel is built without them (CONFIG_NET_IPGRE, CONFIG_GENEVE, CONFIG_VLAN_8021Q unset; `ip link
 * add … type gretap|erspan|geneve|vlan` answers "Unknown device type"). Those are checked with
 * generated packets, read by tshark as well (trace-export-redaction.test.ts, trace-tunnels.test.ts).
 */

const run = promisify(execFile);

interface VariantType {
  name: string;
  outer: 4 | 6;
  inner: 4 | 6;
  udpChecksum: boolean;
  transport: 'u1' | 't1';
  /** Device MTU 1500 over a 1500-byte link and an INVITE of about 1450 bytes: the outer packet is fragmented. */
  outerFragments: boolean;
}

const VARIANTS: VariantType[] = [
  { name: 'vxlan over IPv4 with outer UDP checksum, outer packets fragmented, SIP/UDP', outer: 4, inner: 4, udpChecksum: true, transport: 'u1', outerFragments: true },
  { name: 'vxlan over IPv4 without outer checksum, SIP/TCP', outer: 4, inner: 4, udpChecksum: false, transport: 't1', outerFragments: false },
  { name: 'vxlan over IPv6, inner IPv6, SIP/UDP', outer: 6, inner: 6, udpChecksum: true, transport: 'u1', outerFragments: false },
  { name: 'vxlan over IPv6, inner IPv4, SIP/TCP', outer: 6, inner: 4, udpChecksum: true, transport: 't1', outerFragments: false },
];

const CALLS = 3;
const CALLER = '+4972112345678';
const NAME = 'Erika Mustermann';
const SUBJECT_NUMBER = '0721 9876543';
const CALL_ID_NUMBER = '491711234567';
const DIGEST = '6629fae49393a05397450978507c4ef1';
const SECRETS = [CALLER.slice(1), NAME, SUBJECT_NUMBER, CALL_ID_NUMBER, DIGEST];

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>';

function uac(pad: number): string {
  const invite = `INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "${NAME}" <sip:${CALLER}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:${CALLER}@[local_ip]:[local_port];transport=[transport]>
Authorization: Digest username="${CALLER.slice(1)}", realm="pbx", nonce="4f2e", uri="sip:[service]@[remote_ip]", response="${DIGEST}"
Subject: Rueckruf ${SUBJECT_NUMBER}
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
${Array.from({ length: Math.floor(pad / 32) }, (_, i) => `a=x-pad:${String(i).padStart(4, '0')}${'-'.repeat(18)}`).join('\n')}
`;
  const inDialog = (method: string, cseq: number) => `${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "${NAME}" <sip:${CALLER}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${cseq} ${method}
Max-Forwards: 70
Content-Length: 0

`;
  return `${HEAD}<scenario name="tunnel-uac"><send retrans="500"><![CDATA[
${invite}]]></send><recv response="180"/><recv response="200"/><send><![CDATA[
${inDialog('ACK', 1)}]]></send><send retrans="500"><![CDATA[
${inDialog('BYE', 2)}]]></send><recv response="200"/></scenario>`;
}

function answer(code: string, tag: boolean): string {
  return `<send><![CDATA[
SIP/2.0 ${code}
[last_Via:]
[last_From:]
[last_To:]${tag ? ';tag=[pid]SIPpTag01[call_number]' : ''}
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Length: 0

]]></send>`;
}

const UAS = `${HEAD}<scenario name="tunnel-uas"><recv request="INVITE"/>${answer('180 Ringing', true)}${answer('200 OK', true)}<recv request="ACK"/><recv request="BYE"/>${answer('200 OK', false)}</scenario>`;

/** INVITE, 180, 200, ACK, BYE, 200 per call. */
const MESSAGES_PER_CALL = 6;

let dir: Awaited<ReturnType<typeof tempDir>>;
const pairs: Array<ReturnType<typeof TestHost.pair>> = [];

beforeAll(async () => {
  dir = await tempDir('sft-tunnels-real-');
});
afterAll(async () => {
  for (const p of pairs) for (const h of p.hosts) h.remove();
  await dir?.remove();
});

async function tshark(file: string, filter: string, fields: string[] = ['frame.number']): Promise<string[]> {
  const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'tcp.desegment_tcp_streams:TRUE'];
  const { stdout } = await run('tshark', ['-n', '-r', file, ...checks, '-d', 'udp.port==4789,vxlan', '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l.trim() !== '');
}

const BAD = 'ip.checksum.status == 0 || udp.checksum.status == 0 || tcp.checksum.status == 0';

/** Starts `command` in `host` and waits until its output matches `ready` (when given). */
async function started(host: TestHost, command: string, args: string[], ready?: RegExp): Promise<PeerType> {
  const peer = host.start(command, args);
  if (ready !== undefined) await waitFor(command, async () => ready.test(peer.output()), peer);
  return peer;
}

/**
 * Switches off transmit checksum offload (ethtool's ETHTOOL_STXCSUM through SIOCETHTOOL; there is
 * no ethtool binary here): a capture on the sending host otherwise shows the checksums the NIC
 * would fill in as wrong. A mirror port sees what left the NIC, with every checksum done.
 */
const NO_TX_CHECKSUM_OFFLOAD = `import array, fcntl, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for name in sys.argv[1:]:
    value = array.array('I', [0x17, 0])
    fcntl.ioctl(s.fileno(), 0x8946, struct.pack('16sP', name.encode(), value.buffer_info()[0]))`;

/** Two namespaces, a VXLAN link between them as `v` says, inner addresses on it. */
function tunnel(v: VariantType): { a: TestHost; b: TestHost; inner: [string, string] } {
  const pair = TestHost.pair('sfttun');
  pairs.push(pair);
  const [a, b] = pair.hosts;
  const outer = v.outer === 4 ? pair.v4 : pair.v6;
  const net = pairs.length;
  const inner: [string, string] = v.inner === 4 ? [`192.168.${200 + net}.1`, `192.168.${200 + net}.2`] : [`fd52:${net}::1`, `fd52:${net}::2`];
  [a, b].forEach((h, i) => {
    const csum = v.outer === 4 ? [v.udpChecksum ? 'udpcsum' : 'noudpcsum'] : ['udp6zerocsumtx', 'udp6zerocsumrx'].map((o) => `no${o}`);
    h.exec(['ip', 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'local', outer[i]!, 'remote', outer[1 - i]!, 'dstport', '4789', ...csum]);
    if (v.outerFragments) h.exec(['ip', 'link', 'set', 'vx0', 'mtu', '1500']);
    h.exec(['ip', 'link', 'set', 'vx0', 'up']);
    h.exec(['ip', 'addr', 'add', `${inner[i]}/${v.inner === 4 ? 24 : 64}`, 'dev', 'vx0', ...(v.inner === 6 ? ['nodad'] : [])]);
    h.exec(['python3', '-c', NO_TX_CHECKSUM_OFFLOAD, h.interfaceName, 'vx0']);
  });
  // Neighbour discovery through the tunnel before the capture (a datagram to the discard port), so the first INVITE is not held up.
  a.exec(['bash', '-c', `echo warm > /dev/udp/${inner[1]}/9; sleep 0.3`]);
  return { a, b, inner };
}

/**
 * The INVITE padding (32-byte lines) that makes it 1423–1458 bytes: its IP packet fits the
 * tunnel's MTU of 1500 whole, the outer one (+50) does not. The kernel learns the path MTU from
 * the first: later INVITEs come fragmented inside the tunnel instead (both ways are checked).
 */
function padFor(v: VariantType, inner: [string, string]): number {
  if (!v.outerFragments) return 0;
  // sipp's keywords as they come out (a pid has up to 7 digits): a few bytes off at most.
  const values: Record<string, string> = { local_ip: inner[0], remote_ip: inner[1], media_ip: inner[0], service: '200', remote_port: '5060', local_port: '5070', transport: 'UDP', pid: '1234567', call_number: '1', len: '1234', local_ip_type: '4', media_ip_type: '4', media_port: '6000' };
  Object.assign(values, { branch: `z9hG4bK-${values.pid}-1-0`, call_id: `${CALL_ID_NUMBER}-1-${values.pid}@gw` });
  const invite = uac(0).split('<![CDATA[')[1]!.split(']]>')[0]!.trimStart().replace(/\[([a-z_]+)\]/g, (_, k: string) => values[k] ?? k);
  return 1458 - Buffer.byteLength(invite.replace(/\n/g, '\r\n'));
}

describe('SIP through real VXLAN tunnels between namespaces, captured outside', () => {
  it.each(VARIANTS)('$name: analyze counts the scenario, the redacted export keeps every message, valid checksums, no secret', async (v) => {
    const { a, b, inner } = tunnel(v);
    const capture = join(dir.path, `${v.outer}-${v.inner}-${v.transport}.pcap`);
    const tcpdump = await started(a, 'tcpdump', ['-i', a.interfaceName, '-U', '-n', '-s', '0', '-w', capture], /listening on/i);
    const peers: PeerType[] = [tcpdump];
    try {
      const uasFile = join(dir.path, `uas-${v.transport}.xml`);
      const uacFile = join(dir.path, `uac-${v.transport}-${v.outer}.xml`);
      await writeFile(uasFile, UAS);
      await writeFile(uacFile, uac(padFor(v, inner)));
      const target = v.inner === 4 ? `${inner[1]}:5060` : `[${inner[1]}]:5060`;
      const uas = await started(b, 'sipp', ['-sf', uasFile, '-i', inner[1], '-p', '5060', '-t', v.transport, '-m', String(CALLS), '-nostdin']);
      peers.push(uas);
      await waitFor('sipp uas', async () => new RegExp(`:5060 `).test(b.exec(['ss', v.transport === 'u1' ? '-lun' : '-ltn'])), uas);
      const caller = await started(a, 'sipp', ['-sf', uacFile, '-i', inner[0], '-p', '5070', '-t', v.transport, '-s', '200', '-m', String(CALLS), '-l', '1', '-nostdin', '-nr', '-cid_str', `${CALL_ID_NUMBER}-%u-%p@gw`, target]);
      peers.push(caller);
      await waitFor('sipp uac', async () => caller.child.exitCode !== null, caller, 30_000);
      expect(caller.child.exitCode, caller.output()).toBe(0);
      await waitFor('sipp uas', async () => uas.child.exitCode !== null, uas, 10_000);
    } finally {
      await new Promise((r) => setTimeout(r, 500));
      for (const p of peers.reverse()) await p.stop();
    }
    expect((await stat(capture)).size).toBeGreaterThan(24);
    const input = await readFile(capture);
    // The capture is what the tunnel carried: VXLAN outside, the secrets inside.
    expect(await tshark(capture, 'vxlan && sip')).not.toHaveLength(0);
    // The outer packet in pieces, the inner one whole inside (the first call; see padFor).
    if (v.outerFragments) expect(await tshark(capture, 'vxlan && ip.flags.mf#1 == 0 && ip.frag_offset#1 > 0 && ip.flags.mf#2 == 0 && ip.frag_offset#2 == 0 && sip.Method == "INVITE"')).not.toHaveLength(0);
    expect(await tshark(capture, BAD)).toEqual([]);
    for (const s of [NAME, CALL_ID_NUMBER, DIGEST]) expect(input.includes(Buffer.from(s)), `capture has ${s}`).toBe(true);

    const r = await analyzeCaptureFile(capture);
    expect(r.sipMessages).toBe(CALLS * MESSAGES_PER_CALL);
    expect(r.responseCodes).toEqual({ '180': CALLS, '200': 2 * CALLS });
    expect(r.requests).toEqual({ INVITE: CALLS, ACK: CALLS, BYE: CALLS });
    expect((await tsharkSipCounts(capture)).messages).toBe(CALLS * MESSAGES_PER_CALL);

    const out = join(dir.path, `${v.outer}-${v.inner}-${v.transport}-redacted.pcapng`);
    const result = await exportCapture(capture, out, { selection: { devices: [], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: v.name });
    expect(result.sipMessages).toBe(CALLS * MESSAGES_PER_CALL);
    expect(result.redactions.authValues).toBe(CALLS);
    // Each message: the From/Contact numbers and the Call-ID's; the INVITE's Subject.
    expect(result.redactions.numbers).toBeGreaterThanOrEqual(CALLS * MESSAGES_PER_CALL * 2);
    const exported = await readFile(out);
    for (const s of SECRETS) expect(exported.includes(Buffer.from(s)), `export still has ${s}`).toBe(false);
    expect(await tsharkSipCounts(out)).toEqual(await tsharkSipCounts(capture));
    const ids = async (f: string) => (await tshark(f, 'sip', ['sip.CSeq', 'sip.Status-Code'])).sort();
    expect(await ids(out)).toEqual(await ids(capture));
    const decoded = (await tshark(out, 'sip', ['sip.msg_hdr'])).join('\n');
    for (const s of SECRETS) expect(decoded).not.toContain(s);
    expect(await tshark(out, BAD)).toEqual([]);
    expect((await tshark(out, v.transport === 't1' ? 'tcp.checksum.status == 1' : 'udp.checksum.status == 1')).length).toBeGreaterThan(0);
    // The dialogs group as before: as many Call-IDs, each with its six messages.
    const callIds = (await tshark(out, 'sip', ['sip.Call-ID'])).map((l) => l.split(',')[0]!);
    expect(new Set(callIds).size).toBe(CALLS);
    expect(callIds.every((c) => /^\d{12}-\d+-\d+@gw$/.test(c) && !c.startsWith(CALL_ID_NUMBER))).toBe(true);

    // Selection sees the inner packets: one dialog by its original Call-ID, one device by its inner address.
    const original = (await tshark(capture, 'sip.Method == "INVITE"', ['sip.Call-ID']))[0]!;
    const byDialog = await exportCapture(capture, join(dir.path, 'dialog.pcapng'), { selection: { devices: [], dialogs: [original] }, redact: true, key: newPseudonymKey(), comment: 'dialog' });
    expect(byDialog.sipMessages).toBe(MESSAGES_PER_CALL);
    const device = v.inner === 4 ? `${inner[1]}:5060` : `[${inner[1]}]:5060`;
    const byDevice = await exportCapture(capture, join(dir.path, 'device.pcapng'), { selection: { devices: [device], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: 'device' });
    expect(byDevice.sipMessages).toBe(CALLS * MESSAGES_PER_CALL);
  });
});
