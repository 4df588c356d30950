import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PHONE_METADATA_DACH } from '../../shared/report/phone-metadata-dach.js';
import { formatPhone, normalizePhone, validateReport } from '../../shared/report/validate.js';
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
  it('the DE/AT/CH plans are libphonenumber-js’s current full ones (run scripts/phone-metadata.js after an update)', () => {
    const max = require('libphonenumber-js/metadata.max.json') as { countries: Record<string, unknown> };
    expect(PHONE_METADATA_DACH).toEqual({ DE: max.countries.DE, AT: max.countries.AT, CH: max.countries.CH });
  });

  it('refuses the issue’s examples and accepts a number with a remark', () => {
    expect(normalizePhone('+999 12345678')).toEqual({ ok: false, code: 'phone-invalid' });
    expect(normalizePhone('0()()()()12345')).toEqual({ ok: false, code: 'phone-invalid' });
    expect(formatPhone('0721-1234567 (Zentrale)')).toBe('+49 721 1234567 (Zentrale)');
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
