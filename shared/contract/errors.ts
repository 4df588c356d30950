import { z } from 'zod';

/** Error codes a call can fail with; front ends turn them into a sentence in the user's language. */
export const ErrorCodeSchema = z.enum([
  'invalid-request',
  'invalid-response',
  'not-found',
  'corrupt-case',
  /** The case was written by a newer version of the app; it is left unchanged. */
  'newer-version',
  'io',
  /** No space left where the data folder lives (ENOSPC, EDQUOT); detail names the folder. */
  'disk-full',
  'report-incomplete',
  'not-hotline-unconfirmed',
  'unavailable',
  /** No answer within the call's time limit. */
  'timeout',
  /** Too many jobs running at once: wait for one to end or cancel one. */
  'busy',
  'internal',
]);
export type ErrorCodeType = z.infer<typeof ErrorCodeSchema>;

export const ContractErrorSchema = z.object({
  code: ErrorCodeSchema,
  /** Technical detail for the log line and the "Details" toggle; never a stack trace. */
  detail: z.string().max(2000).default(''),
});
export type ContractErrorDataType = z.infer<typeof ContractErrorSchema>;

export class ContractError extends Error {
  readonly code: ErrorCodeType;
  readonly detail: string;
  constructor(code: ErrorCodeType, detail = '') {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ContractError';
    this.code = code;
    this.detail = detail;
  }
  toData(): ContractErrorDataType {
    return { code: this.code, detail: this.detail };
  }
}

/** `{ok: true, value} | {ok: false, error}`: what crosses every boundary. */
export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }),
]);
export type EnvelopeType = z.infer<typeof EnvelopeSchema>;
