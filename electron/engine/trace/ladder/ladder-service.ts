import type { HandlersType } from '../../../../shared/contract/contract.js';
import { ContractError } from '../../../../shared/contract/errors.js';
import { TraceFormatError } from '../trace-error.js';
import { buildLadderInWorker } from './build-in-worker.js';
import { ladderPaths, sourceStamp } from './ladder-build.js';
import { readLadderIndex, type SourceStampType } from './ladder-file.js';
import { LadderIndex } from './ladder-query.js';

export type LadderHandlersType = Pick<HandlersType, 'ladder.dialogs' | 'ladder.flow' | 'ladder.message'>;

interface LoadedType {
  stamp: SourceStampType;
  index: LadderIndex;
}

const KEEP = 2;

/**
 * The ladder over the contract: the index of an attached capture is read from its cache beside the
 * attachment, or built in a worker when missing or stale (the attachment changed); the last two
 * are kept loaded. Builds of the same capture share one worker.
 */
export function createLadder(attachmentPath: (caseId: string, fileName: string) => Promise<string | null>, build = buildLadderInWorker): LadderHandlersType {
  const loaded = new Map<string, LoadedType>();
  const pending = new Map<string, Promise<LoadedType>>();

  async function load(path: string, stamp: SourceStampType): Promise<LoadedType> {
    const paths = ladderPaths(path);
    let data = await readLadderIndex(paths.index, stamp);
    if (data === null) {
      try {
        await build(path, paths);
      } catch (error) {
        if (error instanceof TraceFormatError) throw new ContractError('invalid-request', `trace-format:${error.code}:${error.offset}`);
        throw error;
      }
      data = await readLadderIndex(paths.index, stamp);
      if (data === null) throw new ContractError('io', 'the ladder index could not be read back (the capture changed while it was read?)');
    }
    return { stamp, index: new LadderIndex(data, paths.messages) };
  }

  async function index(caseId: string, fileName: string): Promise<LadderIndex> {
    const path = await attachmentPath(caseId, fileName);
    if (path === null) throw new ContractError('not-found', fileName);
    let stamp: SourceStampType;
    try {
      stamp = await sourceStamp(path);
    } catch {
      throw new ContractError('not-found', fileName);
    }
    const key = `${caseId}/${fileName}`;
    const have = loaded.get(key);
    if (have !== undefined && have.stamp.size === stamp.size && have.stamp.mtimeMs === stamp.mtimeMs) {
      loaded.delete(key);
      loaded.set(key, have); // most recently used last
      return have.index;
    }
    let job = pending.get(key);
    if (job === undefined) {
      job = load(path, stamp).finally(() => pending.delete(key));
      pending.set(key, job);
    }
    const done = await job;
    loaded.delete(key);
    loaded.set(key, done);
    while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value as string);
    return done.index;
  }

  return {
    'ladder.dialogs': async (r) => (await index(r.caseId, r.fileName)).dialogPage(r),
    'ladder.flow': async (r) => {
      const page = (await index(r.caseId, r.fileName)).ladder(r);
      if (page === null) throw new ContractError('not-found', r.device ?? `dialog ${r.dialog}`);
      return page;
    },
    'ladder.message': async (r) => {
      const whole = await (await index(r.caseId, r.fileName)).whole(r.id);
      if (whole === null) throw new ContractError('not-found', `message ${r.id}`);
      return whole;
    },
  };
}
