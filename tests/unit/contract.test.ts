import { describe, it, expect, expectTypeOf } from 'vitest';
import { createClient, type TransportType } from '../../shared/contract/client.js';
import { contract, type ApiType, type HandlersType } from '../../shared/contract/contract.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import { ContractError, ErrorCodeSchema, type EnvelopeType } from '../../shared/contract/errors.js';
import { bridgeName, METHOD_NAMES } from '../../shared/contract/methods.js';
import { MESSAGES } from '../../shared/i18n/messages.js';
import { CASE_SCHEMA_VERSION, CaseSchema, migrateCase, newCase, type CaseType } from '../../shared/model/case.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const CASE = newCase('case-20261127-0001', NOW);

/** Engine handlers for the tests: a tiny in-memory store of one case; `overrides` swap single methods. */
function handlers(overrides: Partial<HandlersType> = {}): HandlersType {
  const cases = new Map<string, CaseType>([[CASE.id, CASE]]);
  const get = async ({ id }: { id: string }) => {
    const c = cases.get(id);
    if (!c) throw new ContractError('not-found', `no case ${id}`);
    return c;
  };
  const base: HandlersType = {
    'app.info': async () => ({ name: 'STARFACE Triage', version: '0.1.0', host: 'cli', dataDir: '/tmp/triage', platform: 'linux' }),
    'settings.get': async () => ({ language: 'de', defaultRecipient: '', stunServer: '' }),
    'settings.set': async (r) => ({ language: r.language ?? null, defaultRecipient: r.defaultRecipient ?? '' }),
    'cases.list': async () => ({ cases: [], problems: [] }),
    'cases.create': async () => newCase('case-20261127-0002', NOW),
    'cases.get': get,
    'cases.save': async ({ case: c }) => {
      cases.set(c.id, c);
      return { updatedAt: NOW.toISOString() };
    },
    'cases.duplicate': get,
    'cases.delete': async ({ id }) => ({ id }),
    'cases.restore': get,
    'report.exportPdf': async () => ({ path: '/tmp/triage/a.pdf', fileName: 'a.pdf', bytes: 1234 }),
    'report.exportEml': async () => ({ path: '/tmp/triage/a.eml', fileName: 'a.eml', bytes: 4321 }),
    'report.openFile': async () => ({ opened: true }),
    'jobs.start': async () => {
      throw new ContractError('busy', 'test');
    },
    'jobs.cancel': async ({ jobId }) => {
      throw new ContractError('not-found', jobId);
    },
    'jobs.get': async ({ jobId }) => {
      throw new ContractError('not-found', jobId);
    },
    'jobs.list': async () => ({ jobs: [] }),
    'net.local': async () => ({ network: { interfaces: [], gateway: null, dnsServers: [] }, route: null }),
    'attachments.begin': async () => ({ uploadId: 'u-0123456789abcdef01234567' }),
    'attachments.chunk': async ({ offset, data }) => ({ received: offset + data.length }),
    'attachments.finish': async () => {
      throw new ContractError('not-found', 'upload');
    },
    'attachments.abort': async () => ({}),
    'report.attach': async ({ source }) => {
      throw new ContractError('not-found', `export:attachment-gone:${source}`);
    },
    'report.detach': async () => ({}),
    'ladder.dialogs': async ({ offset }) => ({ summary: { dialogs: 0, messages: 0, skipped: 0, stoppedAt: null, dropped: 0 }, total: 0, offset, dialogs: [] }),
    'ladder.flow': async ({ offset }) => ({ parties: [], total: 0, offset, messages: [] }),
    'ladder.message': async ({ id }) => {
      throw new ContractError('not-found', `message ${id}`);
    },
    'jobs.stop': async ({ jobId }) => {
      throw new ContractError('not-found', jobId);
    },
    'capture.setup': async () => ({ backends: [], chosen: null, interfaces: [], defaultFilter: '(tcp or udp) and (port 5060 or port 5061)' }),
  };
  return { ...base, ...overrides };
}

function failure(envelope: EnvelopeType): { code: string; detail: string } {
  if (envelope.ok) throw new Error(`expected a failure, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

async function rejection(promise: Promise<unknown>): Promise<ContractError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('method names and the contract', () => {
  it('every METHOD_NAME has a contract entry and every contract entry is a METHOD_NAME', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort());
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });

  it('bridgeName turns dotted names into the preload’s camelCase functions', () => {
    expect(bridgeName('cases.list')).toBe('casesList');
    expect(bridgeName('app.info')).toBe('appInfo');
    expect(bridgeName('report.exportPdf')).toBe('reportExportPdf');
    expect(bridgeName('report.openFile')).toBe('reportOpenFile');
  });

  it('bridge names are unique and plain identifiers', () => {
    const names = METHOD_NAMES.map(bridgeName);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][A-Za-z]*$/);
  });

  it('every error code has a German and an English message', () => {
    for (const code of ErrorCodeSchema.options) {
      expect(MESSAGES.de.errors[code].trim()).not.toBe('');
      expect(MESSAGES.en.errors[code].trim()).not.toBe('');
    }
  });

  it('types: cases.get takes {id: string} and resolves to a case', () => {
    expectTypeOf<Parameters<ApiType['cases.get']>[0]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<Awaited<ReturnType<ApiType['cases.get']>>>().toEqualTypeOf<CaseType>();
    expectTypeOf<Parameters<ApiType['cases.save']>[0]['case']>().toHaveProperty('answers');
  });
});

describe('dispatch', () => {
  it('runs the handler and wraps its validated value', async () => {
    expect(await dispatch(handlers(), 'cases.get', { id: CASE.id })).toEqual({ ok: true, value: CASE });
  });

  it('an unknown method → invalid-request, without calling anything', async () => {
    let called = false;
    const h = handlers({ 'app.info': async () => ((called = true), { name: 'x', version: '1', host: 'cli', dataDir: '/', platform: 'linux' }) });
    for (const method of ['cases.hack', '__proto__', 'constructor', 42, null]) {
      expect(failure(await dispatch(h, method, {})).code).toBe('invalid-request');
    }
    expect(called).toBe(false);
  });

  it('a bad payload → invalid-request naming the path of the bad field', async () => {
    const bad = failure(await dispatch(handlers(), 'cases.get', { id: 'Not An Id!' }));
    expect(bad.code).toBe('invalid-request');
    expect(bad.detail).toMatch(/^id: /);

    const nested = failure(await dispatch(handlers(), 'cases.save', { case: { ...CASE, answers: { 'config-change': { value: 'maybe', answeredAt: NOW.toISOString() } } } }));
    expect(nested.code).toBe('invalid-request');
    expect(nested.detail).toContain('case.answers.config-change.value');
  });

  it('a handler throwing a ContractError passes its code and detail through', async () => {
    expect(failure(await dispatch(handlers(), 'cases.get', { id: 'case-does-not-exist' }))).toEqual({ code: 'not-found', detail: 'no case case-does-not-exist' });
  });

  it('a handler throwing a plain Error → internal, with the message but no stack trace', async () => {
    const seen: unknown[] = [];
    const boom = new Error('disk on fire');
    const e = failure(
      await dispatch(
        handlers({
          'cases.list': async () => {
            throw boom;
          },
        }),
        'cases.list',
        {},
        (_m, err) => seen.push(err),
      ),
    );
    expect(e.code).toBe('internal');
    expect(e.detail).toBe('disk on fire');
    expect(e.detail).not.toMatch(/\n\s+at /);
    expect(seen).toEqual([boom]);
  });

  it('a handler returning the wrong shape → invalid-response, and the engine hears about it', async () => {
    const seen: string[] = [];
    const h = handlers({ 'cases.delete': async () => ({ deleted: true }) as unknown as { id: string } });
    const e = failure(await dispatch(h, 'cases.delete', { id: CASE.id }, (m) => seen.push(m)));
    expect(e.code).toBe('invalid-response');
    expect(e.detail).toContain('id');
    expect(seen).toEqual(['cases.delete']);
  });

  it('a missing payload counts as {} for methods without arguments', async () => {
    const ok = await dispatch(handlers(), 'cases.list', undefined);
    expect(ok).toEqual({ ok: true, value: { cases: [], problems: [] } });
  });
});

describe('createClient', () => {
  const overDispatch = (h: HandlersType): TransportType => (method, request) => dispatch(h, method, request);

  it('round-trips through dispatch as its transport', async () => {
    const api = createClient(overDispatch(handlers()));
    expect(await api['cases.get']({ id: CASE.id })).toEqual(CASE);
    expect(await api['settings.set']({ language: 'en' })).toMatchObject({ language: 'en', defaultRecipient: '', stunServer: '' });
    expect(await api['app.info']({})).toMatchObject({ name: 'STARFACE Triage', host: 'cli' });
  });

  it('an error envelope rejects with a ContractError carrying the code', async () => {
    const api = createClient(overDispatch(handlers()));
    const e = await rejection(api['cases.get']({ id: 'case-does-not-exist' }));
    expect(e.code).toBe('not-found');
    expect(e.detail).toBe('no case case-does-not-exist');
  });

  it('a request that breaks the schema is refused before it leaves', async () => {
    let sent = false;
    const api = createClient(async () => ((sent = true), { ok: true, value: CASE }));
    const e = await rejection(api['cases.get']({ id: 'NOT VALID' }));
    expect(e.code).toBe('invalid-request');
    expect(sent).toBe(false);
  });

  it.each([
    ['not an object', 'nope'],
    ['null', null],
    ['no ok flag', { value: CASE }],
    ['ok is a string', { ok: 'true', value: CASE }],
    ['error without a known code', { ok: false, error: { code: 'kaboom', detail: '' } }],
  ])('a malformed envelope (%s) → invalid-response', async (_name, envelope) => {
    const api = createClient(async () => envelope);
    expect((await rejection(api['cases.get']({ id: CASE.id }))).code).toBe('invalid-response');
  });

  it('a well-formed envelope with a value of the wrong shape → invalid-response', async () => {
    const api = createClient(async () => ({ ok: true, value: { id: CASE.id } }));
    expect((await rejection(api['cases.get']({ id: CASE.id }))).code).toBe('invalid-response');
  });

  it('a transport that throws → unavailable', async () => {
    const api = createClient(async () => {
      throw new Error('socket closed');
    });
    const e = await rejection(api['cases.list']({}));
    expect(e.code).toBe('unavailable');
    expect(e.detail).toBe('socket closed');
  });

  it('a call without an answer fails with timeout after its limit, and the transport learns the limit', async () => {
    let given = 0;
    const api = createClient((_method, _request, timeoutMs) => {
      given = timeoutMs;
      return new Promise(() => {}); // an engine that never answers
    }, { 'cases.list': 60 });
    const started = Date.now();
    const e = await rejection(api['cases.list']({}));
    expect(e.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(given).toBe(60);
    const later = createClient(async () => ({ ok: true, value: { cases: [], problems: [] } }), { 'cases.list': 60 });
    await expect(later['cases.list']({})).resolves.toEqual({ cases: [], problems: [] });
  });
});

describe('CaseSchema and migrateCase', () => {
  it('newCase parses as a case with empty intake, answers and report', () => {
    const c = newCase('case-20261127-0003', NOW);
    expect(CaseSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({
      schemaVersion: CASE_SCHEMA_VERSION,
      createdAt: '2026-11-27T12:00:00.000Z',
      updatedAt: '2026-11-27T12:00:00.000Z',
      role: null,
      area: null,
      scenarioId: null,
      answers: {},
      notHotlineConfirmedAt: null,
    });
    expect(c.report).toMatchObject({ company: '', role: null, service: null, description: '' });
  });

  it('newCase refuses ids that are not safe file names', () => {
    for (const id of ['short', '../../etc/passwd', 'UPPER-case-1', 'with space 12']) expect(() => newCase(id, NOW)).toThrow();
  });

  it('migrateCase reads a stored case back unchanged', () => {
    const stored = JSON.parse(JSON.stringify(CASE)) as unknown;
    expect(migrateCase(stored)).toEqual(CASE);
  });

  it('migrateCase rejects a case from a newer app version with a clear message', () => {
    expect(() => migrateCase({ ...CASE, schemaVersion: CASE_SCHEMA_VERSION + 1 })).toThrow(/newer than this app/);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'case'],
    ['no schemaVersion', { ...CASE, schemaVersion: undefined }],
    ['schemaVersion 0', { ...CASE, schemaVersion: 0 }],
    ['a bad id', { ...CASE, id: '../x' }],
    ['a bad area', { ...CASE, area: 'mars' }],
    ['an answer with an unknown value', { ...CASE, answers: { x: { value: 'maybe', answeredAt: NOW.toISOString() } } }],
    ['a date that is not ISO', { ...CASE, createdAt: '27.11.2026' }],
  ])('migrateCase rejects %s', (_name, raw) => {
    expect(() => migrateCase(raw)).toThrow();
  });
});
