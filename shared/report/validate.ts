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
  | 'cloud-name-not-starface'
  | 'licence-or-order-required'
  | 'description-too-short';

// Local part and domain as people type them; IDN domains (müller.de) are allowed.
const EMAIL = /^(?!\.)(?!.*\.\.)[^\s@"(),:;<>[\\\]]{1,64}(?<!\.)@(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

/**
 * Phone numbers as written in DE/AT/CH: "+49 721 50959 580", "0049 (0)721/50959-580",
 * "0721 50959580", "+41 61 563 06 08". Separators are spaces, "/", "-", "." and parentheses;
 * a "(0)" after the country code is the customary trunk-prefix hint and is dropped.
 */
export function normalizePhone(input: string): { ok: true; e164OrNational: string } | { ok: false; code: 'phone-invalid' | 'phone-too-short' } {
  const trimmed = input.trim();
  if (!/^\+?[\d\s/().-]+$/.test(trimmed)) return { ok: false, code: 'phone-invalid' };
  const withoutTrunkHint = trimmed.replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2');
  const compact = withoutTrunkHint.replace(/[\s/().-]/g, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.replace(/\D/g, '');
  if (!international && !digits.startsWith('0')) return { ok: false, code: 'phone-invalid' };
  const significant = international ? digits.replace(/^00/, '') : digits;
  // No country code starts with 0: "+0…", "0000…" are placeholders, not numbers.
  if (international && significant.startsWith('0')) return { ok: false, code: 'phone-invalid' };
  if (significant.length < (international ? 8 : 6)) return { ok: false, code: 'phone-too-short' };
  if (significant.length > 15) return { ok: false, code: 'phone-invalid' };
  return { ok: true, e164OrNational: international ? `+${significant}` : digits };
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
  if (required('email', r.email) && !EMAIL.test(r.email.trim())) error('email', 'email-invalid');
  if (required('phone', r.phone)) {
    const phone = normalizePhone(r.phone);
    if (!phone.ok) error('phone', phone.code);
  }
  if (!r.role) error('role', 'required');
  if (!r.service) error('service', 'required');
  if (r.service === 'other') required('serviceOther', r.serviceOther);
  if (r.service === 'cloud' && required('cloudName', r.cloudName)) {
    const host = cleanCloudName(r.cloudName);
    if (!isHostName(host)) error('cloudName', 'cloud-name-invalid');
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
