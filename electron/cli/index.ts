/**
 * The command line front end (`bin/starface-triage.js` calls `main`). Arguments are parsed strictly;
 * every error is one line on stderr in the user's language and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cliLanguage, errorDetail, oneLine, texts } from './messages.js';
import { CAPTURE_COMMANDS, EXPORT_COMMANDS, LADDER_COMMANDS, NAT_COMMANDS, NET_COMMANDS, PBX_LOG_COMMANDS, TRACE_COMMANDS } from './command-names.js';
import { CliError } from './cli-error.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  pdf: { type: 'string' },
  eml: { type: 'string' },
  to: { type: 'string' },
  lang: { type: 'string' },
  'confirm-not-hotline': { type: 'boolean' },
  hotline: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function readAppVersion(): string {
  // out/electron/cli/index.js → package.json at the root.
  try {
    const raw: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    if (typeof raw === 'object' && raw !== null && 'version' in raw && typeof raw.version === 'string') return raw.version;
  } catch {
    // fall through: a missing version must not stop a report
  }
  return '0.0.0';
}

/** parseArgs throws TypeErrors with Node's English text; turn the known ones into our sentence. */
function argumentError(error: unknown, t: ReturnType<typeof texts>): CliError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const quoted = error instanceof Error ? (/'([^']+)'/.exec(error.message)?.[1] ?? '') : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new CliError('usage', t.unknownOption(quoted));
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new CliError('usage', t.missingValue(quoted.split(' ')[0] ?? quoted));
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new CliError('usage', t.unexpectedArgument(quoted));
  return new CliError('usage', t.unexpected(errorDetail(error)));
}

interface IoType {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const processIo: IoType = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

async function run(argv: string[], io: IoType, t: ReturnType<typeof texts>): Promise<number> {
  // The measuring commands have their own options; they are parsed in net-commands.ts.
  const first = argv[0];
  if (first !== undefined && ([...NET_COMMANDS, ...NAT_COMMANDS, ...PBX_LOG_COMMANDS, ...TRACE_COMMANDS, ...EXPORT_COMMANDS, ...LADDER_COMMANDS, ...CAPTURE_COMMANDS] as readonly string[]).includes(first)) {
    try {
      const lang = cliLanguage(io.env);
      if ((TRACE_COMMANDS as readonly string[]).includes(first)) return await (await import('./trace-commands.js')).runTraceCommand(first as (typeof TRACE_COMMANDS)[number], argv.slice(1), lang, io);
      if ((EXPORT_COMMANDS as readonly string[]).includes(first)) return await (await import('./export-command.js')).runExportCommand(argv.slice(1), lang, io);
      if ((LADDER_COMMANDS as readonly string[]).includes(first)) return await (await import('./dialogs-command.js')).runDialogsCommand(argv.slice(1), lang, io);
      if ((CAPTURE_COMMANDS as readonly string[]).includes(first)) return await (await import('./capture-command.js')).runCaptureCommand(argv.slice(1), lang, io);
      if ((PBX_LOG_COMMANDS as readonly string[]).includes(first)) return await (await import('./pbx-log-command.js')).runPbxLogCommand(argv.slice(1), lang, io);
      if ((NAT_COMMANDS as readonly string[]).includes(first)) return await (await import('./nat-commands.js')).runNatCommand(first as (typeof NAT_COMMANDS)[number], argv.slice(1), lang, io);
      return await (await import('./net-commands.js')).runNetCommand(first as (typeof NET_COMMANDS)[number], argv.slice(1), lang, io);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw argumentError(error, t);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw argumentError(error, t);
  }
  const { values, positionals } = parsed;
  const version = readAppVersion();
  if (values.help) {
    const { netUsage } = await import('./net-commands.js');
    io.stdout(`${t.usage(version)}\n\n${netUsage(cliLanguage(io.env))}\n`);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(values.json ? `${JSON.stringify({ name: 'starface-triage', version })}\n` : `${version}\n`);
    return EXIT_OK;
  }
  const [command, caseFile, ...extra] = positionals;
  if (command === undefined) throw new CliError('usage', t.missingCommand);
  if (command !== 'report') throw new CliError('usage', t.unknownCommand(command));
  if (caseFile === undefined) throw new CliError('usage', t.missingCaseFile);
  if (extra[0] !== undefined) throw new CliError('usage', t.unexpectedArgument(extra[0]));
  if (values.pdf === undefined) throw new CliError('usage', values.eml === undefined ? t.missingPdf : t.emlNeedsPdf);
  const language = values.lang ?? 'de';
  if (language !== 'de' && language !== 'en') throw new CliError('usage', t.badLang(language));

  const { runReport } = await import('./report-command.js');
  const result = await runReport({
    caseFile,
    pdf: values.pdf,
    eml: values.eml ?? null,
    to: values.to ?? null,
    language,
    confirmNotHotline: values['confirm-not-hotline'] ?? false,
    hotline: values.hotline ?? false,
    appVersion: version,
    t,
  });
  if (values.json) {
    io.stdout(`${JSON.stringify({ ok: true, ...result })}\n`);
  } else {
    for (const file of result.files) io.stdout(`${file.kind === 'pdf' ? t.wrotePdf(file.path) : t.wroteEml(file.path)}\n`);
  }
  return EXIT_OK;
}

/** Runs one command; resolves to the exit code and never rejects. */
export async function main(argv: string[], io: IoType = processIo): Promise<number> {
  const t = texts(cliLanguage(io.env));
  // --json is honoured for errors too, even when the arguments around it did not parse.
  const json = argv.includes('--json');
  try {
    return await run(argv, io, t);
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError('internal', t.unexpected(errorDetail(error)));
    const message = oneLine(failure.message, 400);
    io.stderr(`${message}\n`);
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: failure.code, message } })}\n`);
    return EXIT_ERROR;
  }
}

/**
 * Last line of defence for the bin script: anything that escapes `main` (a rejected promise in a
 * library, an exception in a callback) still ends as one line and exit code 2.
 */
export function installCrashHandlers(env: NodeJS.ProcessEnv = process.env): void {
  const t = texts(cliLanguage(env));
  const crash = (error: unknown): void => {
    process.stderr.write(`${oneLine(t.unexpected(errorDetail(error)), 400)}\n`);
    process.exit(EXIT_ERROR);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
