import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { CaseStore } from '../../electron/engine/store/case-store.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import { CASE_SCHEMA_VERSION, CaseSchema, MAX_ANSWERS, MAX_CASE_BYTES, migrateCase, type CaseType } from '../../shared/model/case.js';
import { summarizeCase } from '../../shared/triage/summary.js';

const V1_FIXTURE = new URL('./fixtures/case-v1.json', import.meta.url);

/** `{a: {a: … {a: 1}}}`, `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
}

let dir: string;
let engine: EngineType;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'case-bounds-'));
  engine = await createEngine({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(method: string, payload: unknown) {
  return dispatch(engine.handlers, method, payload);
}

async function created(): Promise<CaseType> {
  const envelope = await call('cases.create', {});
  if (!envelope.ok) throw new Error(envelope.error.detail);
  return envelope.value as CaseType;
}

describe('the case is closed and bounded', () => {
  it('a save that smuggles a 4 100-deep structure into the evidence stores nothing of it and still reads back', async () => {
    const c = await created();
    const answer = {
      value: 'yes',
      note: '',
      answeredAt: c.createdAt,
      evidence: { kind: 'ports', measuredAt: c.createdAt, summary: { de: 'x', en: 'x' }, details: nested(4100) },
    };
    const saved = await call('cases.save', { case: { ...c, answers: { 'network-firewall': answer } } });
    expect(saved.ok).toBe(true);
    const file = join(dir, 'cases', c.id, 'case.json');
    expect((await stat(file)).size).toBeLessThan(8 * 1024);
    expect(await readFile(file, 'utf8')).not.toContain('"a"');
    const back = await call('cases.get', { id: c.id });
    expect(back.ok).toBe(true);
  });

  it('refuses nested values in evidence figures, too many answers and overlong texts', async () => {
    const c = await created();
    const evidence = { kind: 'ports', measuredAt: c.createdAt, summary: { de: 'x', en: 'x' }, figures: { deep: nested(3) } };
    const withFigure = { ...c, answers: { s: { value: 'yes', note: '', answeredAt: c.createdAt, evidence } } };
    expect((await call('cases.save', { case: withFigure })).ok).toBe(false);
    const many = Object.fromEntries(Array.from({ length: MAX_ANSWERS + 1 }, (_, i) => [`q${i}`, { value: 'no', note: '', answeredAt: c.createdAt }]));
    const tooMany = await call('cases.save', { case: { ...c, answers: many } });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const longKey = await call('cases.save', { case: { ...c, answers: { ['k'.repeat(101)]: { value: 'no', note: '', answeredAt: c.createdAt } } } });
    expect(longKey.ok).toBe(false);
    expect((await call('cases.save', { case: { ...c, title: 'T'.repeat(201) } })).ok).toBe(false);
  });

  it('refuses a case whose serialised size exceeds the limit, and keeps the stored one', async () => {
    const c = await created();
    // 3-byte characters: within every field's character limit, above the byte limit in total.
    const note = '€'.repeat(10_000);
    const answers = Object.fromEntries(Array.from({ length: MAX_ANSWERS }, (_, i) => [`q${i}`, { value: 'no', note, answeredAt: c.createdAt }]));
    expect(Buffer.byteLength(JSON.stringify(answers))).toBeGreaterThan(MAX_CASE_BYTES);
    const result = await call('cases.save', { case: { ...c, title: 'zu groß', answers } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const back = await call('cases.get', { id: c.id });
    expect(back).toMatchObject({ ok: true, value: { title: '' } });
  });
});

describe('a case written by the first release (schema 1) still loads', () => {
  const v1 = JSON.parse(readFileSync(V1_FIXTURE, 'utf8')) as Record<string, unknown>;

  it('lifts evidence details into flat figures and drops nested values', () => {
    expect(v1.schemaVersion).toBe(1);
    const c = migrateCase(v1);
    expect(c.schemaVersion).toBe(CASE_SCHEMA_VERSION);
    const evidence = c.answers['network-firewall']?.evidence;
    expect(evidence?.figures).toEqual({ open: '5060, 443', host: 'maxmuster.starface-cloud.com' });
    expect(evidence?.summary.de).toBe('Port 5060/TCP offen');
    expect(evidence?.measurementId).toBeNull();
    expect(c.report.cloudName).toBe('maxmuster.starface-cloud.com');
    expect(c.answers['x-note']?.note).toBe('Kunde ruft zurück');
    expect(c.attachments).toEqual([]);
  });

  it('opens from the data folder, lists with its verdict, and is saved as the current schema', async () => {
    const id = v1.id as string;
    await mkdir(join(dir, 'cases', id), { recursive: true });
    await writeFile(join(dir, 'cases', id, 'case.json'), JSON.stringify(v1, null, 2));
    const list = await call('cases.list', {});
    expect(list).toMatchObject({ ok: true, value: { problems: [] } });
    const got = await call('cases.get', { id });
    expect(got).toMatchObject({ ok: true, value: { title: 'Müller GmbH, Zentrale' } });
    if (!got.ok) return;
    expect((await call('cases.save', { case: got.value })).ok).toBe(true);
    const stored = JSON.parse(await readFile(join(dir, 'cases', id, 'case.json'), 'utf8')) as CaseType;
    expect(stored.schemaVersion).toBe(CASE_SCHEMA_VERSION);
    expect(CaseSchema.parse(stored).answers['network-firewall']?.value).toBe('yes');
  });
});

describe('cases.list reads only what changed', () => {
  it('serves unchanged cases from the index without reading their files', async () => {
    const store = new CaseStore(dir, { summaryKey: 'test' });
    const a = await store.save({ ...(await store.create()), title: 'Alpha' });
    const b = await store.save({ ...(await store.create()), title: 'Beta' });
    expect((await store.list(summarizeCase)).cases.map((c) => c.title).sort()).toEqual(['Alpha', 'Beta']);

    // Rewrite a's file in place with same-size content and the old mtime: only a re-read would see it.
    const file = join(dir, 'cases', a.id, 'case.json');
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"Alpha"', '"Gamma"'));
    await utimes(file, before.atime, before.mtime);
    const fresh = new CaseStore(dir, { summaryKey: 'test' }); // the index on disk, not memory
    expect((await fresh.list(summarizeCase)).cases.find((c) => c.id === a.id)?.title).toBe('Alpha');

    // A real save replaces the file: the next listing reads it again.
    await fresh.save({ ...b, title: 'Beta 2' });
    expect((await fresh.list(summarizeCase)).cases.find((c) => c.id === b.id)?.title).toBe('Beta 2');
    // Another summarizer version does not trust the index.
    const other = new CaseStore(dir, { summaryKey: 'other' });
    expect((await other.list(summarizeCase)).cases.find((c) => c.id === a.id)?.title).toBe('Gamma');
  });

  it('forgets deleted cases and shares one pass among concurrent calls', async () => {
    const store = new CaseStore(dir, { summaryKey: 'test' });
    const cases = await Promise.all(Array.from({ length: 30 }, () => store.create()));
    const first = store.list(summarizeCase);
    const second = store.list(summarizeCase);
    const third = store.list(summarizeCase);
    expect(third).toBe(second); // queued behind the running pass, one more pass for both
    expect((await first).cases).toHaveLength(30);
    await store.delete(cases[0]?.id ?? '');
    expect((await store.list(summarizeCase)).cases).toHaveLength(29);
    const index = JSON.parse(await readFile(join(dir, 'case-index.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(index.entries)).toHaveLength(29);
  });

  it('rebuilds from a damaged index', async () => {
    const store = new CaseStore(dir, { summaryKey: 'test' });
    await store.save({ ...(await store.create()), title: 'Delta' });
    await store.list(summarizeCase);
    await writeFile(join(dir, 'case-index.json'), '{"format":1,"key":"test","entries":{"x":');
    expect((await new CaseStore(dir, { summaryKey: 'test' }).list(summarizeCase)).cases.map((c) => c.title)).toEqual(['Delta']);
  });
});
