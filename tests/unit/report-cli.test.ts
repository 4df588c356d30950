import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { newCase, type CaseType } from '../../shared/model/case.js';
import { BIN, compileCli, expectOneLineError, type CliRunType } from './helpers/run-cli.js';

/**
 * `starface-triage report` for a verdict that is not the hotline's (issue 9 §2, §4): by default the
 * report for the verdict's contact, addressed from the app's settings; `--hotline` asks for the
 * hotline's form, refused without --confirm-not-hotline with the verdict quoted in the user's language.
 */

let dir: string;
let dataDir: string;

beforeAll(async () => {
  compileCli();
  dir = await mkdtemp(join(tmpdir(), 'r9-report-cli-'));
  dataDir = join(dir, 'data');
  await mkdir(dataDir);
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], lang = 'en_US.UTF-8'): CliRunType {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang, STARFACE_TRIAGE_DATA_DIR: dataDir, TZ: 'Europe/Berlin' };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A Cloud whose phones drop off behind a firewall with a short NAT timeout: "not for the hotline", the site's IT. */
function natCase(): CaseType {
  const c = newCase('r9-cli-nat-case', new Date('2026-11-27T10:00:00Z'));
  c.title = 'Praxis Berg, Filiale Nord';
  c.role = 'partner';
  c.area = 'cloud';
  c.scenarioId = 'cloud-phones-unregistered';
  const at = '2026-11-27T10:05:00.000Z';
  c.answers = {
    'config-change': { value: 'no', note: '', answeredAt: at },
    'unreachable-lagged': { value: 'yes', note: 'Peer 2456 UNREACHABLE', answeredAt: at },
    'nat-timeout': { value: 'no', note: 'Sophos: 30 s', answeredAt: at },
  };
  Object.assign(c.report, {
    company: 'Berg IT GmbH', firstName: 'Nora', lastName: 'Nat', email: 'nora@berg.example', phone: '0721-1234567 (Zentrale)',
    role: 'partner', service: 'cloud', cloudName: 'praxisberg.starface-cloud.com', description: 'Telefone sind stündlich für einige Minuten nicht erreichbar.',
  });
  return c;
}

async function writeCase(name: string, c: CaseType): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(c));
  return path;
}

describe('starface-triage report for the verdict’s contact', () => {
  it('refuses the hotline form against the verdict, quoting the verdict in the user’s language, not the report’s', async () => {
    const casePath = await writeCase('nat.json', natCase());
    const en = expectOneLineError(cli(['report', casePath, '--pdf', 'refused.pdf', '--hotline', '--lang', 'de']));
    expect(en).toContain('“Not a hotline case: NAT problem – raise the firewall’s NAT timeout to 61 minutes”'.replace(/[“”]/g, '"'));
    expect(en).not.toContain('Keine Störung');
    const de = expectOneLineError(cli(['report', casePath, '--pdf', 'refused.pdf', '--hotline', '--lang', 'en'], 'de_DE.UTF-8'));
    expect(de).toContain('„Keine Störung für die Hotline: NAT-Problem');
    expect(existsSync(join(dir, 'refused.pdf'))).toBe(false);
  });

  it('writes the note to the site’s IT by default, addressed from the settings, both recipients of a line kept', async () => {
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ recipients: { 'local-it': 'it@berg.example; firewall@berg.example' } }));
    const casePath = await writeCase('nat-it.json', natCase());
    const result = cli(['report', casePath, '--pdf', 'it.pdf', '--eml', 'it.eml', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, verdict: 'not-hotline', form: 'local-it' });
    const text = execFileSync('pdftotext', [join(dir, 'it.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const s of ['Hinweis an die IT des Standorts', 'Sehr geehrte Damen und Herren', 'mindestens 61 Minuten', 'Praxis Berg, Filiale Nord', '+49 721 1234567 (Zentrale)', 'UTC+1']) expect(text).toContain(s);
    expect(text).not.toContain('Störungshotline (rund um die Uhr)');
    const mail = await simpleParser(await readFile(join(dir, 'it.eml')));
    const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(['it@berg.example', 'firewall@berg.example']);
    expect(mail.subject).toBe('Hinweis Netzwerk/Firewall – STARFACE Cloud – praxisberg.starface-cloud.com – Praxis Berg, Filiale Nord – Telefone sind nicht mehr angemeldet und nicht erreichbar');
  });

  it('the confirmed hotline form says so in the subject and prints who confirmed it and when', async () => {
    const casePath = await writeCase('nat-hotline.json', natCase());
    const result = cli(['report', casePath, '--pdf', 'hl.pdf', '--eml', 'hl.eml', '--hotline', '--confirm-not-hotline', '--to', 'a@example.com, b@example.com', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ form: 'hotline' });
    const mail = await simpleParser(await readFile(join(dir, 'hl.eml')));
    expect(mail.subject?.startsWith('Störungsmeldung (GEGEN PRÜFERGEBNIS) – STARFACE Cloud')).toBe(true);
    const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(['a@example.com', 'b@example.com']);
    const text = execFileSync('pdftotext', [join(dir, 'hl.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Bestätigt am \d\d\.\d\d\.\d{4}, \d\d:\d\d UTC\+1 von Nora Nat\./);
    expect(text).toContain('Störungshotline (rund um die Uhr)');
  });

  it('refuses a recipient line with one bad address, naming it', async () => {
    const casePath = await writeCase('nat-bad.json', natCase());
    const line = expectOneLineError(cli(['report', casePath, '--pdf', 'bad.pdf', '--eml', 'bad.eml', '--to', 'a@example.com; kein-empfaenger']));
    expect(line).toContain('kein-empfaenger');
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });
});
