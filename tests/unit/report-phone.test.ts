import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PHONE_CALLING_CODES, PHONE_METADATA_EUROPE } from '../../shared/report/phone-metadata.js';
import { formatPhone, normalizePhone, preferredPhoneRegion, validateReport } from '../../shared/report/validate.js';
import { ReportFieldsSchema } from '../../shared/model/case.js';

const require = createRequire(import.meta.url);

/** A seeded generator, so a failure names a reproducible number. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('phone numbers (libphonenumber-js, DE/AT/CH exact)', () => {
  it('the plans are libphonenumber-js’s current ones: DE/AT/CH full, the rest of Europe small, every calling code (run scripts/phone-metadata.js after an update)', () => {
    const max = require('libphonenumber-js/metadata.max.json') as { countries: Record<string, unknown> };
    const min = require('libphonenumber-js/metadata.min.json') as { countries: Record<string, unknown>; country_calling_codes: Record<string, string[]> };
    const countries = PHONE_METADATA_EUROPE.countries as Record<string, unknown>;
    for (const c of ['DE', 'AT', 'CH']) expect(countries[c]).toEqual(max.countries[c]);
    for (const c of ['FR', 'IT', 'PL', 'NL', 'CZ', 'LI', 'GB']) expect(countries[c]).toEqual(min.countries[c]);
    expect(countries.US).toBeUndefined();
    for (const code of Object.keys(min.country_calling_codes)) expect(PHONE_CALLING_CODES).toContain(code);
  });

  it('a number from outside Europe is checked as E.164 (a real calling code, 8 to 15 digits); one from Europe by its plan', () => {
    expect(normalizePhone('+1 212 555 0123')).toMatchObject({ ok: true, international: '+1 2125550123' });
    expect(normalizePhone('+81 3-1234-5678')).toMatchObject({ ok: true, international: '+81 312345678' });
    expect(normalizePhone('+1 212')).toEqual({ ok: false, code: 'phone-too-short' });
    expect(normalizePhone('+1 2125550123456789')).toEqual({ ok: false, code: 'phone-invalid' });
    expect(normalizePhone('+48 512 345 678')).toMatchObject({ ok: true, international: '+48 512 345 678' });
    expect(normalizePhone('+48 12')).toMatchObject({ ok: false });
    expect(normalizePhone('+33 1 234 567')).toEqual({ ok: false, code: 'phone-invalid' });
  });

  it('refuses the issue’s examples and accepts a number with a remark', () => {
    expect(normalizePhone('+999 12345678')).toEqual({ ok: false, code: 'phone-invalid' });
    expect(normalizePhone('0()()()()12345')).toEqual({ ok: false, code: 'phone-invalid' });
    expect(formatPhone('+49 721-1234567 (Zentrale)', 'de')).toBe('+49 721 1234567 (Zentrale)');
    const report = ReportFieldsSchema.parse({ phone: '0721-1234567 (Zentrale)' });
    expect(validateReport(report).filter((i) => i.field === 'phone')).toEqual([]);
  });

  it('agrees with the full metadata on 2 000 generated numbers in DE/AT/CH, written the ways people write them', () => {
    const next = rng(20261128);
    const separators = [' ', '-', '/', '.', ''];
    const prefixes = { DE: '+49', AT: '+43', CH: '+41' } as const;
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const region = (['DE', 'AT', 'CH'] as const)[Math.floor(next() * 3)] ?? 'DE';
      const digits = Array.from({ length: 6 + Math.floor(next() * 7) }, () => Math.floor(next() * 10)).join('');
      const national = `0${digits.replace(/^0+/, '1')}`;
      const sep = separators[Math.floor(next() * separators.length)] ?? ' ';
      const split = 2 + Math.floor(next() * 3);
      const written = next() < 0.5 ? `${national.slice(0, split)}${sep}${national.slice(split)}` : `${prefixes[region]} ${national.slice(1, split)}${sep}${national.slice(split)}`;
      const ours = normalizePhone(written);
      const international = written.startsWith('+');
      // The reference: the full metadata, trying DE, AT, CH in our order for a national number.
      const reference = (international ? [undefined] : (['DE', 'AT', 'CH'] as const))
        .map((r) => parsePhoneNumberFromString(written.replace(/[/.-]/g, ' '), r === undefined ? {} : { defaultCountry: r }))
        .find((p) => p !== undefined && p.isValid() && p.nationalNumber.length >= 6);
      expect(ours.ok ? ours.international : null, written).toBe(reference ? reference.formatInternational() : null);
      if (ours.ok) accepted++;
    }
    // The generator makes both kinds: valid and invalid numbers.
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(1900);
  });
});

/**
 * Issue 9 §4 (phone numbers): a national number valid in more than one of DE/AT/CH is not printed
 * with a country silently picked. Real examples: the hotline's own Swiss number written nationally
 * (061 563 06 08, Basel – or Bensheim, 06156), Zurich (044 … – or Friedrichsfehn, 04466), Salzburg
 * (0662 … – or Bad Hersfeld, 06621), Innsbruck (0512 … – Hildesheim 05121 or a Swiss 051), and
 * Karlsruhe (0721 … – or an Austrian 07215).
 */
describe('phone numbers valid in more than one of DE/AT/CH', () => {
  it.each([
    ['061 563 06 08', 'DE', '+49 6156 30608', ['CH']],
    ['061 563 06 08', 'CH', '+41 61 563 06 08', ['DE']],
    ['044 668 18 00', 'CH', '+41 44 668 18 00', ['DE']],
    ['0662 123456', 'AT', '+43 662 123456', ['DE']],
    ['0662 123456', 'DE', '+49 6621 23456', ['AT']],
    ['0512 123456', 'AT', '+43 512 123456', ['DE', 'CH']],
    ['0721 1234567', 'DE', '+49 721 1234567', ['AT']],
  ] as const)('%s read in %s first → %s, also valid in %j', (typed, preferred, international, also) => {
    expect(normalizePhone(typed, preferred)).toEqual({ ok: true, international, remark: '', region: preferred, alsoValidIn: also });
  });

  it('a number valid in only one plan is read there, whatever is preferred: nothing to assume', () => {
    expect(normalizePhone('01 235008080', 'CH')).toEqual({ ok: true, international: '+43 1 235008080', remark: '', region: 'AT', alsoValidIn: [] });
    expect(formatPhone('01 235008080', 'de', 'DE')).toBe('+43 1 235008080');
  });

  it('the country code settles it: written with +41 it is Swiss, nothing assumed', () => {
    expect(normalizePhone('+41 61 563 06 08', 'DE')).toEqual({ ok: true, international: '+41 61 563 06 08', remark: '', region: null, alsoValidIn: [] });
    expect(formatPhone('+41 61 563 06 08', 'de', 'DE')).toBe('+41 61 563 06 08');
  });

  it('a number valid in the technician’s own country is read there and printed plainly, though valid elsewhere too', () => {
    expect(formatPhone('061 563 06 08', 'de', 'DE')).toBe('+49 6156 30608');
    expect(formatPhone('061 563 06 08', 'en', 'CH')).toBe('+41 61 563 06 08');
    expect(formatPhone('0721-1234567 (Zentrale)', 'de', 'DE')).toBe('+49 721 1234567 (Zentrale)');
  });

  it('not valid in the own country but in both others: prints what was typed and the country assumed, in the report’s language', () => {
    expect(formatPhone('061 563 06 08', 'de', 'AT')).toBe('061 563 06 08 – angenommen Deutschland: +49 6156 30608');
    expect(formatPhone('061 563 06 08', 'en', 'AT')).toBe('061 563 06 08 – assumed Germany: +49 6156 30608');
    expect(formatPhone('0316 123456', 'de', 'DE')).toBe('0316 123456 – angenommen Österreich: +43 316 123456');
    expect(formatPhone('0721-1234567 (Zentrale)', 'de', 'CH')).toBe('0721-1234567 (Zentrale) – angenommen Deutschland: +49 721 1234567');
  });

  it('prefers the locale’s country (de-AT, de-CH, fr-CH), else Germany: the UI languages name no country', () => {
    expect(preferredPhoneRegion('de-AT')).toBe('AT');
    expect(preferredPhoneRegion('de-CH')).toBe('CH');
    expect(preferredPhoneRegion('fr-CH')).toBe('CH');
    expect(preferredPhoneRegion('de-DE')).toBe('DE');
    expect(preferredPhoneRegion('de')).toBe('DE');
    expect(preferredPhoneRegion('en-US')).toBe('DE');
    expect(preferredPhoneRegion('not a locale')).toBe('DE');
    expect(formatPhone('0662 123456', 'de', preferredPhoneRegion('de-AT'))).toBe('+43 662 123456');
    expect(formatPhone('0662 123456', 'de', preferredPhoneRegion('de-DE'))).toBe('+49 6621 23456');
  });
});
