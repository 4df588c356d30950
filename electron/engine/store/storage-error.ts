import { ContractError } from '../../../shared/contract/errors.js';
import { errorCode } from './atomic-write.js';

/**
 * A file system failure as the contract's error: a full disk says so and names the folder (the UI
 * says "Kein Speicherplatz mehr auf …"), everything else is 'io' with the system's reason.
 * ContractErrors pass through untouched.
 */
export function storageError(error: unknown, where: string): ContractError {
  if (error instanceof ContractError) return error;
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ContractError('disk-full', where);
  return new ContractError('io', (error instanceof Error ? error.message : String(error)).slice(0, 2000));
}
