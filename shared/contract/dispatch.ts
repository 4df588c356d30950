import { contract, type HandlersType } from './contract.js';
import { ContractError, type EnvelopeType } from './errors.js';
import { METHOD_NAMES, type MethodNameType } from './methods.js';

export function isMethodName(name: unknown): name is MethodNameType {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

function issuesText(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * The receiving side of every front end: validate the method name and payload, run the handler,
 * validate what it returns, and wrap it all in an envelope. Never throws.
 */
export async function dispatch(
  handlers: HandlersType,
  method: unknown,
  payload: unknown,
  onUnexpected: (method: string, error: unknown) => void = () => {},
): Promise<EnvelopeType> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'invalid-request', detail: `unknown method ${String(method).slice(0, 80)}` } };
  }
  const spec = contract[method];
  const request = spec.request.safeParse(payload ?? {});
  if (!request.success) {
    return { ok: false, error: { code: 'invalid-request', detail: issuesText(request.error) } };
  }
  try {
    const handler = handlers[method] as (req: unknown) => Promise<unknown>;
    const raw = await handler(request.data);
    const response = spec.response.safeParse(raw);
    if (!response.success) {
      onUnexpected(method, response.error);
      return { ok: false, error: { code: 'invalid-response', detail: issuesText(response.error) } };
    }
    return { ok: true, value: response.data };
  } catch (error) {
    if (error instanceof ContractError) return { ok: false, error: error.toData() };
    onUnexpected(method, error);
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', detail: detail.slice(0, 2000) } };
  }
}
