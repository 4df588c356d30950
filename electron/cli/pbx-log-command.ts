/**
 * `starface-triage pbx-log FILE [--json]`: reads the PBX log (Asterisk's log of the STARFACE
 * cloud) and says which devices went UNREACHABLE or LAGGED. --json output is validated against
 * CliPbxLogResultSchema before it is printed.
 */
import { parseArgs } from 'node:util';
import { CliPbxLogResultSchema, type PbxDeviceStateType, type PbxDeviceType, type PbxLogResultType } from '../../shared/trace/pbx-log-result.js';
import { analyzePbxLogFile, PbxLogError } from '../engine/pbxlog/pbx-log.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';

export { PBX_LOG_COMMANDS } from './command-names.js';
import type { PBX_LOG_COMMANDS } from './command-names.js';

const T = {
  de: {
    missingFile: 'Bitte die Log-Datei angeben: starface-triage pbx-log PBX.log [--json]',
    extra: (a: string) => `Unerwartetes Argument „${a}“ – Aufruf: starface-triage pbx-log PBX.log [--json]`,
    'not-found': (p: string) => `PBX-Log nicht gefunden: ${p}`,
    'is-directory': (p: string) => `${p} ist ein Ordner – bitte die Log-Datei selbst angeben`,
    unreadable: (p: string, d: string) => `PBX-Log kann nicht gelesen werden: ${p} (${d})`,
    aborted: (p: string) => `Lesen des PBX-Logs abgebrochen: ${p}`,
    internal: (p: string, d: string) => `PBX-Log konnte nicht ausgewertet werden: ${p} (${d})`,
    summary: (r: PbxLogResultType) =>
      `PBX-Log: ${r.lines} Asterisk-Zeilen, ${r.skipped} übersprungen, Zeichensatz ${r.encoding === 'utf-8' ? 'UTF-8' : 'Latin-1'}` +
      (r.firstTime === null ? '' : `, Zeitraum ${r.firstTime} – ${r.lastTime ?? r.firstTime}`),
    devices: (n: number) => `Endgeräte (${n}):`,
    device: (d: PbxDeviceType, last: string) =>
      `  ${d.name}: ${d.unreachable}× UNREACHABLE, ${d.lagged}× LAGGED, ${d.reachable}× erreichbar` +
      (d.registrationFailures > 0 ? `, ${d.registrationFailures}× Anmeldung fehlgeschlagen` : '') +
      (d.maxRttMs === null ? '' : `, höchste Antwortzeit ${d.maxRttMs} ms`) + `; zuletzt ${last}`,
    states: { reachable: 'erreichbar', lagged: 'LAGGED', unreachable: 'UNREACHABLE', unknown: 'unbekannt' } as Record<PbxDeviceStateType, string>,
    findings: 'Befunde:',
    severity: { info: 'Hinweis', warning: 'Warnung', error: 'Fehler' },
  },
  en: {
    missingFile: 'Please name the log file: starface-triage pbx-log PBX.log [--json]',
    extra: (a: string) => `Unexpected argument "${a}" – usage: starface-triage pbx-log PBX.log [--json]`,
    'not-found': (p: string) => `PBX log not found: ${p}`,
    'is-directory': (p: string) => `${p} is a folder – please name the log file itself`,
    unreadable: (p: string, d: string) => `PBX log cannot be read: ${p} (${d})`,
    aborted: (p: string) => `Reading the PBX log was cancelled: ${p}`,
    internal: (p: string, d: string) => `PBX log could not be analysed: ${p} (${d})`,
    summary: (r: PbxLogResultType) =>
      `PBX log: ${r.lines} Asterisk lines, ${r.skipped} skipped, encoding ${r.encoding === 'utf-8' ? 'UTF-8' : 'Latin-1'}` +
      (r.firstTime === null ? '' : `, from ${r.firstTime} to ${r.lastTime ?? r.firstTime}`),
    devices: (n: number) => `Devices (${n}):`,
    device: (d: PbxDeviceType, last: string) =>
      `  ${d.name}: ${d.unreachable}× UNREACHABLE, ${d.lagged}× LAGGED, ${d.reachable}× reachable` +
      (d.registrationFailures > 0 ? `, ${d.registrationFailures}× registration failed` : '') +
      (d.maxRttMs === null ? '' : `, highest answer time ${d.maxRttMs} ms`) + `; last ${last}`,
    states: { reachable: 'reachable', lagged: 'LAGGED', unreachable: 'UNREACHABLE', unknown: 'unknown' } as Record<PbxDeviceStateType, string>,
    findings: 'Findings:',
    severity: { info: 'Note', warning: 'Warning', error: 'Error' },
  },
};

function failure(error: PbxLogError, path: string, t: (typeof T)['de']): CliError {
  const detail = error.detail.slice(0, 200);
  switch (error.code) {
    case 'not-found':
    case 'is-directory':
    case 'aborted':
      return new CliError(error.code, t[error.code](path));
    case 'unreadable':
    case 'internal':
      return new CliError(error.code, t[error.code](path, detail));
  }
}

/** Control characters from a hostile log must not reach the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function human(result: PbxLogResultType, lang: CliLanguageType): string {
  const t = T[lang];
  const out = [t.summary(result)];
  if (result.devices.length > 0) {
    out.push(t.devices(result.devices.length));
    for (const d of result.devices) out.push(t.device(d, t.states[d.lastState]));
  }
  out.push(t.findings);
  for (const f of result.findings) out.push(`  [${t.severity[f.severity]}] ${f.text[lang]}`);
  return `${out.map(printable).join('\n')}\n`;
}

export async function runPbxLogCommand(argv: string[], lang: CliLanguageType, io: { stdout: (text: string) => void }): Promise<number> {
  const t = T[lang];
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new CliError('usage', t.missingFile);
  if (extra[0] !== undefined) throw new CliError('usage', t.extra(extra[0]));
  let result: PbxLogResultType;
  try {
    result = await analyzePbxLogFile(file);
  } catch (error) {
    if (error instanceof PbxLogError) throw failure(error, file, t);
    throw error;
  }
  if (values.json) {
    const { devices, findings, ...rest } = result;
    const cli = CliPbxLogResultSchema.parse({
      ...rest,
      devices: devices.map(({ timeline: _timeline, ...device }) => device),
      findings: findings.map((f) => ({ ...f, text: f.text[lang] })),
    });
    io.stdout(`${JSON.stringify(cli)}\n`);
  } else {
    io.stdout(human(result, lang));
  }
  return 0;
}
