/**
 * `starface-triage nat-type` and `nat-timeout`: NAT behaviour (RFC 5780) and the NAT's UDP
 * timeout against the guide's 61 minutes. --json output is validated against the stored schemas.
 */
import { parseArgs } from 'node:util';
import { NatTimeoutResultSchema, NatTypeResultSchema } from '../../shared/diagnostics/nat-results.js';
import { natTimeoutSentence, natTypeSentences } from '../../shared/diagnostics/nat-explain.js';
import { measureNatTimeout } from '../engine/nat/nat-timeout.js';
import { parseStunServer } from '../engine/nat/stun-server-address.js';
import { discoverNatType } from '../engine/nat/nat-type.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './report-command.js';

export const NAT_COMMANDS = ['nat-type', 'nat-timeout'] as const;

const T = {
  de: {
    missingStun: 'Bitte mit --stun HOST:PORT den STUN-Server angeben (RFC 5780, z. B. der Reflektor des Partners)',
    badStun: (v: string) => `--stun „${v}“: erwartet HOST:PORT, z. B. stun.example.com:3478`,
    badMax: (v: string) => `--max „${v}“: erlaubt sind 10 bis 86400 Sekunden`,
    badKind: (v: string) => `--kind „${v}“: erlaubt sind stream und oneshot`,
    failed: (why: string) => `NAT-Timeout nicht gemessen: ${why}`,
  },
  en: {
    missingStun: 'Please give the STUN server with --stun HOST:PORT (RFC 5780, e.g. the partner’s reflector)',
    badStun: (v: string) => `--stun "${v}": expected HOST:PORT, e.g. stun.example.com:3478`,
    badMax: (v: string) => `--max "${v}": 10 to 86400 seconds are allowed`,
    badKind: (v: string) => `--kind "${v}": stream and oneshot are allowed`,
    failed: (why: string) => `NAT timeout not measured: ${why}`,
  },
};

export async function runNatCommand(command: (typeof NAT_COMMANDS)[number], argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const t = T[lang];
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { stun: { type: 'string' }, max: { type: 'string' }, kind: { type: 'string' }, json: { type: 'boolean' }, 'dns-server': { type: 'string' } },
  });
  if (values.stun === undefined) throw new CliError('usage', t.missingStun);
  const stun = parseStunServer(values.stun);
  if (stun === null) throw new CliError('usage', t.badStun(values.stun));
  const dnsServers = values['dns-server'] === undefined ? undefined : [values['dns-server']];
  if (command === 'nat-type') {
    const result = await discoverNatType({ ...stun, timeoutMs: 2500, dnsServers });
    out.stdout(values.json ? `${JSON.stringify(NatTypeResultSchema.parse(result))}\n` : `${natTypeSentences(result).map((s) => s[lang]).join('\n')}\n`);
    return 0;
  }
  const max = values.max === undefined ? 3700 : Number(values.max);
  if (!Number.isInteger(max) || max < 10 || max > 86_400) throw new CliError('usage', t.badMax(values.max ?? ''));
  const kind = values.kind ?? 'stream';
  if (kind !== 'stream' && kind !== 'oneshot') throw new CliError('usage', t.badKind(kind));
  const result = await measureNatTimeout({ ...stun, kind, maxSeconds: max, dnsServers });
  if (result.status === 'failed') throw new CliError('failed', t.failed(result.reason ?? '?'));
  out.stdout(values.json ? `${JSON.stringify(NatTimeoutResultSchema.parse(result))}\n` : `${natTimeoutSentence(result)[lang]}\n`);
  return 0;
}
