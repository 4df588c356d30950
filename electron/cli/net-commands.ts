/**
 * `starface-triage ports` and `sip-ping`: the reachability measurements of the Diagnose view on the
 * command line. The --json output is validated against the same schemas the app stores, so what
 * other tools read is what the contract promises.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { portsFindings, sipPingFindings, explainTcp } from '../../shared/diagnostics/explain.js';
import { PortsCliOutputSchema, SipPingCliOutputSchema } from '../../shared/diagnostics/results.js';
import { HostSchema } from '../../shared/jobs/job-specs.js';
import type { FindingType } from '../../shared/model/finding.js';
import { runPortSweep } from '../engine/net/port-sweep.js';
import { runSipPing, SipTargetError, TIMER_F_MS } from '../engine/net/sip-ping.js';
import type { CliLanguageType } from './messages.js';
import { netTexts, type NetTextsType } from './net-messages.js';
import { CliError } from './cli-error.js';

export { NET_COMMANDS } from './command-names.js';
import type { NET_COMMANDS } from './command-names.js';

interface OutType {
  stdout: (text: string) => void;
}

function int(t: NetTextsType, option: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value.trim()) || n < min || n > max) throw new CliError('usage', t.badNumber(option, value, min, max));
  return n;
}

function dnsServers(t: NetTextsType, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\[([0-9A-Fa-f:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(value.trim());
  const ip = m?.[2] ?? m?.[3] ?? '';
  if (!m || isIP(ip) === 0 || (m[4] !== undefined && (Number(m[4]) < 1 || Number(m[4]) > 65535))) throw new CliError('usage', t.badDnsServer(value));
  return [value.trim()];
}

function findingLines(findings: FindingType[], lang: CliLanguageType): string[] {
  const mark = { error: '✗', warning: '!', info: '·' } as const;
  return findings.map((f) => `${mark[f.severity]} ${f.text[lang]}${f.next ? ` → ${f.next[lang]}` : ''}`);
}

async function ports(argv: string[], lang: CliLanguageType, out: OutType): Promise<number> {
  const t = netTexts(lang);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { host: { type: 'string' }, ports: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' }, 'dns-server': { type: 'string' }, 'stun-port': { type: 'string' }, 'https-port': { type: 'string' } },
  });
  if (values.host === undefined || values.host.trim() === '') throw new CliError('usage', t.missingHost);
  const host = HostSchema.safeParse(values.host);
  if (!host.success) throw new CliError('usage', t.badHost(values.host));
  let portList: number[] = [];
  if (values.ports !== undefined) {
    portList = values.ports.split(',').map((p) => p.trim()).filter((p) => p !== '').map(Number);
    if (portList.length === 0 || portList.length > 64 || portList.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) throw new CliError('usage', t.badPorts(values.ports));
  }
  const result = await runPortSweep({
    host: host.data,
    ports: portList,
    timeoutMs: int(t, '--timeout', values.timeout, 3000, 200, 30_000),
    dnsServers: dnsServers(t, values['dns-server']),
    stunPort: int(t, '--stun-port', values['stun-port'], 3478, 0, 65535),
    httpsPort: int(t, '--https-port', values['https-port'], 443, 1, 65535),
  });
  if (result.dns.status === 'not-found') throw new CliError('not-found', t.notFound(host.data));
  if (result.dns.status === 'resolver-unreachable') throw new CliError('resolver-unreachable', t.resolverUnreachable(host.data));
  const findings = portsFindings(result);
  if (values.json) {
    out.stdout(`${JSON.stringify(PortsCliOutputSchema.parse({ ...result, findings }))}\n`);
    return 0;
  }
  const lines = [
    `${result.host} → ${result.addresses.join(', ')}`,
    ...result.tcp.map((e) => `  ${e.address}  ${explainTcp(e)[lang]}`),
    ...findingLines(findings.filter((f) => !f.code.startsWith('port-') && f.code !== 'ports-open'), lang),
    t.measuredFrom([result.local.address, result.local.interface && `(${result.local.interface})`].filter(Boolean).join(' ') || '?', result.elapsedMs),
  ];
  out.stdout(`${lines.join('\n')}\n`);
  return 0;
}

async function sipPing(argv: string[], lang: CliLanguageType, out: OutType): Promise<number> {
  const t = netTexts(lang);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { target: { type: 'string' }, count: { type: 'string' }, interval: { type: 'string' }, timeout: { type: 'string' }, large: { type: 'boolean' }, json: { type: 'boolean' }, 'dns-server': { type: 'string' } },
  });
  if (values.target === undefined || values.target.trim() === '') throw new CliError('usage', t.missingTarget);
  let result;
  try {
    result = await runSipPing({
      target: values.target,
      count: int(t, '--count', values.count, 4, 1, 1000),
      intervalMs: int(t, '--interval', values.interval, 1000, 100, 60_000),
      probeTimeoutMs: int(t, '--timeout', values.timeout, 6000, 500, TIMER_F_MS),
      large: values.large ?? false,
      dnsServers: dnsServers(t, values['dns-server']),
    });
  } catch (error) {
    if (!(error instanceof SipTargetError)) throw error;
    if (error.code === 'bad-uri') throw new CliError('usage', t.badTarget(values.target, error.message));
    const host = values.target.replace(/^sips?:/, '').split(/[:;]/)[0] ?? values.target;
    throw new CliError(error.code, error.code === 'not-found' ? t.notFound(host) : t.resolverUnreachable(host));
  }
  const findings = sipPingFindings(result);
  if (values.json) {
    out.stdout(`${JSON.stringify(SipPingCliOutputSchema.parse({ ...result, findings }))}\n`);
    return 0;
  }
  const lines = [
    `${result.target} → ${result.address ?? '?'}:${result.port}/${result.transport.toUpperCase()}`,
    ...result.probes.map((p) => `  ${t.probe(p.seq + 1, p.class.toUpperCase().padEnd(11), p.rttMs === null ? '–' : `${p.rttMs} ms`, p.code === null ? (p.error ?? '') : `${p.code} ${p.reason ?? ''}`.trim())}`),
    ...findingLines(findings, lang),
  ];
  out.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export async function runNetCommand(command: (typeof NET_COMMANDS)[number], argv: string[], lang: CliLanguageType, out: OutType): Promise<number> {
  return command === 'ports' ? ports(argv, lang, out) : sipPing(argv, lang, out);
}

export function netUsage(lang: CliLanguageType): string {
  return netTexts(lang).usage;
}
