/**
 * `starface-triage analyze FILE [--json]`: a capture (pcap, pcapng, FRITZ!Box .eth) read into
 * devices, qualify states, registrations, response codes and findings (issue 7). --json prints
 * CliTraceResultSchema, validated before printing, with texts in the user's language.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CliTraceResultSchema, type TraceResultType } from '../../shared/trace/trace-result.js';
import { traceFailureText, traceSummaryLines, type TraceFailureCodeType } from '../../shared/trace/trace-messages.js';
import { sniffFileKind } from '../engine/trace/capture-reader.js';
import { analyzeCaptureFile } from '../engine/trace/trace-analyze.js';
import { TraceFormatError } from '../engine/trace/trace-error.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './report-command.js';

export { TRACE_COMMANDS } from './command-names.js';
import type { TRACE_COMMANDS } from './command-names.js';

const T = {
  de: { missingFile: 'Bitte den Mitschnitt angeben: starface-triage analyze DATEI [--json]' },
  en: { missingFile: 'Please name the capture: starface-triage analyze FILE [--json]' },
};

/** A file problem as the code the shared texts know. */
async function fileProblem(path: string): Promise<TraceFailureCodeType | null> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return 'is-directory';
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'unreadable';
  }
}

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function cliTraceJson(result: TraceResultType, lang: CliLanguageType): string {
  return JSON.stringify(
    CliTraceResultSchema.parse({
      ...result,
      devices: result.devices.map(({ qualify: { timeline: _timeline, ...qualify }, ...d }) => ({ ...d, qualify })),
      findings: result.findings.map((f) => ({ ...f, text: f.text[lang] })),
      warnings: result.warnings.map((w) => w[lang]),
    }),
  );
}

export async function runTraceCommand(_command: (typeof TRACE_COMMANDS)[number], argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliError('usage', T[lang].missingFile);
  const name = basename(file);
  const problem = await fileProblem(file);
  if (problem !== null) throw new CliError('failed', traceFailureText(problem, name)[lang]);
  let result: TraceResultType;
  try {
    result = await analyzeCaptureFile(file);
  } catch (error) {
    if (error instanceof TraceFormatError) {
      const kind = error.code === 'not-a-capture' ? sniffFileKind(await head(file).catch(() => new Uint8Array())) : 'unknown';
      throw new CliError('failed', traceFailureText(error.code, name, kind, error.offset)[lang]);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new CliError('failed', traceFailureText('unreadable', name)[lang]);
    throw error;
  }
  out.stdout(values.json === true ? `${cliTraceJson(result, lang)}\n` : `${traceSummaryLines(result, lang).join('\n')}\n`);
  return 0;
}
