import type { CaptureProblemCodeType } from '../../../shared/capture/live-capture.js';

/** What both backends do: capture into numbered ring files in `dir`, report each new file. */
export interface BackendOptionsType {
  iface: string;
  filter: string;
  /** Folder of the ring files (`part_NNNNN…pcapng`), the newest `files` of them kept. */
  dir: string;
  fileBytes: number;
  files: number;
  durationS: number | null;
  /** A new ring file was started (in order). */
  onFile: (path: string) => void;
}

export interface BackendEndType {
  endedBy: 'stop' | 'duration' | 'problem';
  problem: CaptureProblemCodeType | null;
  detail?: string;
}

export interface BackendRunType {
  /** Packets captured and dropped as the backend reports them (dropped null: not said yet). */
  stats(): { packets: number; dropped: number | null };
  /** A normal end: the backend flushes and closes its files, then `ended` resolves. */
  stop(): void;
  readonly ended: Promise<BackendEndType>;
}

/** A capture that cannot start or ends on a problem the user can act on. */
export class CaptureProblem extends Error {
  constructor(
    readonly code: CaptureProblemCodeType,
    readonly detail = '',
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
  }
}
