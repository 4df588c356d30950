import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { CliTraceResultSchema } from '../../shared/trace/trace-result.js';
import { CaptureWriter, ip, udp } from './helpers/capture-writer.js';
import { generateTraffic } from './helpers/sip-traffic-model.js';
import { expectOneLineError, ROOT, runCli, type CliRunType } from './helpers/run-cli.js';

/**
 * Bad input (issue 7): an empty file, a JPEG renamed .pcap, a capture cut in the middle of a
 * packet, a capture without SIP, a 2 GB file — each a clear sentence in the user's language (what
 * was read, what was not), exit code 2 where nothing could be read, never a stack trace.
 */

let dir: string;

beforeAll(async () => {
  // `npm test` builds before it tests; the CLI runs from out/.
  if (!existsSync(join(ROOT, 'out', 'electron', 'cli', 'trace-commands.js'))) throw new Error('run npm run build first: out/electron/cli/trace-commands.js is missing');
  dir = await mkdtemp(join(tmpdir(), 'sft-trace-bad-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], lang = 'de_DE.UTF-8') => runCli(args, dir, lang);

function oneLine(r: CliRunType): string {
  const line = expectOneLineError(r);
  expect(r.stderr).not.toMatch(/^\s+at |Error:|undefined/m);
  return line;
}

describe('analyze: bad input gets a clear sentence', () => {
  it('an empty file', async () => {
    await writeFile(join(dir, 'leer.pcap'), '');
    expect(oneLine(cli(['analyze', 'leer.pcap']))).toMatch(/„leer.pcap“ ist leer \(0 Byte\)/);
    expect(oneLine(cli(['analyze', 'leer.pcap'], 'en_GB.UTF-8'))).toMatch(/"leer.pcap" is empty \(0 bytes\)/);
  });

  it('a JPEG renamed .pcap, a PDF, a gzip archive, a text file', async () => {
    await writeFile(join(dir, 'foto.pcap'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1]));
    expect(oneLine(cli(['analyze', 'foto.pcap']))).toMatch(/„foto.pcap“ ist kein Mitschnitt .*JPEG-Bild/);
    await writeFile(join(dir, 'a.pcap.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    expect(oneLine(cli(['analyze', 'a.pcap.gz'], 'en_US.UTF-8'))).toMatch(/gzip-compressed: please unpack it first/);
    await writeFile(join(dir, 'pbx.log'), '[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: Peer \'101\' is now Lagged. (2345ms / 2000ms)\n');
    expect(oneLine(cli(['analyze', 'pbx.log']))).toMatch(/Textdatei – ein PBX-Log/);
  });

  it('a missing file and a folder', () => {
    expect(oneLine(cli(['analyze', 'gibtsnicht.pcap']))).toMatch(/„gibtsnicht.pcap“ gibt es nicht/);
    expect(oneLine(cli(['analyze', '.']))).toMatch(/ist ein Ordner/);
  });

  it('a capture cut in the middle of a packet: the result up to the cut, and where it stopped', async () => {
    const { file } = generateTraffic(42, { format: 'pcapng', bigEndian: false, linkType: 1 });
    const whole = await analyzeCaptureFile(await write('ganz.pcapng', file));
    const cutAt = Math.floor(file.length * 0.6);
    const r = cli(['analyze', await write('abgeschnitten.pcapng', file.subarray(0, cutAt)), '--json']);
    expect(r.code).toBe(0);
    const json = CliTraceResultSchema.parse(JSON.parse(r.stdout));
    expect(json.stoppedAt?.reason).toBe('cut');
    expect(json.stoppedAt?.offset).toBeLessThanOrEqual(cutAt);
    expect(json.packets).toBeGreaterThan(0);
    expect(json.packets).toBeLessThan(whole.packets);
    expect(json.warnings.join(' ')).toMatch(/endet mitten in einem Paket \(bei Byte \d+/);
  });

  it('a capture without SIP: read, and said so', async () => {
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    for (let i = 0; i < 50; i++) w.packet(1_764_000_000e6 + i * 20_000, ip('10.0.0.2', '10.0.0.3', 17, udp(16384, 16386, Buffer.alloc(172, 0x80)), i)[0]!);
    const r = cli(['analyze', await write('rtp.pcap', w.toBuffer()), '--json'], 'en_US.UTF-8');
    const json = CliTraceResultSchema.parse(JSON.parse(r.stdout));
    expect(json.packets).toBe(50);
    expect(json.sipMessages).toBe(0);
    expect(json.skipped.notSip).toBe(50);
    expect(json.findings.map((f) => f.id)).toEqual(['no-sip']);
    expect(json.findings[0]?.text).toMatch(/no readable SIP message \(50 packets read\)/);
  });

  it('a 2 GB file: a damaged record is named at once, nothing is read into memory', async () => {
    // A real pcap header, then one record that claims 2 GB, then 2 GB of (sparse) nothing.
    const path = join(dir, 'riesig.pcap');
    const header = Buffer.alloc(24 + 16);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(262144, 16);
    header.writeUInt32LE(1, 20);
    header.writeUInt32LE(2 ** 31, 24 + 8);
    const handle = await open(path, 'w');
    await handle.write(header, 0, header.length, 0);
    await handle.truncate(2 * 1024 ** 3);
    await handle.close();
    const started = Date.now();
    expect(oneLine(cli(['analyze', 'riesig.pcap']))).toMatch(/„riesig.pcap“ ist ab Byte 24 beschädigt/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a 2 GB file that is no capture at all: refused from its first bytes', async () => {
    const path = join(dir, 'nullen.pcap');
    const handle = await open(path, 'w');
    await handle.truncate(2 * 1024 ** 3);
    await handle.close();
    expect(oneLine(cli(['analyze', 'nullen.pcap']))).toMatch(/„nullen.pcap“ ist kein Mitschnitt/);
  });
});

async function write(name: string, content: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}
