/**
 * The one error the byte parsers throw (STYLE.md: parsers check every length before they read).
 * Callers turn `code` into a sentence in the user's language; the message is for logs only and
 * never quotes packet content.
 */
export type TraceErrorCodeType =
  | 'empty'
  | 'not-a-capture'
  | 'bad-header'
  | 'bad-block'
  | 'too-large'
  | 'malformed';

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    readonly code: TraceErrorCodeType,
    /** Byte offset in the file where reading stopped. */
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
