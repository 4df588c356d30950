import { contract, type ApiType } from './contract.js';
import { ContractError, EnvelopeSchema } from './errors.js';
import { METHOD_NAMES, type MethodNameType } from './methods.js';

/** Carries one call to the engine and returns its envelope (still unknown: it is parsed here). */
export type TransportType = (method: MethodNameType, request: unknown) => Promise<unknown>;

/**
 * Builds the renderer's API over any transport (Electron preload, WebSocket). Requests are checked
 * before they leave and responses when they arrive, so both ends hold to the same schemas.
 */
export function createClient(transport: TransportType): ApiType {
  const api: Partial<Record<MethodNameType, (request: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (request: unknown) => {
      const spec = contract[method];
      const checked = spec.request.safeParse(request ?? {});
      if (!checked.success) throw new ContractError('invalid-request', checked.error.message);
      let raw: unknown;
      try {
        raw = await transport(method, checked.data);
      } catch (error) {
        throw new ContractError('unavailable', error instanceof Error ? error.message : String(error));
      }
      const envelope = EnvelopeSchema.safeParse(raw);
      if (!envelope.success) throw new ContractError('invalid-response', 'malformed envelope');
      if (!envelope.data.ok) throw new ContractError(envelope.data.error.code, envelope.data.error.detail);
      const value = spec.response.safeParse(envelope.data.value);
      if (!value.success) throw new ContractError('invalid-response', value.error.message);
      return value.data;
    };
  }
  return api as ApiType;
}
