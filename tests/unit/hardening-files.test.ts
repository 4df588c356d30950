import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { buildReportPdf } from '../../electron/engine/report/pdf.js';
import { AtomicWriteError, writeFilesAtomic } from '../../electron/engine/store/atomic-write.js';
import { CaseStore } from '../../electron/engine/store/case-store.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import { newCase, type CaseType } from '../../shared/model/case.js';
import { buildReportModel } from '../../shared/report/report-model.js';
import { summarizeCase } from '../../shared/triage/summary.js';

const SECRET = 'root:x:0:0:geheim-4711:/root:/bin/bash';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hardening-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function completeCase(): CaseType {
  const c = newCase('cli-test-case-0002', new Date('2026-11-27T10:00:00Z'));
  c.role = 'partner';
  c.area = 'cloud';
  c.scenarioId = 'cloud-not-started';
  c.answers['config-change'] = { value: 'no', note: '', answeredAt: '2026-11-27T10:04:00.000Z' };
  c.answers['started-via-portal'] = { value: 'yes', note: '', answeredAt: '2026-11-27T10:05:00.000Z' };
  Object.assign(c.report, {
    company: 'Müller GmbH', firstName: 'Jürgen', lastName: 'Weiß', email: 'jw@mueller.de', phone: '+49 721 1234567',
    role: 'partner', service: 'cloud', cloudName: 'maxmuster.starface-cloud.com', description: 'Die Cloud reagiert nicht.',
  });
  return c;
}

describe('one atomic writer', () => {
  it('writeFilesAtomic names the output that failed', async () => {
    const error = await writeFilesAtomic([
      { path: join(dir, 'ok.txt'), data: 'x' },
      { path: join(dir, 'nope', 'x.txt'), data: 'y' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtomicWriteError);
    expect((error as AtomicWriteError).path).toBe(join(dir, 'nope', 'x.txt'));
    expect(existsSync(join(dir, 'ok.txt'))).toBe(false);
  });
});

describe('links inside the data folder are refused', () => {
  let engine: EngineType;
  beforeEach(async () => {
    engine = await createEngine({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('an export that is a link to /etc/passwd is not served', async () => {
    const created = await dispatch(engine.handlers, 'cases.create', {});
    if (!created.ok) throw new Error('create failed');
    const id = (created.value as CaseType).id;
    await mkdir(join(dir, 'cases', id, 'exports'));
    await writeFile(join(dir, 'cases', id, 'exports', 'real.pdf'), '%PDF-');
    await symlink('/etc/passwd', join(dir, 'cases', id, 'exports', 'passwd.pdf'));
    expect(await engine.resolveExport(id, 'real.pdf')).toBe(join(dir, 'cases', id, 'exports', 'real.pdf'));
    expect(await engine.resolveExport(id, 'passwd.pdf')).toBeNull();
    // A linked exports folder is refused as a whole.
    await rm(join(dir, 'cases', id, 'exports'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'elsewhere', 'x.pdf'), 'outside');
    await symlink(join(dir, 'elsewhere'), join(dir, 'cases', id, 'exports'));
    expect(await engine.resolveExport(id, 'x.pdf')).toBeNull();
  });

  it('a case folder that is a link is neither read nor written, and is moved out of the way', async () => {
    const outside = join(dir, 'outside-case');
    const c = newCase('linked00-case', new Date('2026-11-27T10:00:00Z'));
    await mkdir(outside);
    await writeFile(join(outside, 'case.json'), JSON.stringify({ ...c, title: 'outside' }));
    await mkdir(join(dir, 'cases'), { recursive: true });
    await symlink(outside, join(dir, 'cases', c.id));
    const saved = await dispatch(engine.handlers, 'cases.save', { case: { ...c, title: 'written through the link' } });
    expect(saved.ok).toBe(false);
    expect(JSON.parse(await readFile(join(outside, 'case.json'), 'utf8')).title).toBe('outside');
    const list = await dispatch(engine.handlers, 'cases.list', {});
    expect(list).toMatchObject({ ok: true, value: { cases: [], problems: [{ id: c.id, kind: 'corrupt' }] } });
    expect(existsSync(join(outside, 'case.json'))).toBe(true); // only the link moved
  });

  it('a case.json that links to another file, or holds its text, never puts that text in the reason', async () => {
    await writeFile(join(dir, 'secret.txt'), SECRET);
    for (const [id, make] of [
      ['linkjson-0001', (f: string) => symlink(join(dir, 'secret.txt'), f)],
      ['textjson-0002', (f: string) => writeFile(f, SECRET)],
      ['shapejson-003', (f: string) => writeFile(f, JSON.stringify({ schemaVersion: 2, id: 'x', [SECRET]: 1, title: SECRET.repeat(10) }))],
    ] as const) {
      await mkdir(join(dir, 'cases', id), { recursive: true });
      await make(join(dir, 'cases', id, 'case.json'));
    }
    const list = await new CaseStore(dir).list(summarizeCase);
    expect(list.problems.map((p) => p.id).sort()).toEqual(['linkjson-0001', 'shapejson-003', 'textjson-0002']);
    for (const p of list.problems) {
      expect(p.reason).not.toMatch(/root|geheim|bash/);
      expect(p.kind).toBe('corrupt');
    }
    expect(await readFile(join(dir, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});

describe('settings and messages', () => {
  let engine: EngineType;
  beforeEach(async () => {
    engine = await createEngine({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('settings.set changes only the fields sent', async () => {
    await dispatch(engine.handlers, 'settings.set', { defaultRecipient: 'hotline@example.com', language: 'de' });
    const after = await dispatch(engine.handlers, 'settings.set', { language: 'en' });
    expect(after).toMatchObject({ ok: true, value: { language: 'en', defaultRecipient: 'hotline@example.com', stunServer: '' } });
    const again = await dispatch(engine.handlers, 'settings.set', { defaultRecipient: 'b@example.com' });
    expect(again).toMatchObject({ ok: true, value: { language: 'en', defaultRecipient: 'b@example.com', stunServer: '' } });
  });

  it('a case from a newer app version is reported as such and left in place', async () => {
    const c = { ...newCase('newer000-case', new Date('2026-11-27T10:00:00Z')), schemaVersion: 99 };
    await mkdir(join(dir, 'cases', c.id), { recursive: true });
    await writeFile(join(dir, 'cases', c.id, 'case.json'), JSON.stringify(c));
    const list = await dispatch(engine.handlers, 'cases.list', {});
    expect(list).toMatchObject({ ok: true, value: { problems: [{ id: c.id, kind: 'newer-version', setAsideAs: null }] } });
    expect(await dispatch(engine.handlers, 'cases.get', { id: c.id })).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    expect(existsSync(join(dir, 'cases', c.id, 'case.json'))).toBe(true);
  });
});

describe('a full disk says so', () => {
  let mnt: string;
  beforeAll(async () => {
    mnt = await mkdtemp(join(tmpdir(), 'tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]);
  });
  afterAll(async () => {
    spawnSync('umount', [mnt]);
    await rm(mnt, { recursive: true, force: true });
  });

  it('a save on a full disk answers disk-full, naming the data folder, and keeps the stored case', async () => {
    const engine = await createEngine({ dataDir: mnt, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false });
    try {
      const created = await dispatch(engine.handlers, 'cases.create', {});
      if (!created.ok) throw new Error(created.error.detail);
      const c = created.value as CaseType;
      // Fill the rest of the disk.
      spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k', 'count=1000']);
      const result = await dispatch(engine.handlers, 'cases.save', { case: { ...c, report: { ...c.report, description: 'x'.repeat(20_000) } } });
      expect(result).toEqual({ ok: false, error: { code: 'disk-full', detail: mnt } });
      expect(await dispatch(engine.handlers, 'cases.get', { id: c.id })).toMatchObject({ ok: true, value: { report: { description: '' } } });
    } finally {
      await engine.close();
    }
  });
});

describe('the PDF shows what its font cannot draw', () => {
  it('CJK and emoji become visible [U+…] marks with a note; Latin text stays as it is', async () => {
    const c = completeCase();
    c.report.description = 'Kunde schreibt: 你好 👍🏽 – Müller wartet.';
    const pdf = await buildReportPdf(buildReportModel(c, 'de', { appName: 'STARFACE Triage', appVersion: 't', generatedAt: new Date() }), []);
    const file = join(dir, 'r.pdf');
    await writeFile(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('[U+4F60][U+597D]');
    expect(text).toContain('[U+1F44D][U+1F3FD]');
    expect(text).toContain('Müller wartet');
    expect(text).toContain('Originaltext steht im angehängten Fall');
  });
});
