import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/engine/store/case-store.js';
import type { CaseSummaryType, CaseType } from '../../shared/model/case.js';

/**
 * The real crash test: a child process saves through the real store and is SIGKILLed mid-flight.
 * The child is plain .mjs (no TypeScript loader is installed), so beforeAll compiles the store's
 * import closure with tsc into a private folder under out/ (gitignored; inside the repo so the
 * compiled code resolves `zod` from node_modules). `noCheck` keeps it fast and independent of
 * half-written files elsewhere in the tree; `tsc --noEmit` is what checks the types.
 */
const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const childScript = fileURLToPath(new URL('./fixtures/save-loop.mjs', import.meta.url));
const ROUNDS = 24;

let outDir: string;
let dataDir: string;

const summarize = (c: CaseType): CaseSummaryType => ({
  id: c.id,
  title: c.title,
  company: c.report.company,
  area: c.area,
  scenarioId: c.scenarioId,
  verdictKind: 'pending',
  updatedAt: c.updatedAt,
});

/** Same as the child's: everything but updatedAt, which `save` stamps itself. */
const contentHash = (c: CaseType): string =>
  createHash('sha256').update(JSON.stringify({ ...c, updatedAt: undefined })).digest('hex');
const seqOf = (c: CaseType): number => Number(c.title.replace('seq-', '')) || 0;
const isTemp = (name: string): boolean => /\.tmp-\d+-[0-9a-f]{12}$/.test(name);

beforeAll(async () => {
  outDir = join(repo, 'out', `.crash-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(outDir, { recursive: true });
  const tsconfig = {
    extends: '../../tsconfig.node.json',
    compilerOptions: { outDir: '.', rootDir: '../..', noCheck: true, sourceMap: false },
    files: ['../../electron/engine/store/case-store.ts'],
    include: [],
  };
  await writeFile(join(outDir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(outDir, 'tsconfig.json')], { encoding: 'utf8' });
  expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
  dataDir = await mkdtemp(join(tmpdir(), 'case-store-crash-'));
}, 60_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface RunType {
  pid: number;
  /** Resolves when the child printed `R`: all cases read, the save loop runs. */
  ready: Promise<void>;
  /** Resolves at the child's first completed save: its loop is warm (JIT, first fsync) from here. */
  saving: Promise<void>;
  /** Resolves with every line the child printed, once it is dead and its pipe drained. */
  finished: Promise<string[]>;
  kill(): void;
}

/** A promise with its settle functions; settling twice is a no-op, so late rejects are harmless. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // a round that never awaits `saving` must not leak a rejection
  return { promise, resolve, reject };
}

function startSaveLoop(ids: string[]): RunType {
  const child = spawn(process.execPath, [childScript, outDir, dataDir, ...ids], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const ready = deferred();
  const saving = deferred();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (line === 'R') ready.resolve();
      if (line.startsWith('D ')) saving.resolve();
    }
  });
  // 'close' (not 'exit') comes after the pipes drained, and after libuv reaped the child, so its pid
  // is truly gone when the next store opens and judges the child's temp files stale.
  const finished = new Promise<string[]>((res, rej) => {
    child.on('close', (_code, signal) => {
      const early = new Error(`child ended before it got going (${signal ?? 'no signal'}): ${stderr}`);
      ready.reject(early);
      saving.reject(early);
      if (signal === 'SIGKILL') res(lines);
      else rej(new Error(`child died on its own: ${stderr}`));
    });
  });
  finished.catch(() => undefined); // awaited by every test; this only keeps an aborted one quiet
  return { pid: child.pid ?? -1, ready: ready.promise, saving: saving.promise, finished, kill: () => child.kill('SIGKILL') };
}

async function tempsIn(ids: string[]): Promise<string[]> {
  const found = (await readdir(join(dataDir, 'cases'))).filter(isTemp);
  for (const id of ids) found.push(...(await readdir(join(dataDir, 'cases', id))).filter(isTemp));
  return found;
}

describe('CaseStore under SIGKILL', () => {
  it(`keeps every case valid and loses at most the in-flight save (${ROUNDS} random kills)`, async () => {
    const setup = new CaseStore(dataDir);
    const bystander = await setup.save({ ...(await setup.create()), title: 'untouched' });
    const looped = [(await setup.create()).id, (await setup.create()).id];
    const all = [bystander.id, ...looped].sort();

    for (let round = 0; round < ROUNDS; round++) {
      // What may be on disk after the kill: the version the child starts from, or one it announced.
      const before = new CaseStore(dataDir);
      const announced = new Map<string, Map<number, string>>();
      const lastDone = new Map<string, number>();
      for (const id of looped) {
        const c = await before.get(id);
        announced.set(id, new Map([[seqOf(c), contentHash(c)]]));
        lastDone.set(id, seqOf(c));
      }

      const run = startSaveLoop(looped);
      await run.saving;
      await sleep(5 + Math.floor(Math.random() * 56));
      run.kill();
      for (const line of await run.finished) {
        const [kind, id = '', seq = '', hash = ''] = line.split(' ');
        if (kind === 'W') announced.get(id)?.set(Number(seq), hash);
        if (kind === 'D') lastDone.set(id, Number(seq));
      }

      const after = new CaseStore(dataDir);
      const list = await after.list(summarize);
      expect(list.problems).toEqual([]);
      expect(list.cases.map((c) => c.id).sort()).toEqual(all);
      expect(await after.get(bystander.id)).toEqual(bystander);
      for (const id of looped) {
        const c = await after.get(id);
        const seq = seqOf(c);
        expect(seq, `round ${round}: ${id} went back before its last completed save`).toBeGreaterThanOrEqual(lastDone.get(id) ?? 0);
        expect(announced.get(id)?.get(seq), `round ${round}: ${id} holds content the child never wrote`).toBe(contentHash(c));
      }
      expect(await tempsIn(looped)).toEqual([]);
    }
  }, 120_000);

  it('cleans the temp file a kill mid-write leaves behind, without reporting a problem', async () => {
    const setup = new CaseStore(dataDir);
    const id = (await setup.create()).id;
    const caseDir = join(dataDir, 'cases', id);
    // Kill the moment the child's temp file appears; if the write still won the race to its rename,
    // try again: the point is a round where the kill provably left a temp file.
    let leftover: string[] = [];
    for (let attempt = 0; attempt < 30 && leftover.length === 0; attempt++) {
      const run = startSaveLoop([id]);
      await run.ready;
      const mine = new RegExp(`\\.tmp-${run.pid}-`);
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && !(await readdir(caseDir)).some((n) => mine.test(n))) {
        // Poll as fast as the event loop allows; a write of 0.2–2 MB plus fsync takes milliseconds.
      }
      run.kill();
      await run.finished;
      leftover = (await readdir(caseDir)).filter(isTemp);
    }
    expect(leftover, 'no kill landed mid-write in 30 attempts').not.toEqual([]);

    const list = await new CaseStore(dataDir).list(summarize);
    expect(list.problems).toEqual([]);
    expect(list.cases.map((c) => c.id)).toContain(id);
    expect((await readdir(caseDir)).filter(isTemp)).toEqual([]);
  }, 120_000);
});
