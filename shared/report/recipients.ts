import { z } from 'zod';
import { domainToAscii } from './idn.js';

/** One e-mail rule everywhere (form, recipient lines, settings, CLI): zod's. */
const EMAIL = z.email();

/**
 * An address by zod's rule, its domain judged in ASCII form so that an internationalised one
 * (info@müller-technik.de) passes; the address itself is kept as typed.
 */
export function isEmail(value: string): boolean {
  const address = value.trim();
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const domain = domainToAscii(address.slice(at + 1));
  return domain !== null && EMAIL.safeParse(`${address.slice(0, at)}@${domain}`).success;
}

/**
 * A recipient line as people type it: addresses separated by commas or semicolons (Outlook's habit).
 * Every address is kept; `invalid` lists what is not an address, so nothing is dropped silently.
 */
export function parseRecipients(line: string): { addresses: string[]; invalid: string[] } {
  const parts = line.split(/[,;]/).map((p) => p.trim()).filter((p) => p !== '');
  return { addresses: parts.filter(isEmail), invalid: parts.filter((p) => !isEmail(p)) };
}

/** A recipient setting: empty, or addresses separated by commas/semicolons, every one valid. */
export const RecipientLineSchema = z
  .string()
  .max(1000)
  .refine((v) => parseRecipients(v).invalid.length === 0, { message: 'not a list of e-mail addresses' });

/**
 * The partner's reflector as HOST:PORT ("reflector.example.com:3478", "192.0.2.1:3478",
 * "[2001:db8::1]:3478"); null when it is not one.
 */
export function parseReflector(value: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)):(\d{1,5})$/i.exec(value.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2]) as string, port };
}
