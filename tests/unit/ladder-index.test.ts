import { mkdtemp, rm, truncate, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureWriter, ip, udp, type WriterOptionsType } from './helpers/capture-writer.js';
import { generateDialogs, type ExpectedDialogType } from './helpers/sip-dialog-model.js';
import { prng } from './helpers/sip-traffic-model.js';
import { LadderIndexer } from '../../electron/engine/trace/ladder/ladder-indexer.js';
import { buildLadderIndex, ladderPaths, sourceStamp } from '../../electron/engine/trace/ladder/ladder-build.js';
import { readLadderIndex } from '../../electron/engine/trace/ladder/ladder-file.js';
import { LadderIndex } from '../../electron/engine/trace/ladder/ladder-query.js';
import { createLadder } from '../../electron/engine/trace/ladder/ladder-service.js';
import { ContractError } from '../../shared/contract/errors.js';

/** Indexes a capture in memory, fed in random slices as a stream gives them. */
function indexOf(file: Buffer, seed: number): { index: LadderIndex; spool: Buffer } {
  const parts: Buffer[] = [];
  let size = 0;
  const indexer = new LadderIndexer((bytes) => {
    parts.push(Buffer.from(bytes));
    size += bytes.byteLength;
    return size - bytes.byteLength;
  });
  const rnd = prng(seed);
  for (let at = 0; at < file.length; ) {
    const n = 1 + Math.floor(rnd() * 70000);
    if (!indexer.push(file.subarray(at, at + n))) break;
    at += n;
  }
  return { index: new LadderIndex(indexer.finish(), '/nonexistent'), spool: Buffer.concat(parts) };
}

function rowsByCallId(index: LadderIndex) {
  const page = index.dialogPage({ offset: 0, limit: 1_000_000, sort: 'time', descending: false, filter: '' });
  return new Map(page.dialogs.map((d) => [d.callId, d]));
}

function expectDialogs(index: LadderIndex, expected: Map<string, ExpectedDialogType>): void {
  const rows = rowsByCallId(index);
  expect(rows.size).toBe(expected.size);
  for (const [callId, e] of expected) {
    const row = rows.get(callId);
    expect(row, callId).toBeDefined();
    expect({ callId, method: row!.method, state: row!.state, codes: row!.codes, messages: row!.messages, retransmissions: row!.retransmissions, from: row!.from, to: row!.to, src: row!.src }).toEqual({
      callId,
      method: e.method,
      state: e.state,
      codes: e.codes,
      messages: e.messages,
      retransmissions: e.retransmissions,
      from: e.from,
      to: e.to,
      src: e.src,
    });
  }
}

const VARIANTS: WriterOptionsType[] = [
  { format: 'pcap', bigEndian: false, linkType: 1 },
  { format: 'pcap-ns', bigEndian: true, linkType: 113, vlanTags: 0 },
  { format: 'pcapng', bigEndian: false, linkType: 276, sectionEvery: 97 },
  { format: 'pcapng', bigEndian: true, linkType: 101 },
  { format: 'fritzbox', bigEndian: false, linkType: 1 },
  { format: 'pcap', bigEndian: false, linkType: 1, vlanTags: 2 },
  { format: 'pcap', bigEndian: true, linkType: 0 },
];

describe('ladder index of generated dialogs', () => {
  for (let seed = 1; seed <= 21; seed++) {
    const options = VARIANTS[seed % VARIANTS.length]!;
    it(`seed ${seed} (${options.format}, linktype ${options.linkType}): every dialog with its state, codes, messages and retransmissions`, () => {
      const { file, expected, wire } = generateDialogs(seed, options, 40 + seed * 7);
      const { index } = indexOf(file, seed);
      expectDialogs(index, expected);
      expect(index.summary.messages).toBe(wire.length);
      expect(index.summary.skipped).toBe(0);
    });
  }

  it('covers every state, both transports and fragmented INVITEs across the seeds', () => {
    const states = new Set<string>();
    let tcp = 0;
    let fragmented = 0;
    for (let seed = 1; seed <= 21; seed++) {
      const { expected, wire } = generateDialogs(seed, VARIANTS[seed % VARIANTS.length]!, 40 + seed * 7);
      for (const e of expected.values()) states.add(e.state);
      tcp += wire.filter((w) => w.transport === 'tcp').length;
      fragmented += wire.filter((w) => w.transport === 'udp' && w.data.length > 1500).length;
    }
    expect([...states].sort()).toEqual(['busy', 'calling', 'cancelled', 'completed', 'diverted', 'failed', 'in-call', 'no-answer', 'rejected', 'ringing']);
    expect(tcp).toBeGreaterThan(50);
    expect(fragmented).toBeGreaterThan(5);
  });

  it('a dialog ladder lists its messages in order with deltas, parties and marked retransmissions; the spool holds each message’s bytes', () => {
    const { file, expected, wire } = generateDialogs(5, VARIANTS[0]!, 120);
    const { index, spool } = indexOf(file, 5);
    const rows = rowsByCallId(index);
    for (const [callId, e] of expected) {
      const row = rows.get(callId)!;
      const page = index.ladder({ dialog: row.id, offset: 0, limit: 1000 })!;
      expect(page.total).toBe(e.messages);
      const sent = wire.filter((w) => w.data.includes(`Call-ID: ${callId}\r\n`));
      expect(page.messages.map((m) => m.bytes)).toEqual(sent.map((w) => w.data.length));
      expect(page.messages.filter((m) => m.retransmission).length).toBe(e.retransmissions);
      expect(page.parties[0]).toBe(e.src);
      page.messages.forEach((m, i) => {
        expect(m.deltaMs).toBeCloseTo(i === 0 ? 0 : (sent[i]!.time - sent[i - 1]!.time) / 1000, 3);
        expect(m.callId).toBe(callId);
      });
    }
    // The first message's bytes are the first bytes of the spool.
    expect(spool.subarray(0, wire[0]!.data.length).equals(wire[0]!.data)).toBe(true);
  });

  it('a device ladder holds exactly the messages to and from that IP:PORT', () => {
    const { file, wire } = generateDialogs(9, VARIANTS[2]!, 150);
    const { index } = indexOf(file, 9);
    const w = wire[3]!;
    const address = w.src.includes(':') ? `[${w.src}]:${w.sport}` : `${w.src}:${w.sport}`;
    const page = index.ladder({ device: address, offset: 0, limit: 1000 })!;
    const expected = wire.filter((x) => (x.src === w.src && x.sport === w.sport) || (x.dst === w.src && x.dport === w.sport)).length;
    expect(page.total).toBe(expected);
    expect(page.parties[0]).toBe(address);
    expect(index.ladder({ device: '203.0.113.99:5060', offset: 0, limit: 10 })).toBeNull();
  });

  it('sorts by each key both ways and filters over From, To, Call-ID and method', () => {
    const { file, expected } = generateDialogs(13, VARIANTS[1]!, 300);
    const { index } = indexOf(file, 13);
    const all = (sort: 'time' | 'from' | 'to' | 'method' | 'state' | 'duration', descending: boolean, filter = '') => index.dialogPage({ offset: 0, limit: 100000, sort, descending, filter });
    const byFrom = all('from', false).dialogs.map((d) => d.from);
    expect(byFrom).toEqual([...byFrom].sort());
    const byDuration = all('duration', true).dialogs.map((d) => d.durationMs);
    expect(byDuration).toEqual([...byDuration].sort((a, b) => b - a));
    const registers = all('time', false, 'register');
    expect(registers.total).toBe([...expected.values()].filter((e) => e.method === 'REGISTER').length);
    const one = [...expected.keys()][17]!;
    expect(all('state', false, one.toUpperCase()).dialogs.map((d) => d.callId)).toEqual([one]);
    const page = index.dialogPage({ offset: 250, limit: 100, sort: 'time', descending: false, filter: '' });
    expect(page.total).toBe(300);
    expect(page.dialogs.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => 250 + i));
  });
});

describe('ladder index: bad input', () => {
  it('a cut capture keeps the dialogs before the cut and says where', () => {
    const { file } = generateDialogs(3, VARIANTS[0]!, 80);
    const cut = file.subarray(0, Math.floor(file.length * 0.6) + 7);
    const { index } = indexOf(cut, 3);
    expect(index.summary.stoppedAt).not.toBeNull();
    expect(index.summary.dialogs).toBeGreaterThan(20);
    expect(index.summary.dialogs).toBeLessThan(80);
  });

  it('messages without Call-ID or CSeq are counted as skipped, not made into dialogs', () => {
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 101 });
    const good = Buffer.from('OPTIONS sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK1\r\nCall-ID: x1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    const noCallId = Buffer.from('OPTIONS sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    const noCseq = Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK3\r\nCall-ID: x2\r\nContent-Length: 0\r\n\r\n');
    [good, noCallId, noCseq, noCallId].forEach((p, i) => w.packet(1e15 + i * 1000, ip('192.0.2.2', '192.0.2.1', 17, udp(5060, 5060, p), i + 1)[0]!));
    const { index } = indexOf(w.toBuffer(), 1);
    expect(index.summary).toMatchObject({ dialogs: 1, messages: 1, skipped: 3 });
  });

  it('a dialog of 10 000 messages is one dialog with all of them, paged', () => {
    const w = new CaptureWriter({ format: 'pcapng', bigEndian: false, linkType: 1 });
    for (let i = 0; i < 10_000; i++) {
      const request = i % 2 === 0;
      const cseq = Math.floor(i / 2) + 1;
      const text = request ? `NOTIFY sip:100@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKn${cseq}\r\nFrom: <sip:pbx@192.0.2.1>;tag=a\r\nTo: <sip:100@192.0.2.1>;tag=b\r\nCall-ID: long-one\r\nCSeq: ${cseq} NOTIFY\r\nContent-Length: 0\r\n\r\n` : `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKn${cseq}\r\nCall-ID: long-one\r\nCSeq: ${cseq} NOTIFY\r\nContent-Length: 0\r\n\r\n`;
      const [src, dst] = request ? ['192.0.2.1', '192.0.2.2'] : ['192.0.2.2', '192.0.2.1'];
      w.packet(1e15 + i * 1000, ip(src, dst, 17, udp(5060, 5060, Buffer.from(text)), i + 1)[0]!);
    }
    const { index } = indexOf(w.toBuffer(), 2);
    const [row] = index.dialogPage({ offset: 0, limit: 10, sort: 'time', descending: false, filter: '' }).dialogs;
    expect(row).toMatchObject({ callId: 'long-one', method: 'NOTIFY', state: 'completed', messages: 10_000, retransmissions: 0, codes: [200] });
    const page = index.ladder({ dialog: 0, offset: 9_000, limit: 1000 })!;
    expect(page.total).toBe(10_000);
    expect(page.messages).toHaveLength(1000);
    expect(page.messages[999]).toMatchObject({ isRequest: false, status: 200, cseq: 5000 });
    expect(page.messages[1]!.deltaMs).toBeCloseTo(1, 2);
  });

  it('a file that is no capture is refused with the reader’s typed error', () => {
    const indexer = new LadderIndexer(() => 0);
    expect(() => indexer.push(Buffer.from('\xff\xd8\xff\xe0 JFIF not a capture at all', 'latin1'))).toThrow(/./);
  });
});

describe('ladder index on disk and over the contract', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ladder-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is cached beside the capture, read back whole, and rebuilt when the capture changes', async () => {
    const capture = join(dir, 'calls.pcap');
    const { file, expected } = generateDialogs(17, VARIANTS[0]!, 60);
    await writeFile(capture, file);
    let builds = 0;
    const build = async (path: string, paths: ReturnType<typeof ladderPaths>) => {
      builds++;
      await buildLadderIndex(path, paths);
    };
    const ladder = createLadder(async (_c, name) => (name === 'calls.pcap' ? capture : null), build);
    const ref = { caseId: 'case-20261128-0001', fileName: 'calls.pcap' };
    const page = await ladder['ladder.dialogs']({ ...ref, offset: 0, limit: 500, sort: 'time', descending: false, filter: '' });
    expect(page.total).toBe(expected.size);
    expect(builds).toBe(1);
    // A second service (an app restart) reads the cache instead of the capture.
    const again = createLadder(async () => capture, build);
    await again['ladder.dialogs']({ ...ref, offset: 0, limit: 5, sort: 'time', descending: false, filter: '' });
    expect(builds).toBe(1);
    const stored = await readLadderIndex(ladderPaths(capture).index, await sourceStamp(capture));
    expect(stored?.dialogs.callId.length).toBe(expected.size);

    // The whole INVITE with its SDP, from the side file.
    const invite = page.dialogs.find((d) => d.method === 'INVITE')!;
    const flow = await ladder['ladder.flow']({ ...ref, dialog: invite.id, offset: 0, limit: 50 });
    const whole = await ladder['ladder.message']({ ...ref, id: flow.messages[0]!.id });
    expect(whole.startLine).toMatch(/^INVITE sip:\S+ SIP\/2\.0$/);
    expect(whole.headers.find((h) => h.name === 'Call-ID')?.value).toBe(invite.callId);
    expect(whole.isSdp).toBe(true);
    expect(whole.body).toMatch(/^v=0\r\no=- \d+ 1 IN IP4 /);

    // Changed capture: stale cache, built again.
    const other = generateDialogs(18, VARIANTS[0]!, 30);
    await writeFile(capture, other.file);
    await utimes(capture, new Date(), new Date(Date.now() + 5000));
    const rebuilt = await again['ladder.dialogs']({ ...ref, offset: 0, limit: 5, sort: 'time', descending: false, filter: '' });
    expect(builds).toBe(2);
    expect(rebuilt.total).toBe(other.expected.size);

    await expect(ladder['ladder.dialogs']({ ...ref, fileName: 'missing.pcap', offset: 0, limit: 5, sort: 'time', descending: false, filter: '' })).rejects.toBeInstanceOf(ContractError);
    await expect(ladder['ladder.message']({ ...ref, id: 10_000_000 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a cut file on disk is indexed up to the cut', async () => {
    const capture = join(dir, 'cut.pcapng');
    const { file } = generateDialogs(19, VARIANTS[2]!, 50);
    await writeFile(capture, file);
    await truncate(capture, Math.floor(file.length / 2));
    const data = await buildLadderIndex(capture);
    expect(data.stoppedAt).not.toBeNull();
    expect(data.dialogs.callId.length).toBeGreaterThan(5);
  });
});
