import { createRequire } from 'node:module';
import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { cleanText } from '../../../shared/report/report-text.js';
import { coverDocument } from './font-coverage.js';
import { reportDocDefinition, type PdfDocDefinitionType } from './pdf-layout.js';

/** Said on the first page when characters had to be replaced (see font-coverage.ts). */
const FONT_NOTE = {
  de: 'Hinweis: Zeichen, die die PDF-Schrift nicht darstellen kann (z. B. chinesische Schrift, Emoji), sind als [U+…] wiedergegeben. Der Originaltext steht im angehängten Fall (case.json).',
  en: 'Note: characters the PDF font cannot show (e.g. Chinese script, emoji) are given as [U+…]. The original text is in the attached case (case.json).',
} as const;

/** A file that travels with the report: embedded in the PDF and attached to the e-mail draft. */
export interface ReportAttachmentType {
  fileName: string;
  content: Buffer | string;
  mimeType: string;
  description: string;
}

/** The part of pdfkit's document we use after layout: `file()` adds an EmbeddedFiles entry. */
interface PdfKitDocumentType {
  file(
    src: Buffer,
    options: { name: string; type: string; description: string; relationship: string; creationDate: Date; modifiedDate: Date },
  ): unknown;
}

/** The pdfmake 0.3 server singleton (`pdfmake/js/index.js`), typed by reading its source. */
interface PdfMakeServerType {
  setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: PdfDocDefinitionType, options?: Record<string, unknown>): {
    getStream(): Promise<PdfKitDocumentType>;
    getBuffer(): Promise<Buffer>;
  };
}

// createRequire, not `import`: pdfmake is CommonJS without types, and its font files must be found
// through Node's resolution from wherever this module runs (tests from source, app from out/).
const require = createRequire(import.meta.url);
let configured: PdfMakeServerType | null = null;

/**
 * Loads pdfmake once and locks it down. 0.3 exports one shared instance that fetches http(s) URLs
 * and reads any local path a doc definition names (and warns on every call while no policy is
 * set); report text is untrusted, so URLs are refused and only the bundled font files may be read.
 */
function pdfMake(): PdfMakeServerType {
  if (configured !== null) return configured;
  const pdfmake = require('pdfmake') as PdfMakeServerType;
  const font = (file: string): string => require.resolve(`pdfmake/fonts/Roboto/${file}`);
  // Roboto covers Latin-1 and Latin Extended, so ä ö ü Ä Ö Ü ß – — € print as themselves.
  const roboto = {
    normal: font('Roboto-Regular.ttf'),
    bold: font('Roboto-Medium.ttf'),
    italics: font('Roboto-Italic.ttf'),
    bolditalics: font('Roboto-MediumItalic.ttf'),
  };
  const fontFiles = new Set(Object.values(roboto));
  pdfmake.setFonts({ Roboto: roboto });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));
  configured = pdfmake;
  return pdfmake;
}

/**
 * A name a PDF reader can save under: no directories, no control characters, bounded length, and
 * unique, because pdfkit keys the EmbeddedFiles tree by name (a repeated name replaces the first
 * entry). Compared case-insensitively so "Save all" into a Windows folder cannot overwrite either.
 */
function embeddedFileName(fileName: string, index: number, used: Set<string>): string {
  const base = cleanText(fileName).replace(/\n/g, ' ').split(/[/\\]/).pop()?.trim().slice(-120) || `attachment-${index + 1}`;
  let name = base === '.' || base === '..' ? `attachment-${index + 1}` : base;
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const dot = base.lastIndexOf('.');
    name = dot > 0 ? `${base.slice(0, dot)}-${n}${base.slice(dot)}` : `${base}-${n}`;
  }
  used.add(name.toLowerCase());
  return name;
}

/**
 * The PDF fault report: layout from the translated model, Roboto embedded (subset), and every
 * attachment (case JSON, traces, logs) embedded as a real PDF file attachment that `pdfdetach` and
 * PDF readers list, byte for byte.
 */
export async function buildReportPdf(model: ReportModelType, attachments: ReportAttachmentType[]): Promise<Buffer> {
  const definition = reportDocDefinition(model);
  if (coverDocument(definition) > 0) {
    definition.content.unshift({ text: FONT_NOTE[model.language], style: 'cellMuted', margin: [0, 0, 0, 6] });
  }
  const output = pdfMake().createPdf(definition);
  // Attachments go to pdfkit directly, not through the doc definition's `files`: pdfmake 0.3's URL
  // resolver turns a Buffer `src` into undefined and then silently skips every file. getStream()
  // yields the laid-out pdfkit document before it is ended, so files added here land in the output.
  const doc = await output.getStream();
  const used = new Set<string>();
  const now = new Date();
  attachments.forEach((attachment, index) => {
    // Always a Buffer: pdfkit reads a string `src` as a data URL or, worse, as a local file path.
    const raw = attachment.content;
    const content = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    doc.file(content, {
      name: embeddedFileName(attachment.fileName, index, used),
      type: /^[\w.+-]+\/[\w.+-]+$/.test(attachment.mimeType) ? attachment.mimeType : 'application/octet-stream',
      description: cleanText(attachment.description).trim(),
      // "Data": the file is what the visible report was rendered from (PDF 2.0, 14.13.2).
      relationship: 'Data',
      creationDate: now,
      modifiedDate: now,
    });
  });
  return output.getBuffer();
}
