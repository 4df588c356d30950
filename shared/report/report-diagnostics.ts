import { messages } from '../i18n/messages.js';
import type { CaseType, LanguageType } from '../model/case.js';
import type { MeasurementType } from '../model/measurement.js';
import type { PortsResultType } from '../diagnostics/results.js';
import type { ReportModelType } from './report-model-type.js';
import { formatDateTime, formatMs } from './format-date.js';
import { algSentences, natTimeoutSentence, natTypeSentences } from '../diagnostics/nat-explain.js';
import { pbxLogReportParts, traceReportParts } from '../trace/trace-report.js';

/** SIP series longer than this are summarised in the report; the case JSON keeps every probe. */
const MAX_PROBE_ROWS = 30;

type ItemType = ReportModelType['diagnostics']['items'][number];

const ms = formatMs;

/** The hotline asks for it with every report: the laptop's addresses, gateway and DNS servers. */
export function networkLine(n: PortsResultType['network'], language: LanguageType): string {
  const d = messages(language).diagnose;
  const interfaces = n.interfaces
    .filter((i) => i.addresses.some((a) => !a.address.startsWith('127.') && a.address !== '::1'))
    .map((i) => `${i.name} ${i.addresses.map((a) => a.cidr ?? a.address).join(', ')}`);
  return `${d.network}: ${interfaces.join('; ') || '–'}; ${d.gateway} ${n.gateway ?? '–'}; ${d.dnsServers} ${n.dnsServers.join(', ') || '–'}`;
}

function itemFor(m: MeasurementType, language: LanguageType): ItemType {
  const t = messages(language);
  const d = t.diagnose;
  const from = [m.local.address, m.local.interface ? `(${m.local.interface})` : ''].filter(Boolean).join(' ');
  const status = d.finished[m.status];
  const meta = [d.storedAt.replace('{at}', formatDateTime(m.finishedAt, language)), from && `${d.from}: ${from}`, status].filter(Boolean).join(' · ');
  const findings = m.findings.map((f) => f.text[language] + (f.next ? ` ${f.next[language]}` : ''));
  if (m.type === 'ports') {
    const r = m.result;
    return {
      title: `${d.ports.title}: ${m.target}`,
      meta,
      lines: [`${r.host}: ${r.addresses.join(', ') || '–'}`, ...findings, networkLine(r.network, language)],
      table: {
        head: [d.ports.col.port, d.ports.col.address, d.ports.col.status, d.ports.col.time],
        rows: r.tcp.map((e) => [`${e.port}/TCP`, e.address, d.ports.status[e.status], ms(e.ms)]),
      },
    };
  }
  if (m.type === 'alg') {
    return { title: `${d.nat.algTitle}: ${m.target}`, meta, lines: algSentences(m.result).map((x) => x[language]), table: null };
  }
  if (m.type === 'nat-type') {
    return { title: `${d.nat.typeTitle}: ${m.target}`, meta, lines: natTypeSentences(m.result).map((x) => x[language]), table: null };
  }
  if (m.type === 'nat-timeout') {
    const r = m.result;
    const shown = r.probes.filter((p) => p.outcome !== 'alive' || p.idleSeconds === r.lowerSeconds).slice(0, MAX_PROBE_ROWS);
    return {
      title: `${d.nat.timeoutTitle}: ${m.target}`,
      meta,
      lines: [natTimeoutSentence(r)[language], `${d.nat.elapsed}: ${r.elapsedSeconds} s · ${d.nat.probeCount}: ${r.probes.length}`],
      table: shown.length === 0 ? null : { head: [d.nat.idle, d.nat.outcome], rows: shown.map((p) => [`${p.idleSeconds} s`, d.nat.outcomes[p.outcome]]) },
    };
  }
  if (m.type === 'trace') return { title: `${language === 'de' ? 'Mitschnitt' : 'Capture'}: ${m.target}`, meta, ...traceReportParts(m.result, m.spec.fileName, language) };
  if (m.type === 'pbx-log') return { title: `${language === 'de' ? 'PBX-Log' : 'PBX log'}: ${m.target}`, meta, ...pbxLogReportParts(m.result, m.spec.fileName, language) };
  const s = m.result.summary;
  const summary = d.sip.summary
    .replace('{ok}', String(s.ok))
    .replace('{lagged}', String(s.lagged))
    .replace('{unreachable}', String(s.unreachable))
    .replace('{sent}', String(s.sent))
    .replace('{loss}', String(Math.round(s.lossPercent * 10) / 10))
    .replace('{min}', ms(s.rttMs.min).replace(' ms', ''))
    .replace('{median}', ms(s.rttMs.median).replace(' ms', ''))
    .replace('{max}', ms(s.rttMs.max).replace(' ms', ''));
  const probes = m.result.probes;
  return {
    title: `${d.sip.title}: ${m.target}`,
    meta,
    lines: [summary, ...findings],
    table:
      probes.length <= MAX_PROBE_ROWS
        ? {
            head: [d.sip.col.seq, d.sip.col.class, d.sip.col.rtt, d.sip.col.code],
            rows: probes.map((p) => [String(p.seq), d.sip.class[p.class], ms(p.rttMs), p.code === null ? '–' : String(p.code)]),
          }
        : null,
  };
}

/** The report's diagnostics section: every measurement of the case, oldest first. */
export function buildDiagnostics(c: CaseType, language: LanguageType): ReportModelType['diagnostics'] {
  return { heading: messages(language).diagnose.reportHeading, items: c.measurements.map((m) => itemFor(m, language)) };
}
