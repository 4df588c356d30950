import type { EvidenceType } from '../model/case.js';
import type { MeasurementType } from '../model/measurement.js';
import { natTimeoutSentence } from './nat-explain.js';

/**
 * What a measurement says about a checklist step: a proposed answer with the evidence to keep
 * beside it, or no proposal when the figures do not decide the question. The technician accepts
 * or overrides it; `evidence.proposed` keeps what the measurement said either way.
 */
export interface ProposalType {
  value: 'yes' | 'no' | null;
  evidence: EvidenceType;
}

/** TCP ports whose closing breaks telephony from a site (FACTS.md port table): SIP and the web UI/apps. */
const REQUIRED_TCP = [443, 5060] as const;
const RECOMMENDED_TCP = [5061, 5222, 50080, 50081] as const;

/** A proposal whose evidence names the measurement, its target and what it proposed. */
function proposal(m: MeasurementType, kind: EvidenceType['kind'], value: ProposalType['value'], text: { de: string; en: string }, figures: EvidenceType['figures']): ProposalType {
  return {
    value,
    evidence: { kind, measuredAt: m.finishedAt, summary: { de: `${m.target}: ${text.de}`, en: `${m.target}: ${text.en}` }, measurementId: m.id, proposed: value, figures },
  };
}

type PortsMeasurementType = Extract<MeasurementType, { type: 'ports' }>;

function openPorts(m: PortsMeasurementType): Set<number> {
  return new Set(m.result.tcp.filter((e) => e.status === 'open').map((e) => e.port));
}

function measuredPorts(m: PortsMeasurementType): Set<number> {
  return new Set(m.result.tcp.map((e) => e.port));
}

/** "Sind die Netzwerk- und Firewalleinstellungen richtig konfiguriert?" from a port sweep. */
function proposeNetworkFirewall(m: PortsMeasurementType): ProposalType {
  const open = openPorts(m);
  const measured = measuredPorts(m);
  const missing = REQUIRED_TCP.filter((p) => measured.has(p) && !open.has(p));
  const unmeasured = REQUIRED_TCP.filter((p) => !measured.has(p));
  const weak = RECOMMENDED_TCP.filter((p) => measured.has(p) && !open.has(p));
  const list = (ports: readonly number[]) => ports.map((p) => `${p}/TCP`).join(', ');
  let value: ProposalType['value'];
  let de: string;
  let en: string;
  if (m.result.addresses.length === 0) {
    value = null;
    de = `${m.result.host}: keine Adresse gefunden – DNS prüfen; die Ports wurden nicht gemessen.`;
    en = `${m.result.host}: no address found – check DNS; the ports were not measured.`;
  } else if (missing.length > 0) {
    value = 'no';
    de = `Von hier aus nicht offen: ${list(missing)} – Firewall des Standorts prüfen.`;
    en = `Not open from here: ${list(missing)} – check the site's firewall.`;
  } else if (unmeasured.length > 0) {
    value = null;
    de = `Nicht gemessen: ${list(unmeasured)}; für eine Antwort mit der Porttabelle messen.`;
    en = `Not measured: ${list(unmeasured)}; measure with the port table for an answer.`;
  } else {
    value = 'yes';
    de = `SIP (5060/TCP) und Weboberfläche (443/TCP) sind von hier aus offen.${weak.length > 0 ? ` Nicht offen: ${list(weak)} (Apps/Provisionierung).` : ''}`;
    en = `SIP (5060/TCP) and the web interface (443/TCP) are open from here.${weak.length > 0 ? ` Not open: ${list(weak)} (apps/provisioning).` : ''}`;
  }
  return proposal(m, 'ports', value, { de, en }, { host: m.result.host, addresses: m.result.addresses.join(', ').slice(0, 500), open: [...open].sort((a, b) => a - b).join(', ') });
}

/**
 * "Ist die URL erreichbar, nachdem der Cache … gelöscht wurde?" — the app asks the web UI without
 * any cache: an answer from the PBX itself (not a portal) is "reachable from here".
 */
function proposeWebUiReachable(m: PortsMeasurementType): ProposalType {
  const h = m.result.https;
  let value: ProposalType['value'] = null;
  let de = 'Die Weboberfläche wurde nicht gemessen (443/TCP nicht in der Liste).';
  let en = 'The web UI was not measured (443/TCP not in the list).';
  if (m.result.addresses.length === 0) {
    de = `${m.result.host}: keine Adresse gefunden – DNS prüfen.`;
    en = `${m.result.host}: no address found – check DNS.`;
    value = 'no';
  } else if (h !== null && h.captivePortal) {
    value = 'no';
    de = `Umleitung auf ${h.finalUrl} – eine Anmeldeseite des Netzes, nicht die Anlage.`;
    en = `Redirected to ${h.finalUrl} – a login page of the network, not the PBX.`;
  } else if (h !== null && h.status !== null && h.status < 500) {
    value = 'yes';
    de = `Die Weboberfläche antwortet von hier aus (HTTP ${h.status}).`;
    en = `The web UI answers from here (HTTP ${h.status}).`;
  } else if (h !== null) {
    value = 'no';
    de = `Die Weboberfläche antwortet von hier aus nicht (${h.status === null ? (h.error ?? 'keine Antwort') : `HTTP ${h.status}`}).`;
    en = `The web UI does not answer from here (${h.status === null ? (h.error ?? 'no answer') : `HTTP ${h.status}`}).`;
  }
  return proposal(m, 'ports', value, { de, en }, { host: m.result.host, httpsStatus: h?.status ?? null, finalUrl: h?.finalUrl ?? null });
}

type NatTimeoutMeasurementType = Extract<MeasurementType, { type: 'nat-timeout' }>;

/** "Ist das NAT-Timeout (UDP) der Firewall … auf mindestens 61 Minuten eingestellt?" */
function proposeNatTimeout(m: NatTimeoutMeasurementType): ProposalType {
  const sentence = natTimeoutSentence(m.result);
  const value = m.result.meets61Minutes === true ? 'yes' : m.result.meets61Minutes === false ? 'no' : null;
  return proposal(m, 'nat-timeout', value, sentence, { status: m.result.status, lowerSeconds: m.result.lowerSeconds, upperSeconds: m.result.upperSeconds, kind: m.result.kind });
}

/**
 * "Sind im PBX-Log … UNREACHABLE oder LAGGED vorhanden?" from an imported PBX log or capture: any
 * such entry is a yes; a log or capture that shows the devices answering and none failing is a no.
 */
function proposeUnreachableLagged(m: MeasurementType): ProposalType | null {
  if (m.type === 'pbx-log') {
    const r = m.result;
    const u = r.devices.reduce((a, d) => a + d.unreachable, 0);
    const l = r.devices.reduce((a, d) => a + d.lagged, 0);
    const names = r.devices.filter((d) => d.unreachable + d.lagged > 0).slice(0, 5).map((d) => d.name).join(', ');
    const asterisk = r.lines > 0 && !r.findings.some((f) => f.id === 'pbx-not-asterisk');
    const value = u + l > 0 ? 'yes' : asterisk ? 'no' : null;
    const text =
      value === 'yes'
        ? { de: `PBX-Log: ${u}× UNREACHABLE, ${l}× LAGGED (${names}).`, en: `PBX log: ${u}× UNREACHABLE, ${l}× LAGGED (${names}).` }
        : value === 'no'
          ? { de: `PBX-Log: ${r.lines} Zeilen, kein UNREACHABLE/LAGGED.`, en: `PBX log: ${r.lines} lines, no UNREACHABLE/LAGGED.` }
          : { de: 'Die Datei ist kein PBX-Log der Anlage – keine Antwort möglich.', en: 'The file is not the PBX’s log – no answer possible.' };
    return proposal(m, 'pbx-log', value, text, { unreachable: u, lagged: l, lines: r.lines });
  }
  if (m.type === 'trace') {
    const r = m.result;
    const u = r.devices.reduce((a, d) => a + d.qualify.unreachable, 0);
    const l = r.devices.reduce((a, d) => a + d.qualify.lagged, 0);
    const ok = r.devices.reduce((a, d) => a + d.qualify.ok, 0);
    const names = r.devices.filter((d) => d.qualify.unreachable + d.qualify.lagged > 0).slice(0, 5).map((d) => d.name ?? d.address).join(', ');
    const value = u + l > 0 ? 'yes' : ok > 0 ? 'no' : null;
    const text =
      value === 'yes'
        ? { de: `Mitschnitt: ${u}× UNREACHABLE, ${l}× LAGGED (${names}).`, en: `Capture: ${u}× UNREACHABLE, ${l}× LAGGED (${names}).` }
        : value === 'no'
          ? { de: `Mitschnitt: ${ok} Erreichbarkeitsprüfungen (OPTIONS), alle in höchstens 2000 ms beantwortet.`, en: `Capture: ${ok} reachability checks (OPTIONS), all answered within 2000 ms.` }
          : { de: 'Der Mitschnitt enthält keine Erreichbarkeitsprüfungen (OPTIONS) – keine Antwort möglich.', en: 'The capture holds no reachability checks (OPTIONS) – no answer possible.' };
    return proposal(m, 'trace', value, text, { unreachable: u, lagged: l, ok, sipMessages: r.sipMessages });
  }
  return null;
}

/** Steps that a measurement can answer: which job measures it, and how its result answers. */
const PROPOSERS: Record<string, { job: 'ports' | 'nat-timeout' | 'pbx-log'; propose: (m: MeasurementType) => ProposalType | null } | undefined> = {
  'network-firewall': { job: 'ports', propose: (m) => (m.type === 'ports' ? proposeNetworkFirewall(m) : null) },
  'after-cache-clear': { job: 'ports', propose: (m) => (m.type === 'ports' ? proposeWebUiReachable(m) : null) },
  'nat-timeout': { job: 'nat-timeout', propose: (m) => (m.type === 'nat-timeout' ? proposeNatTimeout(m) : null) },
  'unreachable-lagged': { job: 'pbx-log', propose: proposeUnreachableLagged },
};

export function proposeAnswer(stepId: string, m: MeasurementType): ProposalType | null {
  return PROPOSERS[stepId]?.propose(m) ?? null;
}

/** The measurement job that answers a step, or null when none can. */
export function measurementFor(stepId: string): 'ports' | 'nat-timeout' | 'pbx-log' | null {
  return PROPOSERS[stepId]?.job ?? null;
}
