import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Pseudonyms } from './pseudonyms.js';
import { noRedactions, redactTextLine, type RedactionCountsType } from './sip-redact.js';

/**
 * The lines of a PBX log that matter for the report (issue 8 §3): those naming a selected device
 * (its `IP:PORT`, or its address alone as Asterisk logs contacts) and every UNREACHABLE/LAGGED
 * line, redacted like a trace. Streamed; at most MAX_LINES lines are kept.
 */

const MAX_LINES = 5000;
const STATE = /\b(UNREACHABLE|LAGGED|Unreachable|Lagged)\b/;

export interface LogExcerptType {
  text: string;
  lines: number;
  redactions: RedactionCountsType;
}

export async function logExcerpt(path: string, devices: string[], p: Pseudonyms, redact: boolean): Promise<LogExcerptType> {
  const needles = devices.flatMap((d) => [d, d.replace(/^\[?([^\]]+?)\]?:\d+$/, '$1')]).filter((n) => n !== '');
  const redactions = noRedactions();
  const kept: string[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    const line = raw.slice(0, 4000);
    if (!STATE.test(line) && !needles.some((n) => line.includes(n))) continue;
    kept.push(redact ? redactTextLine(line, p, redactions) : line);
    if (kept.length >= MAX_LINES) break;
  }
  return { text: kept.length === 0 ? '' : `${kept.join('\n')}\n`, lines: kept.length, redactions };
}
