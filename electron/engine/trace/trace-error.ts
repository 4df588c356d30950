/**
 * The one error the byte parsers throw (STYLE.md: parsers check every length before they read).
 * Callers turn `code` into a sentence in the user's language; the message is for logs only and
 * never quotes packet content.
 */
import type { FileKindType } from '../../../shared/trace/trace-messages.js';

export type TraceErrorCodeType =
  | 'empty'
  | 'not-a-capture'
  | 'bad-header'
  | 'bad-block'
  | 'too-large'
  | 'malformed'
  /** A payload whose first line is not SIP's: someone else's protocol, not a broken SIP message. */
  | 'not-sip';

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    readonly code: TraceErrorCodeType,
    /** Byte offset in the file where reading stopped. */
    readonly offset: number,
    message: string,
    /** For 'not-a-capture': what the file's first bytes say it is instead. */
    readonly fileKind: FileKindType = 'unknown',
  ) {
    super(message);
  }
}
