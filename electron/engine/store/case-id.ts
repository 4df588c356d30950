import { randomBytes } from 'node:crypto';
import { ContractError } from '../../../shared/contract/errors.js';
import { CaseSchema } from '../../../shared/model/case.js';

/**
 * `<ms since epoch, base36, 9 digits>-<40 random bits, base36, 8 digits>`, e.g. `0mhx3k2p1-4f0zq8ad`.
 * Fixed widths keep ids sorting by creation time as plain strings (9 digits last until year 5188);
 * the random part keeps two cases created in the same millisecond, or on two machines, apart.
 */
export function newCaseId(now: Date): string {
  const time = Math.max(0, now.getTime()).toString(36).padStart(9, '0');
  const random = randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, '0');
  return `${time}-${random}`;
}

/**
 * Every id is checked against the schema's `^[a-z0-9-]{8,64}$` before it becomes part of a path:
 * no separators, no dots, so `..`, absolute paths and temp/staging names can't be addressed.
 */
export function assertCaseId(id: unknown): string {
  const parsed = CaseSchema.shape.id.safeParse(id);
  if (!parsed.success) {
    throw new ContractError('invalid-request', `invalid case id ${JSON.stringify(String(id).slice(0, 80))}`);
  }
  return parsed.data;
}

export function isCaseId(name: string): boolean {
  return CaseSchema.shape.id.safeParse(name).success;
}
