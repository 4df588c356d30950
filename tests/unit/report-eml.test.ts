import { describe, it, expect, beforeAll } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { buildReportEml } from '../../electron/engine/report/eml.js';
import { buildReportPdf } from '../../electron/engine/report/pdf.js';
import { renderReportText } from '../../shared/report/report-text.js';
import { notHotlineReportFixture, reportModelFixture } from './fixtures/report-model.js';

const date = new Date('2026-11-27T13:30:00.000Z');
let pdf: Buffer;
beforeAll(async () => {
  pdf = await buildReportPdf(reportModelFixture(), []);
});

const headerText = (raw: Buffer): string => raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');

describe('buildReportEml', () => {
  it('builds a draft that parses back with subject, X-Unsent, recipient, body and the PDF byte for byte', async () => {
    const model = reportModelFixture();
    const trace = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 13) % 256));
    const raw = await buildReportEml({
      model,
      to: 'stoerung@starface.example',
      pdf: { fileName: 'Stoerungsmeldung-2026-11-27-1430.pdf', content: pdf },
      extraAttachments: [
        { fileName: 'Mitschnitt.pcapng', content: trace, mimeType: 'application/octet-stream', description: 'SIP' },
        { fileName: 'pbx.log', content: 'line one\nline two\r\nline three\n', mimeType: 'text/plain', description: 'PBX-Log' },
      ],
      date,
    });
    const mail: ParsedMail = await simpleParser(raw);

    expect(mail.subject).toBe(reportModelFixture().subject);
    expect(mail.headers.get('x-unsent')).toBe('1');
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value.map((a) => a.address)).toEqual(['stoerung@starface.example']);
    expect(mail.date?.toISOString()).toBe(date.toISOString());

    for (const needle of ['Müller Straßenbau GmbH', 'Jürgen Weiß', model.verdict.headline, model.checklist.steps[0]?.question ?? 'missing', model.meta.caseId]) {
      expect(mail.text).toContain(needle);
    }

    expect(mail.attachments.map((a) => a.filename)).toEqual(['Stoerungsmeldung-2026-11-27-1430.pdf', 'Mitschnitt.pcapng', 'pbx.log']);
    const [pdfPart, tracePart, logPart] = mail.attachments;
    expect(pdfPart?.contentType).toBe('application/pdf');
    expect(pdfPart?.content.equals(pdf)).toBe(true);
    expect(tracePart?.content.equals(trace)).toBe(true);
    // mixed line endings survive because every attachment is base64, never re-encoded text
    expect(logPart?.content.equals(Buffer.from('line one\nline two\r\nline three\n'))).toBe(true);
  });

  it('writes RFC 5322 lines: CRLF only, none longer than 998 octets, subject encoded as UTF-8', async () => {
    const raw = await buildReportEml({ model: reportModelFixture(), to: 'a@example.com', pdf: { fileName: 'r.pdf', content: pdf }, date });
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(Math.max(...text.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(headerText(raw)).toMatch(/^Subject: =\?UTF-8\?[QB]\?/im);
    expect(headerText(raw)).toMatch(/^X-Unsent: 1$/m);
  });

  it('puts the against-the-verdict confirmation into the body and says so in the subject', async () => {
    const model = notHotlineReportFixture();
    const mail = await simpleParser(await buildReportEml({ model, to: 'a@example.com', pdf: { fileName: 'r.pdf', content: pdf }, date }));
    expect(mail.text).toContain(model.againstVerdict ?? 'missing');
    expect(mail.subject).toContain('GEGEN PRÜFERGEBNIS');
  });

  it('keeps an attached e-mail (message/rfc822) with bare LFs byte for byte', async () => {
    const forwarded = Buffer.from('From: a@example.com\nSubject: Test\n\nKörper\n');
    const raw = await buildReportEml({
      model: reportModelFixture(),
      to: 'a@example.com',
      pdf: { fileName: 'r.pdf', content: pdf },
      extraAttachments: [{ fileName: 'provider.eml', content: forwarded, mimeType: 'message/rfc822', description: '' }],
      date,
    });
    const mail = await simpleParser(raw);
    const part = mail.attachments.find((a) => a.filename === 'provider.eml');
    expect(part?.content.equals(forwarded)).toBe(true);
  });

  it('refuses a recipient with a line break instead of guessing what was meant', async () => {
    const build = buildReportEml({ model: reportModelFixture(), to: 'a@example.com\r\nBcc: evil@example.com', pdf: { fileName: 'r.pdf', content: pdf }, date });
    await expect(build).rejects.toThrow(RangeError);
  });

  it('cannot be made to add headers through the subject or a file name', async () => {
    const model = reportModelFixture({ subject: 'Störung\r\nBcc: evil@example.com' });
    const raw = await buildReportEml({
      model,
      to: 'hotline@example.com',
      pdf: { fileName: 'r.pdf\r\nX-Evil: 1', content: pdf },
      extraAttachments: [{ fileName: 'log.txt\nBcc: evil@example.com', content: 'x', mimeType: 'text/plain', description: '' }],
      date,
    });
    const head = headerText(raw);
    expect(head).not.toMatch(/^Bcc:/im);
    expect(head).not.toMatch(/^X-Evil:/im);
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe('Störung Bcc: evil@example.com');
  });

  it('leaves To out when no recipient is set, and keeps the host name out of the Message-ID', async () => {
    const raw = await buildReportEml({ model: reportModelFixture(), to: '  ', pdf: { fileName: 'r.pdf', content: pdf }, date });
    const mail = await simpleParser(raw);
    expect(mail.to).toBeUndefined();
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@starface-triage\.invalid>$/);
  });
});

describe('renderReportText', () => {
  it('lists every field with "—" for empty values and every checklist answer', () => {
    const model = reportModelFixture();
    const text = renderReportText(model);
    expect(text).toContain('Firma: Müller Straßenbau GmbH');
    expect(text).toContain('Vorname Nachname: Jürgen Weiß');
    expect(text).toContain('Serverlizenz der Anlage: —');
    expect(text).toContain('1. Sind im PBX-Log der Cloud');
    expect(text).toContain('   Antwort: Nicht geprüft');
    expect(text).toContain('   Notiz: Peer 2456.WinClient seit 09:14 Uhr wiederholt UNREACHABLE.');
    expect(text).toContain(`Fall-ID: ${model.meta.caseId}`);
    expect(text).not.toContain('!!');
  });

  it('leads with the warning when the export goes against the verdict', () => {
    const model = notHotlineReportFixture();
    expect(renderReportText(model).split('\n').slice(0, 4).join('\n')).toContain(`!! ${model.againstVerdict}`);
  });

  it('drops control characters and repairs lone surrogates', () => {
    const base = reportModelFixture();
    const text = renderReportText({ ...base, description: { heading: 'Beschreibung', text: 'a\u0000b\u001bc\u0007d\r\ne\uD800f' } });
    expect(text).toContain('abcd\ne\uFFFDf');
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
