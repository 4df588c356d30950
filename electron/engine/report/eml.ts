import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { cleanText, renderReportText } from '../../../shared/report/report-text.js';
import type { ReportAttachmentType } from './pdf.js';

export interface ReportEmlInputType {
  model: ReportModelType;
  /** The hotline's (or the partner's) address; empty leaves the To line for the user to fill. */
  to: string;
  pdf: { fileName: string; content: Buffer };
  extraAttachments?: ReportAttachmentType[];
  date: Date;
}

/** Subject and file names come from user input; a line break there would start a new header. */
function singleLine(value: string): string {
  return cleanText(value).replace(/\n+/g, ' ').trim();
}

/**
 * The e-mail draft (RFC 5322 / MIME) the default mail client opens: plain-text body rendered by the
 * same `renderReportText` as "Text kopieren", the PDF and any traces attached as base64 parts so
 * they arrive byte for byte. `X-Unsent: 1` makes Outlook open the file as an editable draft instead
 * of a received message. There is no From: the user's mail client fills in the sending account.
 */
export async function buildReportEml(input: ReportEmlInputType): Promise<Buffer> {
  // Flattening a multi-line recipient would turn "a@b\r\nBcc: c@d" into a strange group address;
  // a broken recipient setting is the caller's to report, not ours to guess.
  if (/[\u0000-\u001f\u007f]/.test(input.to)) throw new RangeError('buildReportEml: the recipient must be one line of addresses');
  const to = input.to.trim();
  const attachments = [
    { filename: singleLine(input.pdf.fileName), content: input.pdf.content, contentType: 'application/pdf' },
    ...(input.extraAttachments ?? []).map((attachment) => ({
      filename: singleLine(attachment.fileName).split(/[/\\]/).pop() || 'attachment',
      content: typeof attachment.content === 'string' ? Buffer.from(attachment.content, 'utf8') : attachment.content,
      contentType: attachment.mimeType,
    })),
  ].map((attachment) => ({
    ...attachment,
    // base64 for every part. nodemailer would send a message/* part (e.g. an imported .eml) as
    // 7bit/8bit text, whose bare LFs the CRLF transform below rewrites; the hotline needs exact bytes.
    contentTransferEncoding: 'base64' as const,
    contentDisposition: 'attachment',
  }));

  const composer = new MailComposer({
    ...(to === '' ? {} : { to }),
    subject: singleLine(input.model.subject),
    date: input.date,
    // Our own id instead of nodemailer's default, which would carry this laptop's host name.
    messageId: `<${randomUUID()}@starface-triage.invalid>`,
    headers: { 'X-Unsent': '1' },
    text: renderReportText(input.model),
    attachments,
    // The content is given in full; nothing here may make the composer read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    // RFC 5322 section 2.1: lines end in CRLF.
    newline: 'windows',
  });
  return composer.compile().build();
}
