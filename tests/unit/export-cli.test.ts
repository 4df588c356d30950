import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from './helpers/sip-traffic-model.js';
import { compileCli, expectOneLineError, ROOT, runCli } from './helpers/run-cli.js';

/** `starface-triage export` (issue 8 §3): the summary line, and every bad input as one line, exit 2. */

let dir: string;
let capture: string;

beforeAll(async () => {
  compileCli();
  if (!existsSync(join(ROOT, 'out', 'electron', 'cli', 'export-command.js'))) throw new Error('tsc did not emit out/electron/cli/export-command.js');
  dir = await mkdtemp(join(tmpdir(), 'sft-export-cli-'));
  const generated = generateTraffic(7, { format: 'pcap', bigEndian: false, linkType: 1 });
  capture = join(dir, 'in.pcap');
  await writeFile(capture, generated.file);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], lang = 'en_US.UTF-8') => runCli(args, dir, lang);

describe('starface-triage export', () => {
  it('writes a redacted pcapng and says in one line what it wrote and redacted (de and en)', () => {
    const en = cli(['export', capture, '--out', join(dir, 'en.pcapng')]);
    expect(en.code).toBe(0);
    expect(en.stdout.trim().split('\n')).toHaveLength(1);
    expect(en.stdout).toMatch(/^Wrote .*en\.pcapng: \d+ packets, \d+ SIP messages; redacted: \d+ numbers and \d+ names pseudonymised, \d+ authorization values removed, \d+ RTP payloads dropped/);
    const de = cli(['export', capture, '--out', join(dir, 'de.pcapng'), '--no-redact'], 'de_DE.UTF-8');
    expect(de.code).toBe(0);
    expect(de.stdout).toMatch(/de\.pcapng geschrieben: .*nicht geschwärzt: \d+ Authorization-Werte entfernt.*Passwort offline/);
  });

  it('refuses what is not a capture, a cut file, an unknown device or dialog, in one line each', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'Hallo, das ist kein Mitschnitt\n');
    expect(expectOneLineError(cli(['export', text, '--out', join(dir, 'x.pcapng')], 'de_DE.UTF-8'))).toContain('ist kein Mitschnitt');
    const full = generateTraffic(8, { format: 'pcapng', bigEndian: false, linkType: 1 }).file;
    const cut = join(dir, 'cut.pcapng');
    await writeFile(cut, full.subarray(0, full.length - 37));
    expect(expectOneLineError(cli(['export', cut, '--out', join(dir, 'y.pcapng')]))).toMatch(/ends inside a packet \(at byte \d+\)/);
    expect(expectOneLineError(cli(['export', capture, '--out', join(dir, 'z.pcapng'), '--device', '203.0.113.99:5060']))).toContain('no SIP message from or to 203.0.113.99:5060');
    expect(expectOneLineError(cli(['export', capture, '--out', join(dir, 'z.pcapng'), '--dialog', 'nope@nowhere'], 'de_DE.UTF-8'))).toContain('keinen Dialog mit der Call-ID „nope@nowhere“');
    expect(expectOneLineError(cli(['export', join(dir, 'fehlt.pcap'), '--out', join(dir, 'z.pcapng')]))).toContain('does not exist');
    expect(expectOneLineError(cli(['export', capture]))).toContain('starface-triage export FILE --out OUT.pcapng');
    expect(expectOneLineError(cli(['export', capture, '--out', join(dir, 'z.pcapng'), '--redact', '--no-redact']))).toContain('exclude each other');
    expect(existsSync(join(dir, 'z.pcapng'))).toBe(false);
  });

  it('an unwritable destination and a full disk: one line, and no half file left under either name', async () => {
    expect(expectOneLineError(cli(['export', capture, '--out', join(dir, 'no-such-folder', 'out.pcapng')]))).toContain('cannot be written');
    // A one-page tmpfs is full long before the export is written.
    const small = join(dir, 'ex-full');
    await mkdir(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', small]);
    try {
      const big = join(dir, 'big.pcap');
      const file = generateTraffic(9, { format: 'pcap', bigEndian: false, linkType: 1 }).file;
      expect(file.length).toBeGreaterThan(8192);
      await writeFile(big, file);
      const line = expectOneLineError(cli(['export', big, '--out', join(small, 'out.pcapng'), '--no-redact', '--keep-rtp'], 'de_DE.UTF-8'));
      expect(line).toContain('Kein Platz mehr auf dem Datenträger');
      expect(await readdir(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
