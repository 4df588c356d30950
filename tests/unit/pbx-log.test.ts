import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyPbxLine } from '../../electron/engine/pbxlog/pbx-log-lines.js';
import { analyzePbxLog, analyzePbxLogFile, PBX_LOG_GIVE_UP_BYTES, PBX_LOG_MAX_LINE, PbxLogError } from '../../electron/engine/pbxlog/pbx-log.js';
import { PBX_LOG_MAX_DEVICES, PBX_LOG_MAX_TIMELINE, PbxLogResultSchema, type PbxLogResultType } from '../../shared/trace/pbx-log-result.js';
import { chunked, encode, rng, scenario } from './pbx-log-scenario.js';

async function* once(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

const analyzeText = (text: string) => analyzePbxLog(once(text));
const finding = (result: PbxLogResultType, id: string) => result.findings.find((f) => f.id === id);

describe('classifyPbxLine: the lines of FACTS.md', () => {
  it('reads the default file format with a Lagged peer and its RTT', () => {
    expect(classifyPbxLine("[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: Peer '101' is now Lagged. (2345ms / 2000ms)")).toEqual({
      time: 'Mar  4 08:52:06', level: 'NOTICE', event: { kind: 'state', device: '101', state: 'lagged', rttMs: 2345, source: 'sip-peer' },
    });
  });

  it('reads the Asterisk 11 console format with an UNREACHABLE peer (no time)', () => {
    expect(classifyPbxLine("NOTICE[10281]: chan_sip.c:28837 sip_poke_noanswer: Peer 'Lync_Trunk' is now UNREACHABLE!  Last qualify: 0")).toEqual({
      time: '', level: 'NOTICE', event: { kind: 'state', device: 'Lync_Trunk', state: 'unreachable', rttMs: null, source: 'sip-peer' },
    });
  });

  it('reads a call id after the LWP, a full date, and one space instead of two', () => {
    const line = "[2024-03-04 08:52:06] WARNING[17903][C-00000012] chan_sip.c: Peer '2456.WinClient' is now UNREACHABLE! Last qualify: 12";
    expect(classifyPbxLine(line)?.event).toMatchObject({ device: '2456.WinClient', state: 'unreachable' });
    expect(classifyPbxLine(line)?.time).toBe('2024-03-04 08:52:06');
  });

  it('reads pjsip contacts by their AOR (RTT only when reachable) and endpoints by name', () => {
    expect(classifyPbxLine('[Mar  4 08:52:06] VERBOSE[1] res_pjsip/pjsip_options.c: Contact 1234.SFiphone/sip:1234@10.0.0.5:5060;ob is now Reachable.  RTT: 12.345 msec')?.event)
      .toEqual({ kind: 'state', device: '1234.SFiphone', state: 'reachable', rttMs: 12.345, source: 'pjsip-contact' });
    expect(classifyPbxLine('[Mar  4 08:52:06] VERBOSE[1] res_pjsip/pjsip_options.c: Contact 101/sip:101@h is now Unreachable.  RTT: 0.000 msec')?.event)
      .toMatchObject({ device: '101', state: 'unreachable', rttMs: null });
    expect(classifyPbxLine('[Mar  4 08:52:06] VERBOSE[1] res_pjsip/pjsip_options.c: Contact 101/sip:101@h is now NonQualified.')?.event).toMatchObject({ state: 'unknown' });
    expect(classifyPbxLine('[Mar  4 08:52:06] NOTICE[1] res_pjsip/pjsip_options.c: Endpoint 101 is now Unreachable')?.event).toMatchObject({ device: '101', state: 'unreachable', source: 'pjsip-endpoint' });
  });

  it('takes the failed registration\'s device from the From user part, not the source address', () => {
    expect(classifyPbxLine("[Mar  4 08:52:06] NOTICE[1] chan_sip.c: Registration from '\"Max\" <sip:101@pbx.example.com>' failed for '10.0.0.9:5060' - Wrong password")?.event)
      .toEqual({ kind: 'registration-failed', device: '101', address: '10.0.0.9:5060', reason: 'Wrong password' });
  });

  it('counts other Asterisk messages as Asterisk lines without an event, everything else as null', () => {
    expect(classifyPbxLine('[Mar  4 08:52:06] VERBOSE[2][C-0000001a] pbx.c:     -- Executing [101@default:1] Dial')?.event).toEqual({ kind: 'other' });
    // Verbose lines as the console writes them are Asterisk's too (res_pjsip reports contacts there).
    expect(classifyPbxLine('  == Using SIP RTP CoS mark 5')?.event).toEqual({ kind: 'other' });
    for (const line of ['', '   ', 'garbage', 'asterisk*CLI> sip show peers', "Peer '101' is now Lagged. (2345ms / 2000ms)", '[not a time] NOTICE[1] chan_sip.c: x', 'INFO[12] Server.java: started', '[Mar  4 08:52:06] -x- not a marker']) {
      expect(classifyPbxLine(line), line).toBeNull();
    }
  });
});

describe('res_pjsip contact states in verbose form (as printed by a real Asterisk 20 console)', () => {
  it('reads each contact as its AOR, UNREACHABLE, with the time as written', async () => {
    const log = [
      '[Jul  3 08:40:06]     -- Contact 1002/sip:1002@dynamic is now Unreachable.  RTT: 0.000 msec',
      '[Jul  3 08:40:18]     -- Contact 1003/sip:1003@dynamic is now Unreachable.  RTT: 0.000 msec',
      '[Jul  3 08:40:25]     -- Contact 1001/sip:1001@dynamic is now Reachable.  RTT: 156.906 msec',
      '',
    ].join('\n');
    const result = await analyzePbxLog((async function* () {
      yield new TextEncoder().encode(log);
    })());
    expect({ lines: result.lines, skipped: result.skipped }).toEqual({ lines: 3, skipped: 0 });
    expect(result.devices.map((d) => [d.name, d.unreachable, d.reachable, d.lastState, d.maxRttMs])).toEqual([
      ['1002', 1, 0, 'unreachable', null],
      ['1003', 1, 0, 'unreachable', null],
      ['1001', 0, 1, 'reachable', 156.906],
    ]);
    expect(result.devices[0]?.timeline[0]?.time).toBe('Jul  3 08:40:06');
    expect(result.findings.map((f) => f.id)).toContain('pbx-unreachable');
  });
});

describe('analyzePbxLog on generated scenarios', () => {
  const variants = [
    { latin1: false, crlf: false, bom: false, finalBreak: true },
    { latin1: false, crlf: true, bom: true, finalBreak: false },
    { latin1: true, crlf: false, bom: false, finalBreak: false },
    { latin1: true, crlf: true, bom: false, finalBreak: true },
  ];
  for (let seed = 1; seed <= 24; seed++) {
    const variant = variants[seed % variants.length] as (typeof variants)[number];
    it(`seed ${seed}: counts every device exactly (${variant.latin1 ? 'Latin-1' : 'UTF-8'}, ${variant.crlf ? 'CRLF' : 'LF'})`, async () => {
      const { lines, expected } = scenario(seed, 150 + seed * 20, 3 + (seed % 10));
      const result = await analyzePbxLog(chunked(encode(lines, variant), rng(seed * 7919)));
      expect(PbxLogResultSchema.parse(result)).toEqual(result);
      // A blank last line without a break after it leaves only the break before it: no line at all.
      const vanished = !variant.finalBreak && lines.at(-1) === '' ? 1 : 0;
      expect({ lines: result.lines, skipped: result.skipped }).toEqual({ lines: expected.lines, skipped: expected.skipped - vanished });
      const hasUmlaut = [...expected.devices.keys()].some((n) => /[äöüßÖ]/.test(n));
      expect(result.encoding).toBe(variant.latin1 && hasUmlaut ? 'latin-1' : 'utf-8');
      expect(result.registrationFailures).toBe(expected.registrationFailures);
      expect(result.retransmissionTimeouts).toBe(expected.retransmissionTimeouts);
      expect([result.firstTime, result.lastTime]).toEqual([expected.firstTime, expected.lastTime]);
      const got = new Map(result.devices.map(({ retransmissionTimeouts: _r, ...d }) => [d.name, d]));
      expect(got).toEqual(expected.devices);
      const unreachable = [...expected.devices.values()].some((d) => d.unreachable > 0);
      expect(finding(result, 'pbx-unreachable') !== undefined).toBe(unreachable);
    });
  }

  it('finds the Latin-1 umlaut names exactly as in the UTF-8 file', async () => {
    const { lines } = scenario(4242, 400, 12);
    const utf8 = await analyzePbxLog(chunked(encode(lines, { latin1: false, crlf: false, bom: false, finalBreak: true }), rng(1)));
    const latin1 = await analyzePbxLog(chunked(encode(lines, { latin1: true, crlf: true, bom: false, finalBreak: true }), rng(2)));
    expect(latin1.devices).toEqual(utf8.devices);
    expect(utf8.devices.some((d) => /[äöüß]/i.test(d.name))).toBe(true);
    expect([utf8.encoding, latin1.encoding]).toEqual(['utf-8', 'latin-1']);
  });
});

describe('analyzePbxLog: limits and edges', () => {
  const ok = "[Mar  4 08:52:06] NOTICE[1] chan_sip.c: Peer '101' is now Reachable. (1ms / 2000ms)";

  it('skips a line longer than 64 KiB and keeps one of exactly 64 KiB, however it is chunked', async () => {
    const exact = ok + ' '.repeat(PBX_LOG_MAX_LINE - ok.length);
    const long = 'x'.repeat(PBX_LOG_MAX_LINE + 1);
    const bytes = Buffer.from(`${long}\n${exact}\r\n${long}x\r\n${ok}`);
    for (let seed = 0; seed < 5; seed++) {
      const result = await analyzePbxLog(chunked(bytes, rng(seed), seed === 0 ? 200_000 : 70_000));
      expect({ lines: result.lines, skipped: result.skipped, longLines: result.longLines }).toEqual({ lines: 2, skipped: 2, longLines: 2 });
      expect(result.devices[0]?.reachable).toBe(2);
      expect(finding(result, 'pbx-long-lines')).toBeDefined();
    }
  });

  it('says an empty file is no PBX log, without crashing', async () => {
    const result = await analyzePbxLog(once());
    expect(result.lines).toBe(0);
    expect(result.findings).toHaveLength(1);
    expect(finding(result, 'pbx-not-asterisk')).toMatchObject({ severity: 'error', step: 'unreachable-lagged' });
  });

  it('says a log in another format is no PBX log and how many lines it has', async () => {
    const result = await analyzeText('2024-03-04 INFO started\n\nat Foo.bar(Foo.java:1)\n');
    expect(result).toMatchObject({ lines: 0, skipped: 3 });
    expect(finding(result, 'pbx-not-asterisk')?.text.de).toMatch(/^Diese Datei ist kein Asterisk-\/PBX-Log der Anlage: keine der 3 Zeilen hat das Format/);
  });

  it('stops reading a file that has no Asterisk line in its first 8 MiB', async () => {
    const block = Buffer.from('this is not a pbx log at all\n'.repeat(2260));
    let yielded = 0;
    async function* endless() {
      for (let i = 0; i < 10_000; i++) {
        yielded += block.length;
        yield block;
      }
    }
    const result = await analyzePbxLog(endless());
    expect(result.stoppedAt?.reason).toBe('not-asterisk');
    expect(yielded).toBeLessThan(PBX_LOG_GIVE_UP_BYTES + 2 * block.length);
    expect(finding(result, 'pbx-not-asterisk')?.text.en).toContain('of the first');
  });

  it('names the time range when nothing was UNREACHABLE or LAGGED', async () => {
    const result = await analyzeText(`${ok}\n[Mar  4 18:00:00] VERBOSE[1] pbx.c: -- nothing\n`);
    expect(finding(result, 'pbx-no-unreachable')?.text.de).toBe('Das PBX-Log enthält im Zeitraum Mar  4 08:52:06 bis Mar  4 18:00:00 keine UNREACHABLE- oder LAGGED-Meldungen.');
  });

  it('lists ten devices and the number of the others, and the registration reasons', async () => {
    const lines = Array.from({ length: 15 }, (_, i) => `NOTICE[1]: chan_sip.c:1 f: Peer '${100 + i}' is now UNREACHABLE!  Last qualify: 0`);
    lines.push("NOTICE[1]: chan_sip.c:1 f: Registration from '<sip:101@h>' failed for '1.2.3.4:5060' - Wrong password");
    const result = await analyzeText(lines.join('\n'));
    expect(finding(result, 'pbx-unreachable')?.text.de).toContain('(1×) und 5 weitere');
    expect(finding(result, 'pbx-registration-failed')?.text.en).toContain('Wrong password (1×)');
  });

  it('keeps at most 2000 timeline points per device and every state change while they fit', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 900; i++) {
      lines.push(`[Mar  4 08:00:00] NOTICE[1] chan_sip.c: Peer '101' is now ${i % 2 === 0 ? 'Lagged' : 'Reachable'}. (${i}ms / 2000ms)`);
      for (let k = 0; k < 5; k++) lines.push(`[Mar  4 08:00:00] NOTICE[1] chan_sip.c: Peer '101' is now ${i % 2 === 0 ? 'Lagged' : 'Reachable'}. (${i}ms / 2000ms)`);
    }
    const device = (await analyzeText(lines.join('\n'))).devices[0];
    expect(device?.timeline.length).toBeLessThanOrEqual(PBX_LOG_MAX_TIMELINE);
    const changes = (device?.timeline ?? []).filter((p, i, all) => i === 0 || all[i - 1]?.state !== p.state);
    expect(changes.map((p) => p.rttMs)).toEqual(Array.from({ length: 900 }, (_, i) => i));
    const flapping = Array.from({ length: 10_000 }, (_, i) => `NOTICE[1]: chan_sip.c:1 f: Peer 'x' is now ${i % 2 ? 'Reachable' : 'Lagged'}. (${i}ms / 2000ms)`);
    const timeline = (await analyzeText(flapping.join('\n'))).devices[0]?.timeline ?? [];
    expect(timeline.length).toBeLessThanOrEqual(PBX_LOG_MAX_TIMELINE);
    expect([timeline[0]?.rttMs, timeline.at(-1)?.rttMs]).toEqual([0, 9999]);
  });

  it('lists at most 5000 devices and counts the events of the others', async () => {
    const lines = Array.from({ length: PBX_LOG_MAX_DEVICES + 3 }, (_, i) => `NOTICE[1]: chan_sip.c:1 f: Peer 'd${i}' is now UNREACHABLE!  Last qualify: 0`);
    const result = await analyzeText(lines.join('\n'));
    expect([result.devices.length, result.droppedDeviceEvents]).toEqual([PBX_LOG_MAX_DEVICES, 3]);
    expect(finding(result, 'pbx-too-many-devices')).toBeDefined();
    expect(PbxLogResultSchema.safeParse(result).success).toBe(true);
  });

  it('rejects with an AbortError-named PbxLogError when cancelled, and reports progress', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const source = (async function* () {
      yield Buffer.from(`${ok}\n`);
      controller.abort();
      yield Buffer.from(`${ok}\n`);
    })();
    const error = await analyzePbxLog(source, { signal: controller.signal, onProgress: (b) => progress.push(b) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PbxLogError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'aborted' });
    expect(progress).toEqual([ok.length + 1]);
  });

  it('turns a failing source into PbxLogError "unreadable"', async () => {
    const source = (async function* () {
      yield Buffer.from('x\n');
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    })();
    await expect(analyzePbxLog(source)).rejects.toMatchObject({ name: 'PbxLogError', code: 'unreadable' });
  });
});

describe('analyzePbxLogFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sft-pbxlog-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file as a stream', async () => {
    const { lines, expected } = scenario(77, 3000, 20);
    const path = join(dir, 'pbx.log');
    await writeFile(path, encode(lines, { latin1: true, crlf: true, bom: false, finalBreak: true }));
    const result = await analyzePbxLogFile(path);
    expect([result.lines, result.skipped, result.devices.length]).toEqual([expected.lines, expected.skipped, expected.devices.size]);
  });

  it('throws PbxLogError for a missing file and for a folder', async () => {
    await expect(analyzePbxLogFile(join(dir, 'missing.log'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(analyzePbxLogFile(dir)).rejects.toMatchObject({ code: 'is-directory' });
  });
});
