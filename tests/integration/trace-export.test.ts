import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCapture, type ExportOptionsType } from '../../electron/engine/trace/export/trace-export.js';
import { newPseudonymKey } from '../../electron/engine/trace/export/pseudonyms.js';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { startCapture } from './peers/capture-tools.js';
import { tempDir } from './peers/processes.js';
import { SippTraffic } from './peers/sipp-traffic.js';

/**
 * Export (issue 8 §3) checked by tshark: the exported pcapng has the same SIP messages as the
 * input (redaction removes no message), none of the input's phone numbers, display names or
 * digest responses, RTP headers without payload, and exactly the messages of a selection.
 */

const run = promisify(execFile);
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('sft-export-');
});
afterAll(async () => {
  await dir.remove();
});

/**
 * Every SIP message tshark sees: Call-ID, CSeq and the start line, sorted. `numbered`: each
 * Call-ID named by the order it first appears in (redaction pseudonymises numbers inside
 * Call-IDs, such as sipp's `1-PID@…`; the same Call-ID must stay one, and different ones apart).
 */
async function sipMessages(file: string, filter = 'sip', callIds: 'as-is' | 'numbered' = 'as-is'): Promise<string[]> {
  const seen = new Map<string, string>();
  const name = (id: string) => (callIds === 'as-is' ? id : (seen.get(id) ?? seen.set(id, `dialog-${seen.size}`).get(id)!));
  const { stdout } = await run('tshark', ['-n', '-r', file, '-Y', filter, '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'sip.CSeq', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-E', 'occurrence=a', '-E', 'separator=|'], { maxBuffer: 64 * 1024 * 1024 });
  const out: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [ids = '', cseqs = '', methods = '', codes = ''] = line.split('|');
    // Several messages in one frame (TCP): tshark lists each field's occurrences comma-separated.
    const idList = ids.split(',');
    const cseqList = cseqs.split(',');
    const starts = [...methods.split(',').filter((m) => m !== ''), ...codes.split(',').filter((c) => c !== '')];
    idList.forEach((id, i) => out.push(`${name(id)}|${cseqList[i] ?? ''}|${starts.length === idList.length ? '' : starts.join('+')}`));
  }
  return out.sort();
}

async function rtpCount(file: string): Promise<number> {
  const { stdout } = await run('tshark', ['-n', '-r', file, '-o', 'rtp.heuristic_rtp:TRUE', '-Y', 'rtp.version == 2', '-T', 'fields', '-e', 'rtp.ssrc']);
  return stdout.split('\n').filter((l) => l !== '').length;
}

function expectNoneOf(bytes: Buffer, values: string[], what: string): void {
  for (const v of values) expect(bytes.includes(Buffer.from(v, 'latin1')), `${what} ${v}`).toBe(false);
}

function expectAllOf(bytes: Buffer, values: string[], what: string): void {
  for (const v of values) expect(bytes.includes(Buffer.from(v, 'latin1')), `${what} ${v}`).toBe(true);
}

const base = (key: Uint8Array, redact: boolean): ExportOptionsType => ({ selection: { devices: [], dialogs: [] }, redact, key, comment: 'Fall „Test“ (case-1), 2026-11-28' });

describe('export of generated captures', () => {
  const variants = [
    { seed: 11, format: 'pcap', linkType: 1 },
    { seed: 12, format: 'pcapng', linkType: 113 },
    { seed: 13, format: 'fritzbox', linkType: 1 },
    { seed: 14, format: 'pcap-ns', linkType: 276 },
  ] as const;
  it.each(variants)('seed $seed ($format, link $linkType): the same SIP messages, no number, name or digest response left', async ({ seed, format, linkType }) => {
    const { file, secrets } = generateTraffic(seed, { format, bigEndian: seed % 2 === 0, linkType });
    const input = join(dir.path, `in-${seed}.cap`);
    await writeFile(input, file);
    expectAllOf(file, [...secrets.numbers, ...secrets.names, ...secrets.authValues], 'input has');
    const key = newPseudonymKey();
    const redacted = join(dir.path, `red-${seed}.pcapng`);
    const plain = join(dir.path, `plain-${seed}.pcapng`);
    const r = await exportCapture(input, redacted, base(key, true));
    const p = await exportCapture(input, plain, base(key, false));
    const [want, gotRedacted, gotPlain] = await Promise.all([sipMessages(input), sipMessages(redacted), sipMessages(plain)]);
    expect(want.length).toBeGreaterThan(0);
    expect(gotRedacted).toEqual(want);
    expect(gotPlain).toEqual(want);
    const red = await readFile(redacted);
    expectNoneOf(red, [...secrets.numbers, ...secrets.names, ...secrets.authValues], 'redacted export still has');
    const pl = await readFile(plain);
    expectAllOf(pl, [...secrets.numbers, ...secrets.names], 'unredacted export keeps');
    expectNoneOf(pl, secrets.authValues, 'unredacted export still has the digest response');
    expect(r.redactions.authValues).toBe(secrets.authValues.length);
    expect(p.redactions.authValues).toBe(secrets.authValues.length);
    expect(p.redactions.numbers + p.redactions.names).toBe(0);
    if (secrets.names.length > 0) expect(r.redactions.names).toBeGreaterThanOrEqual(secrets.names.length);
    // RTP: headers still decode, payload gone (the frame is cut, its original length kept).
    const rtpIn = await rtpCount(input);
    expect(await rtpCount(redacted)).toBe(rtpIn);
    expect(r.redactions.rtpPayloads).toBe(rtpIn);
    const { stdout: info } = await run('capinfos', ['-t', '-c', redacted]);
    expect(info).toMatch(/pcapng/);
    expect(red.includes(Buffer.from('Fall „Test“ (case-1)', 'utf8'))).toBe(true);
  });

  it('the same number gets the same pseudonym under one key (a case) and another under another key', async () => {
    const { file } = generateTraffic(21, { format: 'pcap', bigEndian: false, linkType: 1 });
    const input = join(dir.path, 'in-21.pcap');
    await writeFile(input, file);
    const one = newPseudonymKey();
    const users = async (key: Uint8Array, name: string) => {
      const out = join(dir.path, name);
      await exportCapture(input, out, base(key, true));
      const { stdout } = await run('tshark', ['-n', '-r', out, '-Y', 'sip.Method == "INVITE"', '-T', 'fields', '-e', 'sip.from.user']);
      return stdout.split('\n').filter((l) => l !== '');
    };
    const a = await users(one, 'k1-a.pcapng');
    const b = await users(one, 'k1-b.pcapng');
    const c = await users(newPseudonymKey(), 'k2.pcapng');
    expect(a.length).toBeGreaterThan(0);
    expect(new Set(a).size).toBe(1); // every call is from +4930123: one pseudonym
    expect(a[0]).toMatch(/^\+\d{7}$/);
    expect(a[0]).not.toBe('+4930123');
    expect(b).toEqual(a);
    expect(c[0]).not.toBe(a[0]);
  });
});

describe('selection of devices and dialogs', () => {
  it.each([31, 34])('seed %i: a dialog gives exactly its messages, a device exactly the messages from or to it', async (seed) => {
    const { file } = generateTraffic(seed, { format: 'pcapng', bigEndian: false, linkType: 1 });
    const input = join(dir.path, `sel-${seed}.pcapng`);
    await writeFile(input, file);
    const analysis = await analyzeCaptureFile(input);
    const all = await sipMessages(input);
    const callId = all[Math.floor(all.length / 2)]!.split('|')[0]!;
    const key = newPseudonymKey();
    const dialogOut = join(dir.path, `dialog-${seed}.pcapng`);
    await exportCapture(input, dialogOut, { ...base(key, true), selection: { devices: [], dialogs: [callId] } });
    const inDialog = await sipMessages(input, `sip.Call-ID == "${callId}"`);
    expect(inDialog.length).toBeGreaterThan(0);
    expect(await sipMessages(dialogOut)).toEqual(inDialog);

    const device = analysis.devices[0]!.address;
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(device)!;
    const [ip, port] = [m[1]!, m[2]!];
    const ipField = ip.includes(':') ? 'ipv6.addr' : 'ip.addr';
    const deviceOut = join(dir.path, `device-${seed}.pcapng`);
    await exportCapture(input, deviceOut, { ...base(key, false), selection: { devices: [device], dialogs: [] } });
    const simple = `sip && ${ipField} == ${ip} && (udp.port == ${port} || tcp.port == ${port})`;
    const inDevice = await sipMessages(input, simple);
    expect(inDevice.length).toBeGreaterThan(0);
    expect(await sipMessages(deviceOut)).toEqual(inDevice);
  });
});

describe('selection over TCP segments and IP fragments', () => {
  it('a TCP device gives exactly its messages (segments cut at random places), a fragmented INVITE’s dialog all its fragments', async () => {
    let seed = 50;
    let g = generateTraffic(seed, { format: 'pcap', bigEndian: false, linkType: 1 });
    while (!(Object.values(g.expected.devices).some((d) => d.transport === 'tcp') && g.expected.fragmentedSip > 0)) g = generateTraffic(++seed, { format: 'pcap', bigEndian: false, linkType: 1 });
    const input = join(dir.path, `tcp-${seed}.pcap`);
    await writeFile(input, g.file);
    const device = Object.entries(g.expected.devices).find(([, d]) => d.transport === 'tcp')![0];
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(device)!;
    const ipField = m[1]!.includes(':') ? 'ipv6.addr' : 'ip.addr';
    const key = newPseudonymKey();
    const deviceOut = join(dir.path, `tcp-device-${seed}.pcapng`);
    await exportCapture(input, deviceOut, { ...base(key, true), selection: { devices: [device], dialogs: [] } });
    const inDevice = await sipMessages(input, `sip && ${ipField} == ${m[1]} && tcp.port == ${m[2]}`);
    expect(inDevice.length).toBeGreaterThan(0);
    expect(await sipMessages(deviceOut)).toEqual(inDevice);
    // The calls' INVITEs with the big SDP are the fragmented ones.
    const calls = [...new Set((await sipMessages(input, 'sip.Method == "INVITE" && ip.flags.mf == 0 && ip.frag_offset > 0 || sip.Method == "INVITE" && ipv6.fragment')).map((l) => l.split('|')[0]!))];
    expect(calls.length).toBeGreaterThan(0);
    const dialogOut = join(dir.path, `frag-dialog-${seed}.pcapng`);
    await exportCapture(input, dialogOut, { ...base(key, true), selection: { devices: [], dialogs: [calls[0]!] } });
    expect(await sipMessages(dialogOut)).toEqual(await sipMessages(input, `sip.Call-ID == "${calls[0]}"`));
  });
});

describe('export of a capture of sipp traffic on loopback', () => {
  it('tcpdump pcap of sipp phones, registrations and calls: the same SIP messages, no number, user or digest left', async () => {
    const traffic = new SippTraffic(dir.path, 51000 + (process.pid % 1000) * 8);
    const [low, high] = traffic.portRange;
    const capture = await startCapture('tcpdump', join(dir.path, 'sipp.pcap'), `(udp or tcp) and portrange ${low}-${high}`);
    try {
      await traffic.run({ ok: 1, lagged: 1, silent: 1, tcp: 2, invites: 1 });
    } finally {
      for (const p of traffic.peers) await p.stop();
      await capture.stop();
    }
    const input = await readFile(capture.file);
    // What sipp sent: the caller's number, the phones' user names, the digest header's value.
    const secrets = ['4930123456', '2456.WinClient', '1234.SFiphone', '301.Yealink', 'Digest username="x", realm="sipp"'];
    expectAllOf(input, secrets, 'sipp capture has');
    const key = newPseudonymKey();
    const redacted = join(dir.path, 'sipp-red.pcapng');
    const plain = join(dir.path, 'sipp-plain.pcapng');
    await exportCapture(capture.file, redacted, base(key, true));
    const p = await exportCapture(capture.file, plain, base(key, false));
    const want = await sipMessages(capture.file);
    expect(want.length).toBeGreaterThan(10);
    expect(await sipMessages(redacted, 'sip', 'numbered')).toEqual(await sipMessages(capture.file, 'sip', 'numbered'));
    expect(await sipMessages(plain)).toEqual(want);
    expectNoneOf(await readFile(redacted), secrets, 'redacted sipp export still has');
    const pl = await readFile(plain);
    expectAllOf(pl, secrets.slice(0, 4), 'unredacted sipp export keeps');
    expectNoneOf(pl, [secrets[4]!], 'unredacted sipp export still has');
    expect(p.redactions.authValues).toBe(3);
  });
});
