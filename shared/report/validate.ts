import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/metadata.min';
import { PHONE_METADATA_DACH } from './phone-metadata-dach.js';
import { isEmail } from './recipients.js';
import type { ReportFieldsType } from '../model/case.js';

export type ReportFieldKeyType = keyof ReportFieldsType;

/** One problem with a report field; `code` is translated by the UI (messages.ts, `validation`). */
export interface ReportIssueType {
  field: ReportFieldKeyType;
  code: ReportIssueCodeType;
  severity: 'error' | 'warning';
}

export type ReportIssueCodeType =
  | 'required'
  | 'email-invalid'
  | 'phone-invalid'
  | 'phone-too-short'
  | 'cloud-name-invalid'
  | 'cloud-name-no-domain'
  | 'cloud-name-characters'
  | 'cloud-name-not-starface'
  | 'licence-or-order-required'
  | 'description-too-short';

export { isEmail, parseRecipients } from './recipients.js';

/** The regions a national number (leading 0) is read in, in this order: the app's users are in DE, AT and CH. */
export const PHONE_REGIONS = ['DE', 'AT', 'CH'] as const;

/** A trailing remark such as "(Zentrale)" or "(mobil)": kept, printed after the number. */
const REMARK = /\s*\(([^()\d]*\p{L}[^()\d]*)\)\s*$/u;

/**
 * The world's numbering plans in libphonenumber-js's small form (country codes, lengths), with the
 * exact plans of DE, AT and CH: the small form checks only lengths, so "01 235008080" (Vienna)
 * passed as German. The whole exact metadata would add ~67 KB gzipped to the renderer.
 */
const PHONE_METADATA = { ...minMetadata, countries: { ...minMetadata.countries, ...PHONE_METADATA_DACH } } as MetadataJson;

export type PhoneResultType = { ok: true; international: string; remark: string } | { ok: false; code: 'phone-invalid' | 'phone-too-short' };

/**
 * Phone numbers as written in DE/AT/CH ("+49 721 50959 580", "0049 (0)721/50959-580",
 * "0721-1234567 (Zentrale)"), checked against libphonenumber-js's numbering plans and returned in
 * international form. A national number is read as German, Austrian, then Swiss. Punctuation must
 * separate digits: "0()()()()12345" is not a number, whatever digits are left.
 */
export function normalizePhone(input: string): PhoneResultType {
  const trimmed = input.trim();
  const remark = REMARK.exec(trimmed);
  const number = remark ? trimmed.slice(0, remark.index).trim() : trimmed;
  if (!/^\+?[\d\s/().-]+$/.test(number)) return { ok: false, code: 'phone-invalid' };
  // Only "(0)" after a country code and an area code like "(0721)" may stand in parentheses.
  const withoutTrunkHint = number.replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2');
  if (/\((?!\d+\))|[/.-]\s*[/.-]|\)\s*\(/.test(withoutTrunkHint)) return { ok: false, code: 'phone-invalid' };
  const compact = withoutTrunkHint.replace(/[\s/().-]/g, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  if (!international && !compact.startsWith('0')) return { ok: false, code: 'phone-invalid' };
  const e164 = international ? `+${compact.replace(/^(\+|00)/, '')}` : compact;
  // No country code starts with 0: "+0…", "0000…" are placeholders, not numbers.
  if (international && e164.startsWith('+0')) return { ok: false, code: 'phone-invalid' };
  if (e164.replace(/\D/g, '').length < 7) return { ok: false, code: 'phone-too-short' };
  for (const region of international ? [undefined] : PHONE_REGIONS) {
    const parsed = parsePhoneNumberFromString(e164, region === undefined ? {} : { defaultCountry: region }, PHONE_METADATA);
    if (parsed && parsed.isValid() && parsed.nationalNumber.length >= 6) {
      return { ok: true, international: parsed.formatInternational(), remark: remark?.[1]?.trim() ?? '' };
    }
  }
  return { ok: false, code: 'phone-invalid' };
}

/** A phone number as printed in the report: international form, the remark kept; as typed when it is not a number. */
export function formatPhone(input: string): string {
  const phone = normalizePhone(input);
  if (!phone.ok) return input.trim();
  return phone.remark ? `${phone.international} (${phone.remark})` : phone.international;
}

/** A DNS host name (RFC 1123 labels), as typed in a browser bar: no scheme, path or port. */
export function isHostName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

/** Strips what people paste along with a cloud name: scheme, path, trailing dot. */
export function cleanCloudName(value: string): string {
  return value.trim().replace(/^https?:\/\//i, '').replace(/[/?#].*$/, '').replace(/:\d{1,5}$/, '').replace(/\.$/, '').toLowerCase();
}

/** What is wrong with a typed cloud name that is not a host name: no domain, stray characters, or the rest. */
function cloudNameProblem(host: string): ReportIssueCodeType {
  if (host === '') return 'cloud-name-invalid';
  if (/[^a-z0-9.-]/i.test(host)) return 'cloud-name-characters';
  if (!host.includes('.')) return 'cloud-name-no-domain';
  return 'cloud-name-invalid';
}

/** Validates the guide's report fields ("Was muss die Störungsmeldung enthalten?"). */
export function validateReport(r: ReportFieldsType): ReportIssueType[] {
  const issues: ReportIssueType[] = [];
  const error = (field: ReportFieldKeyType, code: ReportIssueCodeType) => issues.push({ field, code, severity: 'error' });
  const required = (field: ReportFieldKeyType, value: string) => {
    if (!value.trim()) error(field, 'required');
    return value.trim() !== '';
  };
  required('company', r.company);
  required('firstName', r.firstName);
  required('lastName', r.lastName);
  if (required('email', r.email) && !isEmail(r.email)) error('email', 'email-invalid');
  if (required('phone', r.phone)) {
    const phone = normalizePhone(r.phone);
    if (!phone.ok) error('phone', phone.code);
  }
  if (!r.role) error('role', 'required');
  if (!r.service) error('service', 'required');
  if (r.service === 'other') required('serviceOther', r.serviceOther);
  if (r.service === 'cloud' && required('cloudName', r.cloudName)) {
    const host = cleanCloudName(r.cloudName);
    if (!isHostName(host)) error('cloudName', cloudNameProblem(host));
    else if (!host.endsWith('.starface-cloud.com')) issues.push({ field: 'cloudName', code: 'cloud-name-not-starface', severity: 'warning' });
  }
  if (r.service === 'connect') required('serverLicence', r.serverLicence);
  if (r.service === 'dsl' && !r.serverLicence.trim() && !r.dslOrderNumber.trim()) error('serverLicence', 'licence-or-order-required');
  if (required('description', r.description) && r.description.trim().length < 20) error('description', 'description-too-short');
  return issues;
}

export function hasBlockingIssues(issues: readonly ReportIssueType[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
