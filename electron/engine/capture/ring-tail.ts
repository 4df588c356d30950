/**
 * Reads the ring files as they grow, into the live analysis, and holds each file open until the
 * ring drops it: a file deleted by hand mid-capture is still read through our descriptor, so
 * nothing captured is lost. At the end the kept files become the one pcapng the user asked for
 * (concatenated pcapng sections are valid pcapng: Wireshark, tshark and our reader read them).
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, writeSync, unlinkSync } from 'node:fs';
import type { CaptureAnalysis } from '../trace/trace-analyze.js';

interface RingFileType {
  path: string;
  fd: number;
  read: number;
}

const CHUNK = 1024 * 1024;

export class RingTail {
  readonly #files: RingFileType[] = [];
  readonly #keep: number;
  readonly #analysis: CaptureAnalysis;
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #analysing = true;
  /** Older files were dropped to stay under the size limit. */
  ringDropped = false;

  constructor(analysis: CaptureAnalysis, keep: number) {
    this.#analysis = analysis;
    this.#keep = keep;
  }

  add(path: string): void {
    try {
      this.#files.push({ path, fd: openSync(path, 'r'), read: 0 });
    } catch {
      // Gone before we saw it (a ring faster than our poll): the analysis misses it, the ring had.
      this.ringDropped = true;
    }
  }

  /** Reads what is new in every file, oldest first; closes what the ring has dropped. */
  poll(): void {
    for (const f of this.#files) {
      for (;;) {
        const n = readSync(f.fd, this.#buffer, 0, CHUNK, f.read);
        if (n <= 0) break;
        f.read += n;
        if (this.#analysing) this.#analysing = this.#analysis.push(this.#buffer.subarray(0, n));
      }
    }
    while (this.#files.length > this.#keep) {
      closeSync(this.#files.shift()!.fd);
      this.ringDropped = true;
    }
  }

  /** Bytes now kept (the newest files). */
  get bytesKept(): number {
    return this.#files.reduce((sum, f) => sum + f.read, 0);
  }

  /** True when the newest file no longer exists under its name (deleted by hand). */
  get currentDeleted(): boolean {
    const last = this.#files.at(-1);
    return last !== undefined && !existsSync(last.path);
  }

  /**
   * The kept files as one pcapng at `out`: a lone file still in place is renamed (no space
   * needed on a full disk); otherwise the files are copied through their descriptors.
   * Returns the bytes written; throws the write error after removing a half-written output.
   */
  assemble(out: string): number {
    this.poll();
    const only = this.#files.length === 1 ? this.#files[0]! : null;
    if (only !== null && existsSync(only.path) && fstatSync(only.fd).nlink > 0) {
      renameSync(only.path, out);
      return only.read;
    }
    const part = `${out}.part`;
    const fd = openSync(part, 'w', 0o600);
    let total = 0;
    try {
      for (const f of this.#files) {
        for (let pos = 0; pos < f.read; ) {
          const n = readSync(f.fd, this.#buffer, 0, Math.min(CHUNK, f.read - pos), pos);
          if (n <= 0) break;
          for (let off = 0; off < n; ) off += writeSync(fd, this.#buffer, off, n - off);
          pos += n;
          total += n;
        }
      }
    } catch (error) {
      closeSync(fd);
      unlinkSync(part);
      throw error;
    }
    closeSync(fd);
    renameSync(part, out);
    return total;
  }

  close(): void {
    for (const f of this.#files.splice(0)) closeSync(f.fd);
  }
}
