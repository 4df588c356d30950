import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { PbxLogResultType } from '../../../shared/trace/pbx-log-result.js';
import { pbxLogFindings } from './pbx-log-findings.js';
import { classifyPbxLine } from './pbx-log-lines.js';
import { PbxLogTally } from './pbx-log-tally.js';

/**
 * Reads a PBX log (Asterisk's log from the STARFACE cloud) as a stream of bytes of any size: only
 * the current line (at most 64 KiB) and the per-device counts are held, never the file.
 */

/** Longer lines are no Asterisk log lines (a message is a few hundred bytes); they are skipped. */
export const PBX_LOG_MAX_LINE = 64 * 1024;
/** Without a single Asterisk line in this many bytes the file is not a PBX log; reading stops. */
export const PBX_LOG_GIVE_UP_BYTES = 8 * 1024 * 1024;

/**
 * The one error the analysis throws. `aborted` carries the name `AbortError`, as fetch and
 * Node's streams name a cancellation, so callers that test `error.name === 'AbortError'` work too.
 */
export type PbxLogErrorCodeType = 'not-found' | 'is-directory' | 'unreadable' | 'aborted' | 'internal';
export class PbxLogError extends Error {
  readonly code: PbxLogErrorCodeType;
  readonly detail: string;
  constructor(code: PbxLogErrorCodeType, detail = '') {
    super(detail === '' ? code : `${code}: ${detail}`);
    this.name = code === 'aborted' ? 'AbortError' : 'PbxLogError';
    this.code = code;
    this.detail = detail;
  }
}

export interface PbxLogOptionsType {
  signal?: AbortSignal;
  /** Bytes read so far, after each chunk. */
  onProgress?: (bytes: number) => void;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Splits bytes into lines across chunk boundaries and decodes each line, deciding the encoding. */
class LineSplitter {
  /** One line in the making; +1 so a trailing CR still fits beside a full-length line. */
  readonly #buffer = new Uint8Array(PBX_LOG_MAX_LINE + 1);
  #length = 0;
  #overlong = false;
  #first = true;
  latin1 = false;
  readonly #onLine: (line: string | null) => void;

  /** `onLine(null)` for a line too long to read. */
  constructor(onLine: (line: string | null) => void) {
    this.#onLine = onLine;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(0x0a, start);
      const stop = end === -1 ? chunk.length : end;
      if (end !== -1 && this.#length === 0 && !this.#overlong) {
        // The common case: the whole line lies in this chunk; no copy.
        this.#finish(chunk.subarray(start, stop), stop - start > PBX_LOG_MAX_LINE + 1);
      } else {
        this.#append(chunk.subarray(start, stop));
        if (end !== -1) this.#flush();
      }
      if (end === -1) return;
      start = end + 1;
    }
  }

  /** The last line when the file does not end in a line break. */
  end(): void {
    if (this.#length > 0 || this.#overlong) this.#flush();
  }

  #append(piece: Uint8Array): void {
    if (this.#overlong) return;
    if (this.#length + piece.length > this.#buffer.length) {
      this.#overlong = true;
      return;
    }
    this.#buffer.set(piece, this.#length);
    this.#length += piece.length;
  }

  #flush(): void {
    this.#finish(this.#buffer.subarray(0, this.#length), this.#overlong);
    this.#length = 0;
    this.#overlong = false;
  }

  #finish(raw: Uint8Array, overlong: boolean): void {
    let bytes = raw;
    if (this.#first) {
      this.#first = false;
      if (BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(3);
    }
    if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (overlong || bytes.length > PBX_LOG_MAX_LINE) {
      this.#onLine(null);
      return;
    }
    // UTF-8 until the first line that is not valid UTF-8; from there on the file is Latin-1
    // (every byte is a Latin-1 character, so nothing fails after the switch).
    if (!this.latin1 && !isUtf8(bytes)) this.latin1 = true;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#onLine(view.toString(this.latin1 ? 'latin1' : 'utf8'));
  }
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The analysis of a PBX log from a stream of bytes. Rejects only with PbxLogError. */
export async function analyzePbxLog(source: AsyncIterable<Uint8Array>, options: PbxLogOptionsType = {}): Promise<PbxLogResultType> {
  const { signal, onProgress } = options;
  if (aborted(signal)) throw new PbxLogError('aborted');
  const tally = new PbxLogTally();
  const splitter = new LineSplitter((line) => {
    const parsed = line === null ? null : classifyPbxLine(line);
    if (parsed !== null) tally.add(parsed);
    else {
      tally.skipped++;
      if (line === null) tally.longLines++;
    }
  });
  let bytes = 0;
  let stoppedAt: PbxLogResultType['stoppedAt'];
  try {
    // Leaving the loop early (abort, give up) calls the iterator's return(): a file stream closes.
    for await (const chunk of source) {
      if (aborted(signal)) throw new PbxLogError('aborted');
      if (!(chunk instanceof Uint8Array)) throw new PbxLogError('unreadable', 'the source yielded something other than bytes');
      splitter.push(chunk);
      bytes += chunk.length;
      onProgress?.(bytes);
      if (tally.lines === 0 && bytes >= PBX_LOG_GIVE_UP_BYTES) {
        stoppedAt = { bytes, reason: 'not-asterisk' };
        break;
      }
    }
    if (aborted(signal)) throw new PbxLogError('aborted');
    if (stoppedAt === undefined) splitter.end();
  } catch (error) {
    throw toPbxLogError(error);
  }
  const result: PbxLogResultType = {
    lines: tally.lines,
    skipped: tally.skipped,
    longLines: tally.longLines,
    encoding: splitter.latin1 ? 'latin-1' : 'utf-8',
    firstTime: tally.firstTime,
    lastTime: tally.lastTime,
    devices: tally.devices,
    droppedDeviceEvents: tally.droppedDeviceEvents,
    registrationFailures: tally.registrationFailures,
    registrationReasons: tally.reasons,
    retransmissionTimeouts: tally.retransmissionTimeouts,
    findings: pbxLogFindings(tally, stoppedAt !== undefined),
  };
  if (stoppedAt !== undefined) result.stoppedAt = stoppedAt;
  return result;
}

/** Node's fs codes → ours; anything else the source throws is "unreadable" with its message. */
function toPbxLogError(error: unknown): PbxLogError {
  if (error instanceof PbxLogError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new PbxLogError('not-found', message);
  if (code === 'EISDIR') return new PbxLogError('is-directory', message);
  if (code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')) return new PbxLogError('aborted', message);
  return new PbxLogError('unreadable', message.slice(0, 300));
}

/** The analysis of a PBX log file, read as a stream. */
export async function analyzePbxLogFile(path: string, options: PbxLogOptionsType = {}): Promise<PbxLogResultType> {
  let stream;
  try {
    stream = createReadStream(path, { highWaterMark: 64 * 1024, signal: options.signal });
  } catch (error) {
    throw toPbxLogError(error);
  }
  try {
    return await analyzePbxLog(stream, options);
  } finally {
    stream.destroy();
  }
}
