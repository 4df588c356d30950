import { domainToASCII } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildReportEml } from '../../electron/engine/report/eml.js';
import { ReportFieldsSchema } from '../../shared/model/case.js';
import { domainToAscii, punycodeEncode } from '../../shared/report/idn.js';
import { isEmail, parseRecipients, RecipientLineSchema } from '../../shared/report/recipients.js';
import { validateReport } from '../../shared/report/validate.js';
import { reportModelFixture } from './fixtures/report-model.js';

/**
 * Issue 9 §4 (e-mail): one rule everywhere (zod's), internationalised domain names accepted – the
 * domain is judged in its ASCII form, the address kept as typed – and a recipient line with two
 * addresses keeps both, up to the e-mail draft.
 */
describe('internationalised domain names', () => {
  it('Punycode as RFC 3492 gives it (its sample "bücher" and the empty basic part)', () => {
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('münchen')).toBe('mnchen-3ya');
    expect(punycodeEncode('日本語')).toBe('wgv71a119e');
  });

  it.each(['müller-technik.de', 'Müller-Technik.DE', 'bücher.example', 'straße.de', 'zürich.ch', 'café.fr', 'пример.рф', 'ελληνικά.gr', '日本語.jp', 'xn--mller-technik-wob.de', 'example.com'])(
    '%s turns into the same ASCII form as node:url’s domainToASCII',
    (domain) => {
      expect(domainToAscii(domain)).toBe(domainToASCII(domain));
    },
  );

  it('refuses what is no host name: empty labels, hyphens at a label’s ends, symbols', () => {
    for (const bad of ['müller..de', '.müller.de', '-müller.de', 'müller-.de', 'mü☃ller.de', `${'ü'.repeat(70)}.de`]) expect(domainToAscii(bad), bad).toBeNull();
  });
});

describe('one e-mail rule, IDN included', () => {
  it.each(['info@müller-technik.de', 'Info@Müller-Technik.DE', 'kontakt@bücher.example', 'it@zürich.ch', 'anna.schmidt+stoerung@example.com', 'info@xn--mller-technik-wob.de'])('accepts %s', (address) => {
    expect(isEmail(address)).toBe(true);
    expect(isEmail(` ${address} `)).toBe(true);
  });

  it.each(['info@müller', 'info@müller..de', 'info@-müller.de', '@müller-technik.de', 'info müller@example.de', 'info@@müller.de', 'info@müller-technik.de>', 'Max Muster'])('refuses %j', (address) => {
    expect(isEmail(address)).toBe(false);
  });

  it('the report form accepts an IDN address and keeps the user’s spelling', () => {
    const report = ReportFieldsSchema.parse({ email: 'info@müller-technik.de' });
    expect(validateReport(report).filter((i) => i.field === 'email')).toEqual([]);
    expect(report.email).toBe('info@müller-technik.de');
  });

  it('a recipient line with two addresses keeps both, in order and as typed', () => {
    expect(parseRecipients('info@müller-technik.de; it@praxis.example')).toEqual({ addresses: ['info@müller-technik.de', 'it@praxis.example'], invalid: [] });
    expect(parseRecipients('info@müller-technik.de,it@praxis.example')).toEqual({ addresses: ['info@müller-technik.de', 'it@praxis.example'], invalid: [] });
    expect(RecipientLineSchema.safeParse('info@müller-technik.de; it@praxis.example').success).toBe(true);
    expect(parseRecipients('info@müller-technik.de; it@praxis')).toEqual({ addresses: ['info@müller-technik.de'], invalid: ['it@praxis'] });
  });

  it('the e-mail draft carries both recipients of the line, the IDN one deliverable', async () => {
    const to = parseRecipients('info@müller-technik.de; it@praxis.example').addresses.join(', ');
    const raw = await buildReportEml({ model: reportModelFixture(), to, pdf: { fileName: 'r.pdf', content: Buffer.from('%PDF-1.4\n') }, date: new Date('2026-11-27T13:30:00.000Z') });
    const mail = await simpleParser(raw);
    const parsed = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
    const addresses = parsed.map((a) => a.address ?? '');
    expect(addresses).toHaveLength(2);
    expect(addresses[1]).toBe('it@praxis.example');
    // The header holds the domain in its ASCII form, which every mail server takes; read back, it is
    // the user's spelling again.
    expect(addresses[0]).toBe('info@müller-technik.de');
    expect(raw.toString('latin1')).toContain('\r\nTo: info@xn--mller-technik-wob.de, it@praxis.example\r\n');
  });
});
