/**
 * `starface-triage nat-type` and `nat-timeout`: NAT behaviour (RFC 5780) and the NAT's UDP
 * timeout against the guide's 61 minutes. --json output is validated against the stored schemas.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { AlgResultSchema } from '../../shared/diagnostics/alg-results.js';
import { NatTimeoutResultSchema, NatTypeResultSchema } from '../../shared/diagnostics/nat-results.js';
import { checkSipAlg } from '../engine/nat/sip-alg.js';
import { algSentences, natReason, natTimeoutSentence, natTypeSentences } from '../../shared/diagnostics/nat-explain.js';
import { measureNatTimeout } from '../engine/nat/nat-timeout.js';
import { parseStunServer } from '../engine/nat/stun-server-address.js';
import { discoverNatType } from '../engine/nat/nat-type.js';
import { startReflector } from '../engine/nat/reflector/reflector.js';
import { defaultDataDir } from '../engine/store/data-dir.js';
import { SettingsStore } from '../engine/store/settings-store.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';

export { NAT_COMMANDS } from './command-names.js';
import type { NAT_COMMANDS } from './command-names.js';

const T = {
  de: {
    missingStun: 'Bitte mit --stun HOST:PORT den STUN-Server angeben (RFC 5780, z. B. der Reflektor des Partners)',
    badStun: (v: string) => `--stun „${v}“: erwartet HOST:PORT, z. B. stun.example.com:3478`,
    badMax: (v: string) => `--max „${v}“: erlaubt sind 10 bis 86400 Sekunden`,
    badKind: (v: string) => `--kind „${v}“: erlaubt sind stream und oneshot`,
    failed: (why: string) => `NAT-Timeout nicht gemessen: ${why}`,
    missingReflector: 'Bitte mit --reflector HOST:PORT den Reflektor angeben (SIP-Echo, Port 5060)',
    algNoAnswer: (r: string) => `Das SIP-Echo ${r} antwortet weder über UDP noch über TCP – Adresse und Firewall prüfen`,
    missingListen: 'Bitte mit --listen ADRESSE angeben, wo der Reflektor lauscht (zweimal für RFC 5780)',
    badListen: (v: string) => `--listen „${v}“ ist keine IP-Adresse`,
    badPort: (o: string, v: string) => `${o} „${v}“: erlaubt ist ein Port von 1 bis 65535`,
  },
  en: {
    missingStun: 'Please give the STUN server with --stun HOST:PORT (RFC 5780, e.g. the partner’s reflector)',
    badStun: (v: string) => `--stun "${v}": expected HOST:PORT, e.g. stun.example.com:3478`,
    badMax: (v: string) => `--max "${v}": 10 to 86400 seconds are allowed`,
    badKind: (v: string) => `--kind "${v}": stream and oneshot are allowed`,
    failed: (why: string) => `NAT timeout not measured: ${why}`,
    missingReflector: 'Please give the reflector with --reflector HOST:PORT (SIP echo, port 5060)',
    algNoAnswer: (r: string) => `The SIP echo ${r} answers neither over UDP nor over TCP – check the address and firewall`,
    missingListen: 'Please say with --listen ADDRESS where the reflector listens (twice for RFC 5780)',
    badListen: (v: string) => `--listen "${v}" is not an IP address`,
    badPort: (o: string, v: string) => `${o} "${v}": a port from 1 to 65535 is allowed`,
  },
};

function portOption(t: (typeof T)['de'], option: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n > 65535 || (n === 0 && !allowZero)) throw new CliError('usage', t.badPort(option, value));
  return n;
}

/** Runs the reflector until SIGTERM or SIGINT; log lines are JSON on stdout. */
async function reflector(argv: string[], t: (typeof T)['de'], out: { stdout: (text: string) => void }): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { listen: { type: 'string', multiple: true }, port: { type: 'string' }, 'sip-port': { type: 'string' } } });
  const listen = values.listen ?? [];
  if (listen.length === 0) throw new CliError('usage', t.missingListen);
  for (const a of listen) if (isIP(a) === 0) throw new CliError('usage', t.badListen(a));
  const log = (event: Record<string, unknown>) => out.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  const running = await startReflector({ listen: listen.slice(0, 2), port: portOption(t, '--port', values.port, 3478), sipPort: portOption(t, '--sip-port', values['sip-port'], 5060, true), log });
  const stats = setInterval(() => log({ event: 'stats', ...running.stats() }), 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  clearInterval(stats);
  await running.close();
  return 0;
}

/** `alg --reflector HOST:PORT`: the same INVITE over UDP and TCP to the echo; any change is an ALG. */
async function alg(argv: string[], t: (typeof T)['de'], lang: CliLanguageType, out: { stdout: (text: string) => void }): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { reflector: { type: 'string' }, json: { type: 'boolean' }, 'dns-server': { type: 'string' } } });
  if (values.reflector === undefined) throw new CliError('usage', t.missingReflector);
  const target = parseStunServer(values.reflector);
  if (target === null) throw new CliError('usage', t.badStun(values.reflector));
  const port = /:\d+$/.test(values.reflector.trim()) ? target.port : 5060;
  const result = await checkSipAlg({ host: target.host, port, timeoutMs: 3000, dnsServers: values['dns-server'] === undefined ? undefined : [values['dns-server']] });
  if (!result.udp.answered && !result.tcp.answered) throw new CliError('failed', t.algNoAnswer(`${target.host}:${port}`));
  out.stdout(values.json ? `${JSON.stringify(AlgResultSchema.parse(result))}\n` : `${algSentences(result).map((s) => s[lang]).join('\n')}\n`);
  return 0;
}

export async function runNatCommand(command: (typeof NAT_COMMANDS)[number], argv: string[], lang: CliLanguageType, out: { stdout: (t: string) => void }): Promise<number> {
  const t = T[lang];
  if (command === 'reflector') return reflector(argv, t, out);
  if (command === 'alg') return alg(argv, t, lang, out);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { stun: { type: 'string' }, max: { type: 'string' }, kind: { type: 'string' }, json: { type: 'boolean' }, 'dns-server': { type: 'string' } },
  });
  // Without --stun: the partner's reflector from the app's settings, once it is set there.
  const stunText = values.stun ?? ((await new SettingsStore(defaultDataDir()).get().catch(() => null))?.stunServer || undefined);
  if (stunText === undefined) throw new CliError('usage', t.missingStun);
  const stun = parseStunServer(stunText);
  if (stun === null) throw new CliError('usage', t.badStun(stunText));
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
  if (result.status === 'failed') throw new CliError('failed', t.failed(natReason(result.reason)[lang]));
  out.stdout(values.json ? `${JSON.stringify(NatTimeoutResultSchema.parse(result))}\n` : `${natTimeoutSentence(result)[lang]}\n`);
  return 0;
}
