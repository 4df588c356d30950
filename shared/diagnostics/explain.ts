import type { BilingualTextType } from '../model/bounded.js';
import type { FindingType } from '../model/finding.js';
import type { PortsResultType, SipPingResultType, TcpEntryType, TcpStatusType } from './results.js';
import { portInfo } from './starface-ports.js';

/**
 * What each figure means for the technician, and what to do: one sentence per result, German
 * first. Facts that are not in the guide (blacklist durations, port purposes) come from
 * FACTS.md's sources. Findings go with the measurement into the case and the report.
 */

const STEP = ['network-firewall'];

const STATUS: Record<TcpStatusType, BilingualTextType> = {
  open: { de: 'offen', en: 'open' },
  refused: { de: 'abgewiesen – der Dienst läuft dort nicht, oder eine Firewall lehnt ab (RST)', en: 'refused – the service is not running there, or a firewall rejects it (RST)' },
  'no-answer': { de: 'keine Antwort – vermutlich von einer Firewall verworfen', en: 'no answer – probably dropped by a firewall' },
  unreachable: { de: 'nicht erreichbar – ein Router meldet das Ziel als unerreichbar (ICMP)', en: 'unreachable – a router reports the destination as unreachable (ICMP)' },
};

function finding(code: string, severity: FindingType['severity'], text: BilingualTextType, next: BilingualTextType | null = null, stepIds: string[] = STEP): FindingType {
  return { code, severity, text, next, stepIds };
}

/** "Port 5060/TCP (SIP): keine Antwort – vermutlich von einer Firewall verworfen (3000 ms)" */
export function explainTcp(entry: Pick<TcpEntryType, 'port' | 'status' | 'ms'>): BilingualTextType {
  const purpose = portInfo(entry.port)?.purpose;
  const label = (lang: 'de' | 'en') => `Port ${entry.port}/TCP${purpose ? ` (${purpose[lang]})` : ''}`;
  return { de: `${label('de')}: ${STATUS[entry.status].de} (${Math.round(entry.ms)} ms)`, en: `${label('en')}: ${STATUS[entry.status].en} (${Math.round(entry.ms)} ms)` };
}

/** The best status of a port over all addresses: open on one address is open. */
function portStatus(result: PortsResultType, port: number): TcpStatusType | null {
  const entries = result.tcp.filter((e) => e.port === port);
  if (entries.length === 0) return null;
  for (const s of ['open', 'refused', 'unreachable', 'no-answer'] as const) if (entries.some((e) => e.status === s)) return s;
  return null;
}

function dnsFindings(r: PortsResultType): FindingType[] {
  if (r.dns.status === 'not-found') {
    return [finding('dns-not-found', 'error', { de: `Den Namen ${r.host} gibt es im DNS nicht.`, en: `The name ${r.host} does not exist in DNS.` }, { de: 'Schreibweise prüfen (Cloud: NAME.starface-cloud.com).', en: 'Check the spelling (cloud: NAME.starface-cloud.com).' })];
  }
  if (r.dns.status === 'resolver-unreachable') {
    return [finding('dns-unreachable', 'error', { de: `Kein DNS-Server hat geantwortet (${r.dns.resolver ?? '?'}).`, en: `No DNS server answered (${r.dns.resolver ?? '?'}).` }, { de: 'DNS-Einstellungen und die Internetverbindung des Standorts prüfen.', en: 'Check the site’s DNS settings and internet connection.' })];
  }
  if (r.dns.status === 'error') return [finding('dns-error', 'error', { de: `DNS-Fehler für ${r.host}: ${r.dns.detail ?? ''}`, en: `DNS error for ${r.host}: ${r.dns.detail ?? ''}` })];
  return [];
}

function tcpFindings(r: PortsResultType): FindingType[] {
  const out: FindingType[] = [];
  const ports = [...new Set(r.tcp.map((e) => e.port))].sort((a, b) => a - b);
  const statuses = ports.map((p) => portStatus(r, p));
  if (ports.length > 1 && statuses.every((s) => s === 'no-answer')) {
    out.push(
      finding(
        'all-ports-silent',
        'error',
        { de: 'Kein Port der Anlage antwortet von hier aus.', en: 'No port of the PBX answers from here.' },
        {
          de: 'Entweder verwirft eine Firewall alles, oder die öffentliche IP dieses Standorts steht auf der Blacklist der Anlage (gesperrt 24 h für SIP, Telefonmenü und Provisionierung, 10 min für Weboberfläche und XMPP). Von einem anderen Netz (Mobilfunk) gegenprüfen.',
          en: 'Either a firewall drops everything, or this site’s public IP is on the PBX blacklist (blocked 24 h for SIP, phone menu and provisioning, 10 min for web UI and XMPP). Cross-check from another network (mobile).',
        },
      ),
    );
    return out;
  }
  ports.forEach((port, i) => {
    const status = statuses[i];
    if (status === null || status === undefined || status === 'open') return;
    const role = portInfo(port)?.role ?? 'optional';
    const entry = r.tcp.find((e) => e.port === port && e.status === status);
    const severity = role === 'required' ? 'error' : role === 'recommended' ? 'warning' : 'info';
    out.push(finding(`port-${status}`, severity, explainTcp({ port, status, ms: entry?.ms ?? 0 }), { de: `Port ${port}/TCP in der Firewall des Standorts zur Anlage freigeben (Porttabelle der STARFACE).`, en: `Allow port ${port}/TCP to the PBX in the site’s firewall (STARFACE port table).` }));
  });
  const open = ports.filter((_, i) => statuses[i] === 'open');
  if (open.length > 0) out.push(finding('ports-open', 'info', { de: `Offen: ${open.map((p) => `${p}/TCP`).join(', ')}.`, en: `Open: ${open.map((p) => `${p}/TCP`).join(', ')}.` }));
  return out;
}

function tlsFindings(r: PortsResultType): FindingType[] {
  return r.tls.flatMap((t): FindingType[] => {
    const where = `${t.port}/TLS`;
    if (t.status === 'failed') {
      // A closed port already has its own finding; only a failed handshake on an open port is news.
      return portStatus(r, t.port) === 'open' ? [finding('tls-failed', 'warning', { de: `${where}: TLS-Verbindung gescheitert (${t.error ?? '?'}).`, en: `${where}: TLS connection failed (${t.error ?? '?'}).` })] : [];
    }
    const out: FindingType[] = [];
    if (t.daysLeft !== null && t.daysLeft < 0) out.push(finding('cert-expired', 'error', { de: `${where}: Zertifikat seit ${-t.daysLeft} Tagen abgelaufen.`, en: `${where}: certificate expired ${-t.daysLeft} days ago.` }, { de: 'Zertifikat der Anlage erneuern.', en: 'Renew the PBX certificate.' }));
    else if (t.daysLeft !== null && t.daysLeft < 14) out.push(finding('cert-expiring', 'warning', { de: `${where}: Zertifikat läuft in ${t.daysLeft} Tagen ab.`, en: `${where}: certificate expires in ${t.daysLeft} days.` }));
    if (t.hostnameMatch === false) out.push(finding('cert-wrong-name', 'warning', { de: `${where}: Zertifikat passt nicht zum Namen ${r.host} (ausgestellt für ${t.altNames.join(', ') || t.subject || '?'}).`, en: `${where}: certificate does not match the name ${r.host} (issued for ${t.altNames.join(', ') || t.subject || '?'}).` }, { de: 'Anlage über den Namen im Zertifikat aufrufen oder ein passendes Zertifikat einspielen.', en: 'Use the name in the certificate, or install a matching certificate.' }));
    if (t.selfSigned) out.push(finding('cert-self-signed', 'info', { de: `${where}: selbst signiertes Zertifikat.`, en: `${where}: self-signed certificate.` }));
    return out;
  });
}

function httpsFindings(r: PortsResultType): FindingType[] {
  const h = r.https;
  if (h === null) return [];
  if (h.captivePortal) return [finding('captive-portal', 'error', { de: `Die Weboberfläche leitet auf ${h.finalUrl} um – vermutlich eine Anmeldeseite des Netzes (Hotel, Gäste-WLAN).`, en: `The web UI redirects to ${h.finalUrl} – probably a login page of the network (hotel, guest Wi-Fi).` }, { de: 'Im Browser am Netz anmelden oder ein anderes Netz nutzen, dann neu messen.', en: 'Log in to the network in a browser or use another network, then measure again.' })];
  const out: FindingType[] = [];
  if (h.status !== null) out.push(finding('web-ui-answers', h.status >= 500 ? 'warning' : 'info', { de: `Weboberfläche antwortet mit HTTP ${h.status}${h.redirects.length > 0 ? ` nach ${h.redirects.length} Umleitung(en)` : ''}.`, en: `The web UI answers HTTP ${h.status}${h.redirects.length > 0 ? ` after ${h.redirects.length} redirect(s)` : ''}.` }, null, ['network-firewall', 'after-cache-clear']));
  if (h.skewSeconds !== null && Math.abs(h.skewSeconds) > 300) out.push(finding('clock-skew', 'warning', { de: `Die Uhr der Anlage weicht um ${Math.round(h.skewSeconds / 60)} min von diesem Laptop ab.`, en: `The PBX clock differs from this laptop by ${Math.round(h.skewSeconds / 60)} min.` }, { de: 'Zeitserver (NTP, 123/UDP) der Anlage oder des Laptops prüfen.', en: 'Check the time server (NTP, 123/UDP) of the PBX or the laptop.' }));
  return out;
}

function stunFindings(r: PortsResultType): FindingType[] {
  const s = r.stun;
  if (s === null) return [];
  if (s.status !== 'ok') return [finding('stun-no-answer', 'warning', { de: `STUN (${s.server}/UDP): keine Antwort.`, en: `STUN (${s.server}/UDP): no answer.` }, { de: 'Port 3478/UDP zur Anlage freigeben.', en: 'Allow port 3478/UDP to the PBX.' })];
  const out = [finding('stun-public-address', 'info', { de: `Öffentliche Adresse, wie die Anlage sie sieht: ${s.publicAddress ?? '?'}.`, en: `Public address as the PBX sees it: ${s.publicAddress ?? '?'}.` })];
  if (s.mappedAddress !== null && s.publicAddress !== null && s.mappedAddress !== s.publicAddress) {
    out.push(finding('alg-rewrites', 'warning', { de: `Etwas im Netz schreibt Adressen in Paketen um (MAPPED ${s.mappedAddress}, XOR-MAPPED ${s.publicAddress}) – ein ALG.`, en: `Something in the network rewrites addresses in packets (MAPPED ${s.mappedAddress}, XOR-MAPPED ${s.publicAddress}) – an ALG.` }, { de: 'SIP-ALG / Protokollhelfer im Router abschalten.', en: 'Turn off the SIP ALG / protocol helper in the router.' }));
  }
  return out;
}

export function portsFindings(r: PortsResultType): FindingType[] {
  const dns = dnsFindings(r);
  return dns.length > 0 ? dns : [...tcpFindings(r), ...tlsFindings(r), ...httpsFindings(r), ...stunFindings(r)];
}

export function sipPingFindings(r: SipPingResultType): FindingType[] {
  const s = r.summary;
  const where = `${r.target} (${r.transport.toUpperCase()})`;
  const out: FindingType[] = [];
  const median = s.rttMs.median === null ? '–' : `${Math.round(s.rttMs.median)} ms`;
  if (s.sent > 0 && s.unreachable === s.sent) {
    out.push(finding('sip-unreachable', 'error', { de: `${where}: keine Antwort auf SIP OPTIONS – UNREACHABLE.`, en: `${where}: no answer to SIP OPTIONS – UNREACHABLE.` }, { de: `Port ${r.port}/${r.transport.toUpperCase()} zur Anlage in der Firewall freigeben; SIP-ALG abschalten.`, en: `Allow port ${r.port}/${r.transport.toUpperCase()} to the PBX in the firewall; turn off the SIP ALG.` }));
  } else if (s.sent > 0) {
    if (s.ok === s.sent) out.push(finding('sip-ok', 'info', { de: `${where}: antwortet, ${s.ok} von ${s.sent} OK (Median ${median}).`, en: `${where}: answers, ${s.ok} of ${s.sent} OK (median ${median}).` }));
    if (s.lagged > 0) out.push(finding('sip-lagged', 'warning', { de: `${where}: ${s.lagged} von ${s.sent} Antworten später als 2000 ms – LAGGED.`, en: `${where}: ${s.lagged} of ${s.sent} answers later than 2000 ms – LAGGED.` }, { de: 'Auslastung der Leitung und Paketlaufzeiten prüfen.', en: 'Check the line’s load and packet delays.' }));
    if (s.unreachable > 0) out.push(finding('sip-loss', 'warning', { de: `${where}: ${s.unreachable} von ${s.sent} Anfragen ohne Antwort (${s.lossPercent} % Verlust).`, en: `${where}: ${s.unreachable} of ${s.sent} requests unanswered (${s.lossPercent} % loss).` }));
  }
  const codes = [...new Set(r.probes.flatMap((p) => (p.code !== null && p.code !== 200 ? [p.code] : [])))];
  if (codes.length > 0) out.push(finding('sip-answer-code', 'info', { de: `Die Anlage antwortet mit ${codes.join(', ')} – sie ist erreichbar; der Code sagt nur, dass sie die Anfrage so nicht annimmt.`, en: `The PBX answers ${codes.join(', ')} – it is reachable; the code only says it does not accept the request as sent.` }));
  if (s.fragmentationTrouble) out.push(finding('sip-fragmentation', 'error', { de: 'Große SIP-Pakete (über 1300 Byte, fragmentiert) kommen nicht an, kleine schon: ein Router oder eine Firewall verwirft IP-Fragmente.', en: 'Large SIP packets (above 1300 bytes, fragmented) do not arrive, small ones do: a router or firewall drops IP fragments.' }, { de: 'Fragmente erlauben oder SIP über TCP/TLS verwenden.', en: 'Allow fragments, or use SIP over TCP/TLS.' }));
  if (r.tls && !r.tls.authorized) out.push(finding('sip-tls-untrusted', 'info', { de: `Das TLS-Zertifikat der Anlage ist nicht vertrauenswürdig (${r.tls.error ?? '?'}); gemessen wurde trotzdem.`, en: `The PBX’s TLS certificate is not trusted (${r.tls.error ?? '?'}); measured anyway.` }));
  if (r.foreignResponses + r.garbage > 0) out.push(finding('sip-stray', 'info', { de: `${r.foreignResponses} fremde und ${r.garbage} unlesbare Nachrichten wurden ignoriert.`, en: `${r.foreignResponses} foreign and ${r.garbage} unreadable messages were ignored.` }));
  if (r.publicAddress) out.push(finding('sip-public-address', 'info', { de: `Die Anlage sieht diesen Laptop als ${r.publicAddress}.`, en: `The PBX sees this laptop as ${r.publicAddress}.` }));
  return out;
}
