import type { EventNameType } from '../../shared/contract/methods.js';
import type { EventPayload, HandlersType } from '../../shared/contract/contract.js';

/** What every front end (Electron main, browser host, CLI) gets from the engine. */
export interface EngineType {
  /** One handler per contract method; front ends pass them to `dispatch()` from shared/. */
  readonly handlers: HandlersType;
  /** Subscribe to engine events; returns the unsubscribe function. */
  onEvent<E extends EventNameType>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Absolute path of an exported file of a case, or null when the id or name is invalid or the file
   * does not exist. Front ends use it to serve downloads; nothing outside the export folder resolves.
   */
  resolveExport(caseId: string, fileName: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface EngineOptionsType {
  dataDir: string;
  host: 'electron' | 'web' | 'cli';
  appVersion: string;
  /** How this front end opens a file with the system's default program (mail draft, PDF). */
  openFile: (absolutePath: string) => Promise<boolean>;
  /**
   * Where measurements look things up, for tests and the e2e host: other DNS servers, STUN and
   * HTTPS ports (read from STARFACE_TRIAGE_TEST_NET by the browser host). The app leaves it unset.
   */
  net?: { dnsServers?: readonly string[]; stunPort?: number; httpsPort?: number };
  /** Electron: keeps the machine from sleeping while a long measurement runs; returns the release. */
  keepAwake?: () => () => void;
  /** Browser host only: builds the download URL for an exported file. */
  downloadUrl?: (caseId: string, fileName: string) => string;
}
