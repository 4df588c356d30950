import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readChunks } from '../capture-front.js';
import { LadderIndexer, type LadderDataType } from './ladder-indexer.js';
import { MessageSpool, writeLadderIndex, type SourceStampType } from './ladder-file.js';

/** Where a capture's ladder index lives: a hidden folder beside it (`attachments/.ladder/`). */
export function ladderPaths(capturePath: string, dir = join(dirname(capturePath), '.ladder')): { dir: string; index: string; messages: string } {
  const base = join(dir, basename(capturePath));
  return { dir, index: `${base}.idx`, messages: `${base}.msgs` };
}

export async function sourceStamp(capturePath: string): Promise<SourceStampType> {
  const s = await stat(capturePath);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Reads a capture once into its ladder index and message side file (streaming: memory grows with
 * the number of messages as numbers, never with their text). The message file is complete before
 * the index is written, so an index on disk always has its messages.
 */
export async function buildLadderIndex(capturePath: string, paths = ladderPaths(capturePath), onProgress?: (bytes: number, messages: number) => void): Promise<LadderDataType> {
  const source = await sourceStamp(capturePath);
  await mkdir(paths.dir, { recursive: true });
  const partial = `${paths.messages}.${process.pid}.part`;
  const spool = new MessageSpool(partial);
  const indexer = new LadderIndexer(spool.write);
  let bytes = 0;
  let reported = 0;
  try {
    for await (const chunk of readChunks(capturePath)) {
      bytes += chunk.byteLength;
      if (!indexer.push(chunk)) break;
      if (bytes - reported >= 4 * 1024 * 1024) {
        reported = bytes;
        onProgress?.(bytes, indexer.messages);
      }
    }
    const data = indexer.finish();
    spool.close();
    await rename(partial, paths.messages);
    await writeLadderIndex(paths.index, data, source);
    return data;
  } catch (error) {
    try {
      spool.close();
    } catch {
      // already closed
    }
    await rm(partial, { force: true });
    throw error;
  }
}
