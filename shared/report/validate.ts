import { normalizePhone } from './phone.js';
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
export { formatPhone, normalizePhone, PHONE_REGIONS, preferredPhoneRegion } from './phone.js';

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
