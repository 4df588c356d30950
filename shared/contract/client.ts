import { contract, type ApiType } from './contract.js';
import { ContractError, EnvelopeSchema } from './errors.js';
import { METHOD_NAMES, type MethodNameType } from './methods.js';

/**
 * Carries one call to the engine and returns its envelope (still unknown: it is parsed here).
 * `timeoutMs` lets a transport drop what it keeps for the call once the client gave up on it.
 */
export type TransportType = (method: MethodNameType, request: unknown, timeoutMs: number) => Promise<unknown>;

// shared/ compiles without DOM or Node types; both hosts (browser, Node) have these timers.
declare const setTimeout: (callback: () => void, ms: number) => unknown;
declare const clearTimeout: (handle: unknown) => void;

/** No call of the contract takes this long when the engine is well (a PDF takes about a second). */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number, method: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ContractError('timeout', `${method}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One call's answer as the client takes it: within its time limit, an envelope, a value that
 * holds to the method's response schema; else a ContractError. Shared by every call of
 * createClient and by transports' own ways to send a request (a file slice as a binary frame).
 */
export async function answerOf<M extends MethodNameType>(method: M, sent: Promise<unknown>, timeoutMs: number): Promise<unknown> {
  let raw: unknown;
  try {
    raw = await withTimeout(sent, timeoutMs, method);
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw new ContractError('unavailable', error instanceof Error ? error.message : String(error));
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractError('invalid-response', 'malformed envelope');
  if (!envelope.data.ok) throw new ContractError(envelope.data.error.code, envelope.data.error.detail);
  const value = contract[method].response.safeParse(envelope.data.value);
  if (!value.success) throw new ContractError('invalid-response', value.error.message);
  return value.data;
}

/**
 * Builds the renderer's API over any transport (Electron preload, WebSocket). Requests are checked
 * before they leave and responses when they arrive, so both ends hold to the same schemas; a call
 * without an answer within its time limit (default 30 s, per method overridable) fails 'timeout'.
 */
export function createClient(transport: TransportType, timeouts: Partial<Record<MethodNameType, number>> = {}): ApiType {
  const api: Partial<Record<MethodNameType, (request: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (request: unknown) => {
      const checked = contract[method].request.safeParse(request ?? {});
      if (!checked.success) throw new ContractError('invalid-request', checked.error.message);
      // Every call has a time limit: a reply that never comes must not leave the user waiting.
      const timeoutMs = timeouts[method] ?? DEFAULT_CALL_TIMEOUT_MS;
      return answerOf(method, transport(method, checked.data, timeoutMs), timeoutMs);
    };
  }
  return api as ApiType;
}
