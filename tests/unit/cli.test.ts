import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newCase } from '../../shared/model/case.js';
import { BIN, compileCli, expectOneLineError, ROOT, runCli } from './helpers/run-cli.js';

const root = ROOT;
const bin = BIN;
let dir: string;

beforeAll(async () => {
  // The bin script runs the compiled CLI.
  compileCli();
  if (!existsSync(join(root, 'out', 'electron', 'cli', 'index.js'))) throw new Error('tsc did not emit out/electron/cli/index.js');
  dir = await mkdtemp(join(tmpdir(), 'sft-cli-'));
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], lang = 'en_US.UTF-8') => runCli(args, dir, lang);

/** A bare case (triage pending), or one triaged to a Cloud hotline report with every field filled. */
function caseFixture(complete: boolean) {
  const c = newCase('cli-test-case-0001', new Date('2026-11-27T10:00:00Z'));
  c.title = 'Müller Straßenbau';
  if (!complete) return c;
  c.role = 'partner';
  c.area = 'cloud';
  c.scenarioId = 'cloud-not-started';
  c.answers['config-change'] = { value: 'no', note: '', answeredAt: '2026-11-27T10:04:00.000Z' };
  c.answers['started-via-portal'] = { value: 'yes', note: 'Über das Partner-Portal um 9:12 neu gestartet', answeredAt: '2026-11-27T10:05:00.000Z' };
  Object.assign(c.report, {
    company: 'Müller Straßenbau GmbH', firstName: 'Jürgen', lastName: 'Weiß', email: 'jw@mueller.de', phone: '+49 721 1234567',
    role: 'partner', service: 'cloud', cloudName: 'maxmuster.starface-cloud.com', description: 'Die Cloud reagiert seit 9 Uhr nicht mehr, auch nach Neustart.',
  });
  return c;
}

async function writeCase(name: string, complete = false): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(caseFixture(complete), null, 2));
  return path;
}

describe('starface-triage CLI', () => {
  it('prints help and exits 0', () => {
    const result = cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('starface-triage report CASE.json --pdf OUT.pdf');
  });

  it('prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const result = cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('refuses an unknown option in one line', () => {
    expect(expectOneLineError(cli(['--frobnicate']))).toContain('--frobnicate');
  });

  it('refuses an unknown command and a report without --pdf', async () => {
    expectOneLineError(cli(['explode']));
    expect(expectOneLineError(cli(['report', await writeCase('no-pdf.json')]))).toContain('--pdf');
  });

  it('reports a missing case file in one line', () => {
    expect(expectOneLineError(cli(['report', 'missing.json', '--pdf', 'out.pdf']))).toContain('missing.json');
  });

  it('reports garbled JSON in one line', async () => {
    await writeFile(join(dir, 'garbled.json'), '{"schemaVersion": 1, "id": ');
    expect(expectOneLineError(cli(['report', 'garbled.json', '--pdf', 'out.pdf']))).toMatch(/not valid JSON/);
  });

  it('reports a JSON file that is not a case in one line', async () => {
    await writeFile(join(dir, 'not-a-case.json'), JSON.stringify({ schemaVersion: 1, id: 'NO' }));
    expect(expectOneLineError(cli(['report', 'not-a-case.json', '--pdf', 'out.pdf']))).toMatch(/not a valid case/);
  });

  it('speaks German when LANG is German', () => {
    const line = expectOneLineError(cli(['report', 'missing.json', '--pdf', 'out.pdf'], 'de_DE.UTF-8'));
    expect(line).toContain('Fall-Datei nicht gefunden');
  });

  it('prints a machine-readable error with --json', () => {
    const result = cli(['report', 'missing.json', '--pdf', 'out.pdf', '--json']);
    expectOneLineError(result);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'case-not-found' } });
  });

  it('refuses to export a hotline report (--hotline) the triage does not send to the hotline without --confirm-not-hotline', async () => {
    const casePath = await writeCase('pending.json');
    const line = expectOneLineError(cli(['report', casePath, '--pdf', 'refused.pdf', '--hotline']));
    expect(line).toContain('--confirm-not-hotline');
    expect(existsSync(join(dir, 'refused.pdf'))).toBe(false);
  });

  it('refuses a confirmed case whose report fields are incomplete, naming them', async () => {
    const casePath = await writeCase('incomplete.json');
    const line = expectOneLineError(cli(['report', casePath, '--pdf', 'incomplete.pdf', '--confirm-not-hotline']));
    expect(line).toMatch(/incomplete/);
    expect(line).toContain('email');
    expect(existsSync(join(dir, 'incomplete.pdf'))).toBe(false);
  });

  it('writes a PDF whose text holds the fields and whose embedded case JSON parses back equal', async () => {
    const casePath = await writeCase('full.json', true);
    const result = cli(['report', casePath, '--pdf', 'full.pdf']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = execFileSync('pdftotext', [join(dir, 'full.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const s of ['Müller Straßenbau GmbH', 'Jürgen Weiß', 'jw@mueller.de', '+49 721 1234567', 'maxmuster.starface-cloud.com', 'STARFACE-Störung: Cloud', 'Über das Partner-Portal um 9:12 neu gestartet']) {
      expect(text).toContain(s);
    }
    execFileSync('pdfdetach', ['-saveall', '-o', dir, join(dir, 'full.pdf')]);
    expect(JSON.parse(await readFile(join(dir, 'case.json'), 'utf8'))).toEqual(caseFixture(true));
  });

  it('writes the PDF and the e-mail draft and describes them in JSON', async () => {
    const casePath = await writeCase('report.json', true);
    const result = cli([
      'report', casePath, '--pdf', 'report.pdf', '--eml', 'report.eml',
      '--to', 'stoerung@example.com', '--lang', 'en', '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { ok: boolean; caseId: string; files: Array<{ kind: string; path: string; bytes: number }> };
    expect(output).toMatchObject({ ok: true, caseId: 'cli-test-case-0001', language: 'en' });
    expect(output.files.map((f) => f.kind)).toEqual(['pdf', 'eml']);
    const pdf = await readFile(join(dir, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(output.files[0]?.bytes).toBe(pdf.length);
    const eml = await readFile(join(dir, 'report.eml'), 'utf8');
    expect(eml).toMatch(/^To: stoerung@example\.com/m);
    expect(eml).toContain('report.pdf');
  });
});

describe('CLI output files: no symlink tricks, all outputs or none (issue 10)', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(dir, 'files-'));
  });
  const runIn = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' }, encoding: 'utf8', timeout: 60_000 });

  it('the CLI replaces a link planted at its output instead of writing through it', async () => {
    await writeFile(join(out, 'case.json'), JSON.stringify(caseFixture(true)));
    await writeFile(join(out, 'victim.txt'), 'file of another user');
    await symlink(join(out, 'victim.txt'), join(out, 'out.pdf'));
    const result = runIn(['report', 'case.json', '--pdf', 'out.pdf'], out);
    expect(result.status).toBe(0);
    expect(await readFile(join(out, 'victim.txt'), 'utf8')).toBe('file of another user');
    expect(lstatSync(join(out, 'out.pdf')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(out, 'out.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the CLI writes through no temp name that another user could have planted as a link', async () => {
    await writeFile(join(out, 'case.json'), JSON.stringify(caseFixture(true)));
    await writeFile(join(out, 'victim.txt'), 'file of another user');
    // The old writer used `OUT.PID.tmp`: plant exactly that (and its neighbours) as links, in the CLI's process.
    const plant = join(out, 'plant.mjs');
    await writeFile(
      plant,
      `import { symlinkSync } from 'node:fs';
for (const name of ['out.pdf.' + process.pid + '.tmp', 'out.pdf.tmp', 'out.pdf.' + process.pid]) symlinkSync(${JSON.stringify(join(out, 'victim.txt'))}, name);
process.argv.splice(2, 0, 'report', 'case.json', '--pdf', 'out.pdf');
await import(${JSON.stringify(bin)});`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8' };
    const result = spawnSync(process.execPath, [plant], { cwd: out, env, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(await readFile(join(out, 'victim.txt'), 'utf8')).toBe('file of another user');
    expect(readFileSync(join(out, 'out.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the CLI leaves no PDF behind when the .eml cannot be written (missing folder)', async () => {
    await writeFile(join(out, 'case.json'), JSON.stringify(caseFixture(true)));
    const result = runIn(['report', 'case.json', '--pdf', 'a.pdf', '--eml', join('missing', 'b.eml')], out);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'a.pdf'))).toBe(false);
  });

  it('the CLI puts back the previous PDF when the .eml fails at the last step', async () => {
    await writeFile(join(out, 'case.json'), JSON.stringify(caseFixture(true)));
    await writeFile(join(out, 'a.pdf'), 'previous report');
    await mkdir(join(out, 'b.eml')); // a folder where the draft should go: the rename fails
    const result = runIn(['report', 'case.json', '--pdf', 'a.pdf', '--eml', 'b.eml'], out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('b.eml');
    expect(await readFile(join(out, 'a.pdf'), 'utf8')).toBe('previous report');
    const leftovers = execFileSync('ls', ['-A', out], { encoding: 'utf8' }).split('\n').filter((n) => n.includes('.tmp-'));
    expect(leftovers).toEqual([]);
  });

});

describe('measuring commands (issue 5): shapes as written, bad input in one line', () => {
  it('ports --json holds addresses and tcp entries {address, port, status, ms}', async () => {
    const { createServer } = await import('node:net');
    const server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      // spawnSync would block this process's event loop, and with it the server: run it async.
      const { execFile } = await import('node:child_process');
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [bin, 'ports', '--host', '127.0.0.1', '--ports', `${port},1`, '--timeout', '800', '--stun-port', '0', '--json'], { cwd: dir }, (error, out) => (error ? reject(error) : resolve(out))),
      );
      const json = JSON.parse(stdout) as { addresses: string[]; tcp: Array<Record<string, unknown>>; findings: unknown[] };
      expect(json.addresses).toEqual(['127.0.0.1']);
      expect(json.tcp.map(({ address, port: p, status }) => ({ address, port: p, status }))).toEqual([
        { address: '127.0.0.1', port: 1, status: 'refused' },
        { address: '127.0.0.1', port, status: 'open' },
      ]);
      expect(json.tcp.every((e) => typeof e.ms === 'number')).toBe(true);
      expect(json.findings.length).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it.each([
    [['ports', '--host', '127.0.0.1', '--ports', '443,99999'], /erlaubt sind Ports von 1 bis 65535/],
    [['ports', '--host', 'not a host!'], /kein Hostname und keine IP-Adresse/],
    [['ports'], /--host/],
    [['ports', '--host', 'pbx.example', '--dns-server', '127.0.0.1:1', '--timeout', '500'], /kein DNS-Server hat geantwortet/],
    [['sip-ping', '--target', 'sip:bad host'], /kein brauchbares SIP-Ziel/],
    [['sip-ping', '--target', 'sip:127.0.0.1:70000'], /port out of range/],
    [['sip-ping', '--target', 'sip:127.0.0.1', '--count', '0'], /--count „0“: erlaubt ist eine ganze Zahl von 1 bis 1000/],
  ])('German, one line, exit 2: %j', (args, message) => {
    expect(expectOneLineError(cli(args, 'de_DE.UTF-8'))).toMatch(message);
  });

  it('in English too', () => {
    expect(expectOneLineError(cli(['sip-ping', '--target', 'mailto:x']))).toMatch(/not a usable SIP target/);
  });
});

describe('NAT commands: bad input and bad servers in one line', () => {
  it.each([
    [['nat-timeout'], /--stun HOST:PORT/],
    [['nat-timeout', '--stun', 'bad host!:3478'], /erwartet HOST:PORT/],
    [['nat-timeout', '--stun', '127.0.0.1:3478', '--max', '5'], /--max „5“/],
    [['nat-timeout', '--stun', '127.0.0.1:3478', '--kind', 'burst'], /--kind „burst“/],
    [['nat-timeout', '--stun', '127.0.0.1:9', '--max', '10'], /NAT-Timeout nicht gemessen: der STUN-Server antwortet nicht/],
    [['reflector'], /--listen/],
    [['reflector', '--listen', 'nowhere'], /keine IP-Adresse/],
  ])('German, one line, exit 2: %j', (args, message) => {
    expect(expectOneLineError(cli(args, 'de_DE.UTF-8'))).toMatch(message);
  });

  it('a server that sends garbage and someone else’s transactions is "not answering", not a crash', async () => {
    const { createSocket } = await import('node:dgram');
    const server = createSocket('udp4');
    server.on('message', (data, from) => {
      server.send(Buffer.from('garbage, not STUN'), from.port, from.address);
      const foreign = Buffer.from(data);
      if (foreign.length >= 20) foreign.fill(7, 8, 20); // another transaction id
      foreign.writeUInt16BE(0x0101, 0);
      server.send(foreign, from.port, from.address);
    });
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    const port = server.address().port;
    try {
      const { execFile } = await import('node:child_process');
      const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(process.execPath, [bin, 'nat-timeout', '--stun', `127.0.0.1:${port}`, '--max', '10'], { cwd: dir, env: { ...process.env, LANG: 'en_US.UTF-8' } }, (error, _out, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stderr })),
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe('NAT timeout not measured: the STUN server does not answer (check address, port 3478/UDP, firewall)');
    } finally {
      server.close();
    }
  });
});
