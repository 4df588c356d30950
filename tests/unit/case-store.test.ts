import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/engine/store/case-store.js';
import { defaultDataDir } from '../../electron/engine/store/data-dir.js';
import { SettingsStore } from '../../electron/engine/store/settings-store.js';
import { ContractError } from '../../shared/contract/errors.js';
import type { CaseSummaryType, CaseType } from '../../shared/model/case.js';

/** Settings without default recipients for any contact kind (issue 9). */
const NO_RECIPIENTS = { hotline: '', 'connect-team': '', provider: '', partner: '', 'local-it': '', 'support-ticket': '', dealer: '' };

const summarize = (c: CaseType): CaseSummaryType => ({
  id: c.id,
  title: c.title,
  company: c.report.company,
  area: c.area,
  scenarioId: c.scenarioId,
  verdictKind: 'pending',
  updatedAt: c.updatedAt,
});

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContractError);
  expect((error as ContractError).code).toBe(code);
}

/** The pid of a process that has already exited (and been reaped): its temp files are stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 999_999_999;
}

let dir: string;
let store: CaseStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'case-store-'));
  store = new CaseStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CaseStore basics', () => {
  it('creates a case with a lowercase, time-sortable id and reads it back', async () => {
    const a = await store.create(new Date('2025-01-01T10:00:00Z'));
    const b = await store.create(new Date('2025-01-01T10:00:00.001Z'));
    expect(a.id).toMatch(/^[a-z0-9-]{8,64}$/);
    expect(a.id < b.id).toBe(true);
    expect(await store.get(a.id)).toEqual(a);
    expect(await new CaseStore(dir).get(a.id)).toEqual(a);
  });

  it('saves: stamps updatedAt, persists, and lists newest change first', async () => {
    const a = await store.create(new Date('2025-01-01T10:00:00Z'));
    const b = await store.create(new Date('2025-01-02T10:00:00Z'));
    const saved = await store.save({ ...a, title: 'Praxis Dr. Müller' }, new Date('2025-01-03T10:00:00Z'));
    expect(saved.updatedAt).toBe('2025-01-03T10:00:00.000Z');
    const fresh = new CaseStore(dir);
    expect((await fresh.get(a.id)).title).toBe('Praxis Dr. Müller');
    const list = await fresh.list(summarize);
    expect(list.cases.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(list.problems).toEqual([]);
  });

  it('refuses an invalid case without writing, and an unknown id without creating a folder', async () => {
    const a = await store.create();
    await rejectsWith(store.save({ ...a, title: 7 } as unknown as CaseType), 'invalid-request');
    expect((await store.get(a.id)).title).toBe('');
    await rejectsWith(store.save({ ...a, id: 'aaaaaaaa-unknown' }), 'not-found');
    expect(existsSync(join(dir, 'cases', 'aaaaaaaa-unknown'))).toBe(false);
  });

  it('lands concurrent saves of one case in call order, even when the first write is the slowest', async () => {
    const a = await store.create();
    const big = { ...a, report: { ...a.report, description: 'x'.repeat(20_000) } };
    const answers = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`q${i}`, { value: 'yes' as const, note: 'n'.repeat(10_000), answeredAt: a.createdAt }]),
    );
    const saves = [store.save({ ...big, answers, title: 'first' })];
    for (let i = 1; i <= 5; i++) saves.push(store.save({ ...a, title: `later ${i}` }));
    await Promise.all(saves);
    expect((await new CaseStore(dir).get(a.id)).title).toBe('later 5');
  });

  it('duplicates with a new id, " (Kopie)", fresh timestamps and no not-hotline confirmation', async () => {
    const a = await store.create(new Date('2025-01-01T10:00:00Z'));
    await store.save({ ...a, title: 'Kanzlei', area: 'cloud', notHotlineConfirmedAt: '2025-01-01T11:00:00Z', notHotlineConfirmedBy: 'Nora Nat' });
    const copy = await store.duplicate(a.id, new Date('2025-02-01T10:00:00Z'));
    expect(copy.id).not.toBe(a.id);
    expect(copy).toMatchObject({ title: 'Kanzlei (Kopie)', area: 'cloud', notHotlineConfirmedAt: null, notHotlineConfirmedBy: '' });
    expect(copy.createdAt).toBe('2025-02-01T10:00:00.000Z');
    expect(await store.get(copy.id)).toEqual(copy);
    await store.save({ ...a, title: 'T'.repeat(200) });
    expect((await store.duplicate(a.id)).title).toHaveLength(200);
  });

  it('deletes into the trash and restores from it', async () => {
    const a = await store.save({ ...(await store.create()), title: 'weg' });
    await store.delete(a.id);
    await rejectsWith(store.get(a.id), 'not-found');
    expect((await store.list(summarize)).cases).toEqual([]);
    await rejectsWith(store.delete(a.id), 'not-found');
    expect(await new CaseStore(dir).restore(a.id)).toEqual(a);
    await rejectsWith(store.restore(a.id), 'invalid-request');
    await rejectsWith(store.restore('aaaaaaaa-never'), 'not-found');
  });

  it('purges trash entries older than 30 days when opened, keeps younger ones', async () => {
    const old = await store.create();
    const young = await store.create();
    await store.delete(old.id);
    await store.delete(young.id);
    const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 60 * 60 * 1000);
    await utimes(join(dir, 'trash', old.id), daysAgo(31), daysAgo(31));
    await utimes(join(dir, 'trash', young.id), daysAgo(29), daysAgo(29));
    const fresh = new CaseStore(dir);
    await rejectsWith(fresh.restore(old.id), 'not-found');
    expect((await fresh.restore(young.id)).id).toBe(young.id);
  });

  it('creates the exports folder of an existing case only', async () => {
    const a = await store.create();
    const exports = await store.exportsDir(a.id);
    expect(exports).toBe(join(store.caseDir(a.id), 'exports'));
    expect(existsSync(exports)).toBe(true);
    expect(await store.exportsDir(a.id)).toBe(exports);
    await rejectsWith(store.exportsDir('aaaaaaaa-gone'), 'not-found');
    expect(existsSync(join(dir, 'cases', 'aaaaaaaa-gone'))).toBe(false);
  });

  it('refuses ids that are not schema ids before touching the file system', async () => {
    await writeFile(join(dir, 'victim.json'), '{}');
    for (const id of ['../victim', '..', '../../etc/passwd', 'ABCDEFGH', 'short', 'a/b/c/d/e', 'aaaa\\bbbb', '', 'x'.repeat(65)]) {
      expect(() => store.caseDir(id)).toThrow(ContractError);
      await rejectsWith(store.get(id), 'invalid-request');
      await rejectsWith(store.delete(id), 'invalid-request');
      await rejectsWith(store.restore(id), 'invalid-request');
      await rejectsWith(store.duplicate(id), 'invalid-request');
      await rejectsWith(store.exportsDir(id), 'invalid-request');
    }
    expect(await readdir(dir)).toEqual(['victim.json']); // not even opened
  });
});

describe('CaseStore with damaged files', () => {
  async function plant(id: string, content: string | Buffer): Promise<void> {
    await mkdir(join(dir, 'cases', id), { recursive: true });
    await writeFile(join(dir, 'cases', id, 'case.json'), content);
  }

  it('sets corrupt cases aside into corrupt/, reports why, and still lists the rest', async () => {
    const good = await store.create();
    const valid = JSON.parse(await readFile(join(store.caseDir(good.id), 'case.json'), 'utf8')) as CaseType;
    await plant('bad00001-garbage', Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x13, 0x37]));
    await plant('bad00002-truncated', JSON.stringify({ ...valid, id: 'bad00002-truncated' }).slice(0, 60));
    await plant('bad00003-shape', JSON.stringify({ ...valid, id: 'bad00003-shape', answers: 'yes' }));
    await plant('bad00004-otherid', JSON.stringify(valid));
    await mkdir(join(dir, 'cases', 'bad00005-empty'));
    await writeFile(join(dir, 'cases', 'bad00005-empty', 'trace.pcapng'), 'attachment');

    const fresh = new CaseStore(dir);
    const list = await fresh.list(summarize);
    expect(list.cases.map((c) => c.id)).toEqual([good.id]);
    const reasons = Object.fromEntries(list.problems.map((p) => [p.id, p.reason]));
    expect(reasons['bad00001-garbage']).toMatch(/not valid JSON/);
    expect(reasons['bad00002-truncated']).toMatch(/not valid JSON/);
    expect(reasons['bad00003-shape']).toMatch(/does not match the schema \(answers/);
    expect(reasons['bad00004-otherid']).toMatch(new RegExp(`belongs to case ${good.id}`));
    expect(reasons['bad00005-empty']).toMatch(/missing/);
    for (const problem of list.problems) {
      expect(problem.setAsideAs).toMatch(new RegExp(`corrupt[\\\\/]${problem.id}-\\d{4}-`));
      expect(existsSync(join(dir, 'cases', problem.id))).toBe(false);
    }
    const emptyAside = list.problems.find((p) => p.id === 'bad00005-empty')?.setAsideAs ?? '';
    expect(await readdir(emptyAside)).toEqual(['trace.pcapng']); // attachments go along

    // Reported for the rest of the session; gone from cases/ for good.
    expect((await fresh.list(summarize)).problems).toHaveLength(5);
    expect(await new CaseStore(dir).list(summarize)).toEqual({ cases: list.cases, problems: [] });
  });

  it('gives corrupt-case for a corrupt case asked for directly, and sets it aside', async () => {
    await plant('bad00006-direct', '{"schemaVersion": 1, "id": ');
    await rejectsWith(store.get('bad00006-direct'), 'corrupt-case');
    expect((await store.list(summarize)).problems.map((p) => p.id)).toEqual(['bad00006-direct']);
  });

  it('leaves a case from a newer app version in place and reports it on every list', async () => {
    const good = await store.create();
    const future = { ...(await store.get(good.id)), id: 'future01-case', schemaVersion: 99, hologram: true };
    await plant('future01-case', JSON.stringify(future));
    for (const fresh of [new CaseStore(dir), new CaseStore(dir)]) {
      const list = await fresh.list(summarize);
      expect(list.cases.map((c) => c.id)).toEqual([good.id]);
      expect(list.problems).toEqual([{ id: 'future01-case', kind: 'newer-version', reason: expect.stringMatching(/newer version.*schema 99/), setAsideAs: null }]);
    }
    expect(JSON.parse(await readFile(join(dir, 'cases', 'future01-case', 'case.json'), 'utf8'))).toEqual(future);
  });

  it('cleans temp files and staging folders of a dead writer on open, keeps a live writer’s', async () => {
    const a = await store.create();
    const pid = deadPid();
    const caseDir = store.caseDir(a.id);
    await writeFile(join(caseDir, `case.json.tmp-${pid}-0123456789ab`), '{"half": ');
    await mkdir(join(dir, 'cases', `0000000aa-deadbeef.tmp-${pid}-0123456789ab`));
    const live = `case.json.tmp-${process.pid}-ba9876543210`;
    await writeFile(join(caseDir, live), '{"in flight": ');
    const list = await new CaseStore(dir).list(summarize);
    expect(list).toMatchObject({ cases: [{ id: a.id }], problems: [] });
    expect((await readdir(join(dir, 'cases'))).sort()).toEqual([a.id]);
    expect((await readdir(caseDir)).sort()).toEqual(['case.json', live]);
  });
});

describe('SettingsStore', () => {
  it('starts with defaults, persists changes atomically', async () => {
    const settings = new SettingsStore(join(dir, 'not-yet-created'));
    expect(await settings.load()).toEqual({ settings: { language: null, defaultRecipient: '', stunServer: '', recipients: NO_RECIPIENTS }, problem: null });
    await settings.set({ language: 'de' });
    await settings.set({ defaultRecipient: 'hotline@example.com' });
    const fresh = new SettingsStore(join(dir, 'not-yet-created'));
    expect(await fresh.get()).toEqual({ language: 'de', defaultRecipient: 'hotline@example.com', stunServer: '', recipients: NO_RECIPIENTS });
    await rejectsWith(fresh.set({ language: 'fr' } as never), 'invalid-request');
  });

  it('falls back to defaults for a corrupt file, sets it aside and reports it', async () => {
    await writeFile(join(dir, 'settings.json'), '{"language": "de", ');
    const { settings, problem } = await new SettingsStore(dir).load();
    expect(settings).toEqual({ language: null, defaultRecipient: '', stunServer: '', recipients: NO_RECIPIENTS });
    expect(problem?.reason).toMatch(/not valid JSON/);
    expect(await readFile(problem?.setAsideAs ?? '', 'utf8')).toBe('{"language": "de", ');
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });
});

describe('defaultDataDir', () => {
  it('follows each platform’s convention, and the env override wins', () => {
    expect(defaultDataDir(undefined, { APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'win32', 'C:\\Users\\t')).toBe(
      'C:\\Users\\t\\AppData\\Roaming\\starface-triage',
    );
    expect(defaultDataDir(undefined, {}, 'darwin', '/Users/t')).toBe('/Users/t/Library/Application Support/starface-triage');
    expect(defaultDataDir(undefined, {}, 'linux', '/home/t')).toBe('/home/t/.config/starface-triage');
    expect(defaultDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/t')).toBe('/xdg/starface-triage');
    expect(defaultDataDir(undefined, { XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/t')).toBe('/home/t/.config/starface-triage');
    expect(defaultDataDir(undefined, { STARFACE_TRIAGE_DATA_DIR: dir }, 'win32', 'C:\\x')).toBe(dir);
  });
});
