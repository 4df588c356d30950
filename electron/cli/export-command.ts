/**
 * `starface-triage export FILE --out OUT.pcapng [--redact|--no-redact] [--device ADDR] [--dialog CALL-ID]`
 * (issue 8 §3): a capture, all of it or the SIP of some devices/dialogs, written as pcapng,
 * redacted by default. Outside a case the pseudonyms use a key made for this run.
 */
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportFailureText, exportSummaryText } from '../../shared/trace/export-messages.js';
import { traceFailureText } from '../../shared/trace/trace-messages.js';
import { exportCapture, ExportError } from '../engine/trace/export/trace-export.js';
import { newPseudonymKey } from '../engine/trace/export/pseudonyms.js';
import { TraceFormatError } from '../engine/trace/trace-error.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';

const USAGE = 'starface-triage export FILE --out OUT.pcapng [--redact|--no-redact] [--device ADDR] [--dialog CALL-ID]';
const T = {
  de: { usage: `Aufruf: ${USAGE}`, both: `--redact und --no-redact schließen sich aus – Aufruf: ${USAGE}`, same: 'Die Ausgabedatei darf nicht der Mitschnitt selbst sein.' },
  en: { usage: `Usage: ${USAGE}`, both: `--redact and --no-redact exclude each other – usage: ${USAGE}`, same: 'The output file must not be the capture itself.' },
};

export function exportComment(file: string, selection: { devices: string[]; dialogs: string[] }, redact: boolean, now = new Date()): string {
  const what = selection.devices.length + selection.dialogs.length === 0 ? 'all' : [...selection.devices.map((d) => `device ${d}`), ...selection.dialogs.map((d) => `dialog ${d}`)].join(', ');
  return `STARFACE Triage export of ${file} on ${now.toISOString()}; selection: ${what}; ${redact ? 'redacted (pseudonyms keyed per run)' : 'not redacted (authorization values removed)'}`;
}

export async function runExportCommand(argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { out: { type: 'string' }, redact: { type: 'boolean' }, 'no-redact': { type: 'boolean' }, device: { type: 'string', multiple: true }, dialog: { type: 'string', multiple: true }, 'keep-rtp': { type: 'boolean' } },
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1 || values.out === undefined || values.out === '') throw new CliError('usage', T[lang].usage);
  if (values.redact === true && values['no-redact'] === true) throw new CliError('usage', T[lang].both);
  if (resolve(file) === resolve(values.out)) throw new CliError('usage', T[lang].same);
  const redact = values['no-redact'] !== true;
  const selection = { devices: values.device ?? [], dialogs: values.dialog ?? [] };
  const name = basename(file);
  try {
    const result = await exportCapture(file, values.out, { selection, redact, keepRtpPayload: values['keep-rtp'] === true, key: newPseudonymKey(), comment: exportComment(name, selection, redact) });
    out.stdout(`${exportSummaryText(values.out, result.packets, result.sipMessages, result.redactions, redact)[lang]}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ExportError) throw new CliError('failed', exportFailureText(error.code, name, error.detail)[lang]);
    if (error instanceof TraceFormatError) throw new CliError('failed', traceFailureText(error.code === 'not-sip' ? 'malformed' : error.code, name, error.fileKind, error.offset)[lang]);
    throw error;
  }
}
