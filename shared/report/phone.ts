import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import { messages } from '../i18n/messages.js';
import type { LanguageType } from '../model/case.js';
import { PHONE_CALLING_CODES, PHONE_METADATA_EUROPE } from './phone-metadata.js';

/** The regions a national number (leading 0) can be read in: the app's users are in DE, AT and CH. */
export const PHONE_REGIONS = ['DE', 'AT', 'CH'] as const;
export type PhoneRegionType = (typeof PHONE_REGIONS)[number];

/** A trailing remark such as "(Zentrale)" or "(mobil)": kept, printed after the number. */
const REMARK = /\s*\(([^()\d]*\p{L}[^()\d]*)\)\s*$/u;

/**
 * Numbering plans in libphonenumber-js's form: the exact plans of DE, AT and CH (the small form
 * checks only lengths, so "01 235008080" (Vienna) passed as German) and the small ones of the rest
 * of Europe. The world's would add ~19 KB gzipped to the renderer, the whole exact set ~67 KB.
 */
const PHONE_METADATA = PHONE_METADATA_EUROPE as unknown as MetadataJson;

/**
 * A number written with a calling code outside Europe: E.164's shape (a real country calling
 * code, at most 15 digits, at least 8), printed as +CC and the rest; null when it is not that.
 */
function otherCountry(e164: string): string | null {
  const digits = e164.slice(1);
  if (!/^\d{8,15}$/.test(digits)) return null;
  const code = [3, 2, 1].map((n) => digits.slice(0, n)).find((c) => PHONE_CALLING_CODES.includes(c));
  if (code === undefined || PHONE_METADATA_EUROPE.country_calling_codes[code as keyof typeof PHONE_METADATA_EUROPE.country_calling_codes] !== undefined) return null;
  return `+${code} ${digits.slice(code.length)}`;
}

export type PhoneResultType =
  | {
      ok: true;
      international: string;
      remark: string;
      /** The country a national number was read in; null when it was written with its country code. */
      region: PhoneRegionType | null;
      /** Other DE/AT/CH plans the national number is valid in too (then the country was assumed). */
      alsoValidIn: PhoneRegionType[];
    }
  | { ok: false; code: 'phone-invalid' | 'phone-too-short' };

/**
 * The country a national number is read in first. The case carries no country of its own, so the
 * locale's region decides (de-AT → AT; de-CH, fr-CH, it-CH → CH), else Germany: the UI languages
 * (de, en) name no country.
 */
export function preferredPhoneRegion(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): PhoneRegionType {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).region;
  } catch {
    region = undefined;
  }
  return PHONE_REGIONS.find((r) => r === region) ?? 'DE';
}

function validIn(e164: string, region: PhoneRegionType | undefined) {
  const parsed = parsePhoneNumberFromString(e164, region === undefined ? {} : { defaultCountry: region }, PHONE_METADATA);
  return parsed && parsed.isValid() && parsed.nationalNumber.length >= 6 ? parsed : undefined;
}

/**
 * Phone numbers as written in DE/AT/CH ("+49 721 50959 580", "0049 (0)721/50959-580",
 * "0721-1234567 (Zentrale)"), checked against libphonenumber-js's numbering plans and returned in
 * international form. A national number is read in `preferred` first, then the other two; where it
 * is valid in more than one ("061 563 06 08": Bensheim or Basel), `alsoValidIn` says so. Punctuation
 * must separate digits: "0()()()()12345" is not a number, whatever digits are left.
 */
export function normalizePhone(input: string, preferred: PhoneRegionType = 'DE'): PhoneResultType {
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
  const kept = remark?.[1]?.trim() ?? '';
  if (international) {
    const parsed = validIn(e164, undefined);
    const other = parsed ? null : otherCountry(e164);
    if (parsed) return { ok: true, international: parsed.formatInternational(), remark: kept, region: null, alsoValidIn: [] };
    return other !== null ? { ok: true, international: other, remark: kept, region: null, alsoValidIn: [] } : { ok: false, code: 'phone-invalid' };
  }
  const order = [preferred, ...PHONE_REGIONS.filter((r) => r !== preferred)];
  const readings = order.flatMap((region) => {
    const parsed = validIn(e164, region);
    return parsed ? [{ region, international: parsed.formatInternational() }] : [];
  });
  const [first, ...others] = readings;
  if (!first) return { ok: false, code: 'phone-invalid' };
  return { ok: true, international: first.international, remark: kept, region: first.region, alsoValidIn: others.map((o) => o.region) };
}

/**
 * A phone number as printed in the report: international form with the remark kept; as typed when
 * it is not a number. A national number is read in the technician's own country (`preferred`)
 * when it is valid there: most German numbers are valid Austrian ones too, and flagging them all
 * would bury the one that matters. Only a number that is not valid there but in more than one of
 * the other two is never printed as if its country were known: what was typed stays, followed by
 * the country assumed and its reading.
 */
export function formatPhone(input: string, language: LanguageType, preferred: PhoneRegionType = preferredPhoneRegion()): string {
  const phone = normalizePhone(input, preferred);
  if (!phone.ok) return input.trim();
  if (phone.region !== null && phone.region !== preferred && phone.alsoValidIn.length > 0) {
    const x = messages(language).reportExtra;
    return x.phoneAssumed.replace('{typed}', input.trim()).replace('{country}', x.countries[phone.region]).replace('{international}', phone.international);
  }
  return phone.remark ? `${phone.international} (${phone.remark})` : phone.international;
}
