import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { LadderDataType } from './ladder-indexer.js';

/**
 * The ladder index on disk, beside the attachment (`attachments/.ladder/NAME.idx` and `.msgs`):
 * reopening a capture reads this instead of the capture. `.msgs` holds the SIP messages' bytes one
 * after the other; `.idx` the index: a magic, a JSON part (the source it was made from, strings),
 * then the number columns as raw little-endian arrays. A version or source mismatch means stale.
 */

export const LADDER_INDEX_VERSION = 1;
const MAGIC = 'SFLADDER';

export interface SourceStampType {
  size: number;
  mtimeMs: number;
}

const DIALOG_COLUMNS = ['method', 'state', 'start', 'end', 'count', 'retransmissions', 'src', 'dst'] as const;
const MESSAGE_COLUMNS = ['time', 'offset', 'length', 'dialog', 'src', 'dst', 'status', 'method', 'cseq', 'flags'] as const;

type ArrayType = Float64Array | Uint32Array | Uint16Array | Uint8Array;

function columns(data: LadderDataType): ArrayType[] {
  return [...DIALOG_COLUMNS.map((k) => data.dialogs[k]), ...MESSAGE_COLUMNS.map((k) => data.messages[k])];
}

/** Writes the index atomically (a reader never sees half of one). */
export async function writeLadderIndex(path: string, data: LadderDataType, source: SourceStampType): Promise<void> {
  const cols = columns(data);
  const head = JSON.stringify({
    version: LADDER_INDEX_VERSION,
    source,
    parties: data.parties,
    methods: data.methods,
    callId: data.dialogs.callId,
    from: data.dialogs.from,
    to: data.dialogs.to,
    codes: data.dialogs.codes,
    skipped: data.skipped,
    dropped: data.dropped,
    stoppedAt: data.stoppedAt,
    lengths: cols.map((c) => c.length),
  });
  const json = Buffer.from(head, 'utf8');
  const prefix = Buffer.alloc(16);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  const parts: Uint8Array[] = [prefix, json, Buffer.alloc((8 - ((16 + json.length) % 8)) % 8)];
  for (const c of cols) {
    parts.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    parts.push(Buffer.alloc((8 - (c.byteLength % 8)) % 8));
  }
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, parts);
  await rename(temp, path);
}

/** The index at `path`, or null when it is missing, damaged, of another version or of another source. */
export async function readLadderIndex(path: string, source: SourceStampType): Promise<LadderDataType | null> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return null;
  }
  try {
    if (file.length < 16 || file.toString('latin1', 0, 8) !== MAGIC) return null;
    const jsonLength = file.readUInt32LE(8);
    const head = JSON.parse(file.toString('utf8', 16, 16 + jsonLength)) as Record<string, unknown>;
    const stamp = head.source as SourceStampType | undefined;
    if (head.version !== LADDER_INDEX_VERSION || stamp?.size !== source.size || stamp.mtimeMs !== source.mtimeMs) return null;
    const lengths = head.lengths as number[];
    let at = 16 + jsonLength;
    at += (8 - (at % 8)) % 8;
    // One copy into an aligned buffer: the columns are views of it.
    const aligned = new Uint8Array(file.length - at);
    aligned.set(file.subarray(at));
    let pos = 0;
    const take = <T extends ArrayType>(ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }, i: number): T => {
      const n = lengths[i] ?? 0;
      const bytes = n * ctor.BYTES_PER_ELEMENT;
      if (pos + bytes > aligned.length) throw new Error('short index');
      const view = new ctor(aligned.buffer, pos, n);
      pos += bytes + ((8 - (bytes % 8)) % 8);
      return view;
    };
    const dialogs = {
      callId: head.callId as string[],
      from: head.from as string[],
      to: head.to as string[],
      codes: head.codes as number[][],
      method: take(Uint16Array, 0),
      state: take(Uint8Array, 1),
      start: take(Float64Array, 2),
      end: take(Float64Array, 3),
      count: take(Uint32Array, 4),
      retransmissions: take(Uint32Array, 5),
      src: take(Uint32Array, 6),
      dst: take(Uint32Array, 7),
    };
    const messages = {
      time: take(Float64Array, 8),
      offset: take(Float64Array, 9),
      length: take(Uint32Array, 10),
      dialog: take(Uint32Array, 11),
      src: take(Uint32Array, 12),
      dst: take(Uint32Array, 13),
      status: take(Uint16Array, 14),
      method: take(Uint16Array, 15),
      cseq: take(Uint32Array, 16),
      flags: take(Uint8Array, 17),
    };
    if (dialogs.callId.length !== dialogs.state.length) return null;
    return { parties: head.parties as string[], methods: head.methods as string[], dialogs, messages, skipped: Number(head.skipped), dropped: Number(head.dropped), stoppedAt: (head.stoppedAt as number | null) ?? null };
  } catch {
    return null;
  }
}

/**
 * The side file of message bytes, written in 1 MiB batches from the (synchronous) indexer; answers
 * each message's offset.
 */
export class MessageSpool {
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafe(1024 * 1024);
  #used = 0;
  #offset = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  write = (bytes: Uint8Array): number => {
    const at = this.#offset;
    if (this.#used + bytes.byteLength > this.#buffer.length) this.flush();
    if (bytes.byteLength > this.#buffer.length) writeSync(this.#fd, bytes);
    else {
      this.#buffer.set(bytes, this.#used);
      this.#used += bytes.byteLength;
    }
    this.#offset += bytes.byteLength;
    return at;
  };

  flush(): void {
    if (this.#used > 0) writeSync(this.#fd, this.#buffer, 0, this.#used);
    this.#used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}
