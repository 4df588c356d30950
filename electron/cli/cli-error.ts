/** A failure the CLI reports in one line in the user's language; `code` 'usage' exits 2 like any other. */
export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}
