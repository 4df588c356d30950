import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliPbxLogResultSchema } from '../../shared/trace/pbx-log-result.js';
import { encode, scenario } from './pbx-log-scenario.js';
import { compileCli, expectOneLineError, ROOT, runCli } from './helpers/run-cli.js';

const root = ROOT;
let dir: string;

beforeAll(async () => {
  // The bin script runs the compiled CLI (as in cli.test.ts).
  compileCli();
  if (!existsSync(join(root, 'out', 'electron', 'cli', 'pbx-log-command.js'))) throw new Error('tsc did not emit out/electron/cli/pbx-log-command.js');
  dir = await mkdtemp(join(tmpdir(), 'sft-pbxlog-cli-'));
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], lang = 'en_US.UTF-8') => runCli(args, dir, lang);
const oneLineError = expectOneLineError;

describe('starface-triage pbx-log', () => {
  it('says in one German line that the file is missing, exit code 2', () => {
    expect(oneLineError(cli(['pbx-log', join(dir, 'fehlt.log')], 'de_DE.UTF-8'))).toBe(`PBX-Log nicht gefunden: ${join(dir, 'fehlt.log')}`);
  });

  it('refuses a folder, a missing argument and an unknown option in one line each', () => {
    expect(oneLineError(cli(['pbx-log', dir], 'de_DE.UTF-8'))).toContain('ist ein Ordner');
    expect(oneLineError(cli(['pbx-log']))).toContain('starface-triage pbx-log PBX.log');
    expect(oneLineError(cli(['pbx-log', 'x.log', '--frobnicate']))).toContain('--frobnicate');
  });

  it('prints the documented --json shape, validated, with the generated counts', async () => {
    const { lines, expected } = scenario(5, 600, 10);
    const path = join(dir, 'pbx.log');
    await writeFile(path, encode(lines, { latin1: true, crlf: true, bom: false, finalBreak: true }));
    const result = cli(['pbx-log', path, '--json'], 'de_DE.UTF-8');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['devices', 'lines', 'skipped', 'findings']));
    const parsed = CliPbxLogResultSchema.parse(json);
    expect([parsed.lines, parsed.skipped]).toEqual([expected.lines, expected.skipped]);
    for (const device of parsed.devices) {
      expect(Object.keys(device)).toEqual(expect.arrayContaining(['name', 'unreachable', 'lagged', 'reachable', 'lastState']));
      const want = expected.devices.get(device.name);
      expect([device.unreachable, device.lagged, device.reachable, device.lastState]).toEqual([want?.unreachable, want?.lagged, want?.reachable, want?.lastState]);
    }
    expect(parsed.findings.length).toBeGreaterThan(0);
    for (const f of parsed.findings) expect(typeof f.text).toBe('string');
    expect(parsed.findings.some((f) => f.text.startsWith('Im PBX-Log'))).toBe(true);
  });

  it('prints one line per device and the findings without --json', async () => {
    const path = join(dir, 'small.log');
    await writeFile(path, "[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: Peer '101' is now Lagged. (2345ms / 2000ms)\n");
    const result = cli(['pbx-log', path], 'de_DE.UTF-8');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  101: 0× UNREACHABLE, 1× LAGGED, 0× erreichbar, höchste Antwortzeit 2345 ms; zuletzt LAGGED');
    expect(result.stdout).toContain('[Warnung] Im PBX-Log ist 1 Endgerät/Leitung als LAGGED gemeldet');
  });

  it('explains a file in another format clearly', async () => {
    const path = join(dir, 'other.log');
    await writeFile(path, 'hello\nworld\n');
    const result = cli(['pbx-log', path, '--json']);
    const parsed = CliPbxLogResultSchema.parse(JSON.parse(result.stdout));
    expect(parsed.lines).toBe(0);
    expect(parsed.findings[0]?.text).toMatch(/^This file is not an Asterisk\/PBX log of the PBX: none of the 2 lines/);
  });

  it('is listed in the help', () => {
    expect(cli(['--help']).stdout).toContain('starface-triage pbx-log PBX.log [--json]');
  });
});
