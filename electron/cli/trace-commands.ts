/**
 * `starface-triage analyze FILE [--json]`: a capture (pcap, pcapng, FRITZ!Box .eth) read into
 * devices, qualify states, registrations, response codes and findings (issue 7). --json prints
 * CliTraceResultSchema with texts in the user's language. The command loads no zod: its start-up
 * was a tenth of analysing a 100 MB capture. The shape is held by the type here and by the tests,
 * which parse the printed JSON with the schema on generated variety and on real captures.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliTraceResultType, TraceResultType } from '../../shared/trace/trace-result.js';
import { traceFailureText, traceSummaryLines, type TraceFailureCodeType } from '../../shared/trace/trace-messages.js';
import { analyzeCaptureFile } from '../engine/trace/trace-analyze.js';
import { TraceFormatError } from '../engine/trace/trace-error.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';

export { TRACE_COMMANDS } from './command-names.js';
import type { TRACE_COMMANDS } from './command-names.js';

const T = {
  de: { missingFile: 'Bitte den Mitschnitt angeben: starface-triage analyze DATEI [--json]' },
  en: { missingFile: 'Please name the capture: starface-triage analyze FILE [--json]' },
};

/** A file that could not be opened or read, as the code the shared texts know. */
export function fileProblem(error: unknown): TraceFailureCodeType | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not-found';
  return code === 'EISDIR' ? 'is-directory' : 'unreadable';
}

export function cliTraceJson(result: TraceResultType, lang: CliLanguageType): string {
  const json: CliTraceResultType = {
    ...result,
    // Keys in the schema's order, as a zod parse printed them before.
    devices: result.devices.map((d) => ({ ...d, qualify: (({ timeline: _timeline, ...qualify }) => qualify)(d.qualify) })),
    findings: result.findings.map(({ id, severity, text, step }) => ({ id, severity, text: text[lang], ...(step !== undefined ? { step } : {}) })),
    warnings: result.warnings.map((w) => w[lang]),
  };
  return JSON.stringify(json);
}

export async function runTraceCommand(_command: (typeof TRACE_COMMANDS)[number], argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliError('usage', T[lang].missingFile);
  const name = basename(file);
  let result: TraceResultType;
  try {
    // Its JSON and summary have no timelines: none are made.
    result = await analyzeCaptureFile(file, { timelinePoints: 0 });
  } catch (error) {
    // The reader throws 'not-sip' only inside a capture, never for a whole file.
    if (error instanceof TraceFormatError) throw new CliError('failed', traceFailureText(error.code === 'not-sip' ? 'malformed' : error.code, name, error.fileKind, error.offset)[lang]);
    const problem = fileProblem(error);
    if (problem !== null) throw new CliError('failed', traceFailureText(problem, name)[lang]);
    throw error;
  }
  out.stdout(values.json === true ? `${cliTraceJson(result, lang)}\n` : `${traceSummaryLines(result, lang).join('\n')}\n`);
  return 0;
}
